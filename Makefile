# Self Help Hub: `make run` starts the product with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test test-sqlite test-postgres bench lint install lock lock-upgrade clean upgrade-check messages

# requirements.txt pins every runtime and test dependency, with hashes, for Python 3.11 on
# Linux x86_64; pyproject.toml keeps the ranges it was made from. A new lock reinstalls.
# The project itself is not a package, so only its dependencies are installed.
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	HOST=$(HOST) PORT=$(PORT) ./scripts/run.sh

dev: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	./scripts/test.sh

# Before an upgrade, on the server with its production settings: what `migrate` will do,
# then Django's deployment checks (warnings fail). See "Upgrading" in the README.
upgrade-check: install
	$(PY) manage.py migrate --plan
	$(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: install
	$(PY) -m pytest

test-postgres: install
	./scripts/postgres.sh run $(PY) -m pytest

bench: install
	$(PY) -m bench.run
	@if [ -f bench/openreferral.py ]; then $(PY) -m bench.openreferral; fi
	$(PY) -m bench.publishing
	$(PY) -m bench.leaflet_fit
	$(PY) -m bench.spreadsheet_import
	$(PY) -m bench.load

lint: install
	$(VENV)/bin/ruff check .

# Bring every language's catalogue (locale/<language>/LC_MESSAGES/django.po) up to date with
# the code's messages, and compile them (django.mo, committed, so a checkout works as it is).
# Messages no longer in the code are dropped; locations name the file only, so moving a line
# does not touch every catalogue. hub/tests/test_catalogues.py fails until this has been run.
# Needs GNU gettext (Debian's gettext).
MAKEMESSAGES_OPTIONS := --no-obsolete --add-location=file --ignore=.venv --ignore=.local --ignore=staticfiles --ignore=bench --ignore=test-results
messages: install
	$(PY) manage.py makemessages --all $(MAKEMESSAGES_OPTIONS)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.local

# Remake requirements.txt from pyproject.toml: `make lock` keeps the current pins that still
# fit the ranges (after adding or removing a dependency); `make lock-upgrade` takes the newest
# versions the ranges allow. uv runs from a virtual environment of its own under .local/.
LOCK_TOOL := .local/lock-tool
UV_COMPILE = $(LOCK_TOOL)/bin/uv pip compile pyproject.toml --extra test --generate-hashes \
	--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock" --quiet -o requirements.txt

$(LOCK_TOOL)/bin/uv:
	$(PYTHON) -m venv $(LOCK_TOOL)
	$(LOCK_TOOL)/bin/pip install --quiet "uv>=0.9,<1"

lock: $(LOCK_TOOL)/bin/uv
	$(UV_COMPILE)

lock-upgrade: $(LOCK_TOOL)/bin/uv
	$(UV_COMPILE) --upgrade

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
