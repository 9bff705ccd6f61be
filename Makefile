# MedMassage: `make run` serves the app with a demo clinic; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

export DJANGO_SETTINGS_MODULE := medmassage.config.settings

.PHONY: run test check lint format bench bench-fhir bench-outcomes bench-scale install frontend migrate demo clean bench-durability

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) $(NODE_STAMP)

frontend: $(NODE_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/medmassage demo

run: demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo
	@echo "MedMassage is starting on http://$(HOST):$(PORT)/"
	@echo "Log in with one of the demo logins printed above (saved in var/demo-credentials.json)."
	@echo "The demo client's portal: http://$(HOST):$(PORT)/portal/ with the Client portal login."
	@echo "Stop it with Ctrl-C (the background worker stops with it)."
	@# The worker (reminders, exports) runs beside gunicorn; Ctrl-C reaches both, and the trap
	@# stops the worker whatever ends gunicorn.
	$(BIN)/python manage.py run_jobs & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn medmassage.config.wsgi -c python:medmassage.config.gunicorn --bind $(HOST):$(PORT) --workers 2 --access-logfile -

# Tests run on every core (pytest-xdist); PYTEST_WORKERS=0 runs them in one process.
PYTEST_WORKERS ?= auto

test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

# Exactly what CI runs on each database (with the slowest tests listed, to see where its time
# goes).
check: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=15

bench: install
	$(BIN)/medmassage bench

# FHIR bulk export speed (one process, one core) against plain json.dumps of the same rows.
bench-fhir: migrate
	$(BIN)/python manage.py bench_fhir

# Page cost on a small and a large generated practice, and under load (see README, "Scale").
# SQLite by default; DATABASE_URL=postgres://… to run on PostgreSQL. BENCH_SCALE_ARGS for sizes.
bench-scale: install
	$(BIN)/python manage.py bench_scale $(BENCH_SCALE_ARGS)

clean:
	rm -rf $(VENV) node_modules var/static

# What SQLite's synchronous=FULL (durable commits) costs against NORMAL, in figures.
bench-durability: install
	$(BIN)/medmassage manage bench_durability

# The outcomes report on a practice of 1,000,000 visits against plain counts (rolled back, in the
# configured database, which it migrates first).
bench-outcomes: migrate
	$(BIN)/python manage.py bench_outcomes
