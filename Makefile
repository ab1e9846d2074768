# Self Help Hub: `make run` starts the product with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test test-sqlite test-postgres bench lint install install-test demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
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

test-sqlite: install
	$(PY) -m pytest

test-postgres: install
	./scripts/postgres.sh run $(PY) -m pytest

bench: install
	$(PY) -m bench.run
	@if [ -f bench/openreferral.py ]; then $(PY) -m bench.openreferral; fi
	$(PY) -m bench.publishing

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
