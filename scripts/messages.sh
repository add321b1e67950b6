#!/usr/bin/env bash
# Extract translatable strings into each app's locale/id catalogue and the root one
# (templates/ and config/), then compile. Needs GNU gettext (apt-get install gettext).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DJANGO_SETTINGS_MODULE=config.settings.dev
for app in kinerja/*/; do
  if [ -d "$app/locale" ]; then
    (cd "$app" && "$ROOT/.venv/bin/kinerja" makemessages -l id --no-obsolete --no-location \
      && "$ROOT/.venv/bin/kinerja" compilemessages -l id)
  fi
done
.venv/bin/kinerja makemessages -l id --no-obsolete --no-location \
  -i kinerja -i .venv -i var -i tests -i bench -i build
.venv/bin/kinerja compilemessages -l id -i .venv -i kinerja
echo "Now translate the new entries (msgstr \"\") and run this script again."
