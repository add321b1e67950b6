#!/usr/bin/env bash
# Re-fetch the vendored front-end libraries from the npm registry (`npm pack`, no CDN)
# into static/vendor/. Versions are pinned here and in static/vendor/README.md.
# htmx stays on 2.x: htmx 4 does not inherit hx-headers, which breaks the CSRF header.
set -euo pipefail

HTMX_VERSION=2.0.11
CHARTJS_VERSION=4.6.1

repo_root=$(cd "$(dirname "$0")/.." && pwd)
vendor_dir="$repo_root/static/vendor"
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT

cd "$work_dir"
npm pack --silent "htmx.org@$HTMX_VERSION" "chart.js@$CHARTJS_VERSION" >/dev/null

mkdir htmx chartjs
tar -xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
tar -xzf "chart.js-$CHARTJS_VERSION.tgz" -C chartjs

htmx_dest="$vendor_dir/htmx-$HTMX_VERSION"
chartjs_dest="$vendor_dir/chartjs-$CHARTJS_VERSION"
mkdir -p "$htmx_dest" "$chartjs_dest"
cp htmx/package/dist/htmx.min.js "$htmx_dest/htmx.min.js"
cp htmx/package/LICENSE "$htmx_dest/LICENSE"
# The map must travel with the minified file: whitenoise's manifest storage follows the
# sourceMappingURL comment and fails collectstatic when the map is missing.
cp chartjs/package/dist/chart.umd.min.js chartjs/package/dist/chart.umd.min.js.map "$chartjs_dest/"
cp chartjs/package/LICENSE.md "$chartjs_dest/LICENSE.md"

echo "Vendored htmx $HTMX_VERSION into $htmx_dest"
echo "Vendored Chart.js $CHARTJS_VERSION into $chartjs_dest"
