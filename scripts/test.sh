#!/usr/bin/env bash
# The full suite, as `make test` runs it. Stops at the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
CI=${CI:-false}
PG_URL=${KINERJA_TEST_DATABASE_URL:-postgres://kinerja:kinerja@127.0.0.1:5432/kinerja}
export DJANGO_SETTINGS_MODULE=config.settings.test

step() { printf '\n== %s\n' "$*"; }

step "ruff"
$BIN/ruff check .
$BIN/ruff format --check .

step "import contracts"
$BIN/lint-imports

step "mypy"
$BIN/mypy .

step "migrations are up to date"
$BIN/kinerja makemigrations --check --dry-run

step "production settings pass check --deploy"
KINERJA_SECRET_KEY=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
KINERJA_ALLOWED_HOSTS=kinerja.example.go.id \
DATABASE_URL=postgres://kinerja@127.0.0.1:5432/kinerja \
DJANGO_SETTINGS_MODULE=config.settings.prod \
  $BIN/kinerja check --deploy --fail-level WARNING

# Browser tests need Debian's Chromium; without it they are deselected (never skipped),
# except in CI, where that is a failure.
browser_marker=""
if [ -x /usr/bin/chromium ]; then
  export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API runs an event loop
else
  if [ "$CI" = "true" ]; then echo "CI: /usr/bin/chromium is missing" >&2; exit 1; fi
  echo "Chromium not found: browser tests are not run (apt-get install chromium)."
  browser_marker="not browser"
fi

step "tests on SQLite"
$BIN/pytest -q ${browser_marker:+-m "$browser_marker"}

step "tests on PostgreSQL"
if $BIN/python -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' "$PG_URL" 2>/dev/null; then
  # The browser tests already ran once; the engine-specific code is exercised without them.
  DATABASE_URL=$PG_URL $BIN/pytest -q -m "not browser"
elif [ "$CI" = "true" ]; then
  echo "CI: PostgreSQL is not reachable at $PG_URL" >&2
  exit 1
else
  echo "PostgreSQL not reachable at $PG_URL: skipped this engine (set KINERJA_TEST_DATABASE_URL)."
fi
