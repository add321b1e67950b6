# Kinerja — the two commands of the README, and a few helpers.
#   make run    install, migrate, load the Binawidya demo (first time), serve on :8000
#   make test   the full suite: lint, import contracts, types, migrations, tests on SQLite,
#               on PostgreSQL when reachable, browser tests when Chromium is present
#               (with CI=true a missing PostgreSQL or Chromium fails the run)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test install install-dev check-static messages vendor clean-db bench

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Kinerja needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	@mkdir -p var
	$(BIN)/kinerja migrate --noinput
	$(BIN)/kinerja demo --if-empty
	$(BIN)/kinerja runserver 127.0.0.1:8000

test: install-dev
	./scripts/test.sh

# Re-extract translatable strings of every app and the root templates (needs gettext).
messages: install-dev
	./scripts/messages.sh

# Re-fetch the vendored front-end files from the npm registry (needs npm).
vendor:
	./scripts/vendor-static.sh

bench: install-dev
	$(BIN)/python bench/import_employees.py --employees 100000
	$(BIN)/python bench/service_metrics.py --employees 10000 --tasks 2000000

clean-db:
	rm -f var/kinerja.sqlite3 var/kinerja.sqlite3-wal var/kinerja.sqlite3-shm
