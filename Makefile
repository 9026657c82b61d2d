# One entry point for everything a person runs. `make help` lists the targets.
SHELL := /bin/sh
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run install demo serve test test-sqlite test-postgres lint format bench \
        messages permissions-doc lock clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-16s %s\n", $$1, $$2}'

run: install demo serve  ## Install, migrate, load the demo school and serve it at http://127.0.0.1:8000

install: $(VENV)/.installed  ## Create .venv with the locked dependencies and compiled translations

$(VENV)/.installed: pyproject.toml requirements.lock leerweg/locale/nl/LC_MESSAGES/django.po
	scripts/bootstrap-venv
	cd leerweg && ../$(BIN)/django-admin compilemessages -v0
	touch $@

demo: install  ## Migrate and load the demo school (idempotent)
	$(BIN)/leerweg migrate --noinput -v0
	$(BIN)/leerweg demo

serve: install  ## Serve Leerweg at http://$(HOST):$(PORT)
	@echo "Leerweg runs at http://$(HOST):$(PORT): log in with one of the demo accounts above."
	$(BIN)/leerweg runserver $(HOST):$(PORT)

test: lint test-sqlite test-postgres  ## All linters, then every test on SQLite and on PostgreSQL

test-sqlite: install  ## The test suite on SQLite
	scripts/ensure-chromium
	scripts/ensure-poppler
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install  ## The test suite on a throw-away PostgreSQL database
	scripts/ensure-chromium
	scripts/ensure-poppler
	scripts/with-postgres $(BIN)/pytest $(PYTEST_ARGS)

lint: install  ## ruff, formatting, mypy, import layering, migrations, translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite://:memory: \
		$(BIN)/leerweg makemigrations --check --dry-run -v1
	$(BIN)/python scripts/check-translations

format: install  ## Fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install  ## Run the benchmarks in bench/ and print their figures
	@for script in bench/bench_*.py bench/flex/bench_flex.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

messages: install  ## Collect new user-facing text into the .po files
	cd leerweg && ../$(BIN)/django-admin makemessages -l nl --no-obsolete --no-location -v0
	cd leerweg && ../$(BIN)/django-admin compilemessages -v0

permissions-doc: install  ## Write the URL × persona table into docs/permissions.md
	$(BIN)/python scripts/write-permissions-doc

lock:  ## Re-resolve the locked dependencies after changing pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 \
		--output-file requirements.lock --quiet

clean:  ## Remove the virtual environment and local data (var/)
	rm -rf $(VENV) var
