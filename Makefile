# Two commands for a fresh clone: `make run` (app on SQLite, tasks in-process) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The test suite runs against real PostgreSQL and Redis; these are this machine's defaults.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/imp_screening
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# The bulk re-screening benchmark empties this Redis database and uses <database>_bench_rescreen.
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: venv run test test-engine lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Set up and serve on http://127.0.0.1:8000 with SQLite and in-process tasks: nothing to start.
run: venv
	env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=imp_screening.settings.local $(BIN)/python manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=imp_screening.settings.local $(BIN)/python manage.py load_reference_data
	env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=imp_screening.settings.local $(BIN)/python manage.py runserver 127.0.0.1:8000

# Install and run the whole suite (lint, import contract, tests) on PostgreSQL and Redis.
test: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy --strict streams/engine
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		DJANGO_SETTINGS_MODULE=imp_screening.settings.test $(BIN)/pytest
	# What the Docker image does, without Docker: static files and pages under production settings.
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python .ci/production_check.py

# The engine's tests and the per-criterion scenarios alone: no database, no broker, no ../shared;
# on every processor (pytest-xdist: 88 s on one of this 2-core machine's, 55 s on both).
test-engine: venv
	env -u DATABASE_URL -u REDIS_URL SHARED_DIR=/nonexistent $(BIN)/pytest -p no:django -q -n auto tests/streams/engine tests/scenarios

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy --strict streams/engine

# Prints engine throughput, API latency, page sizes and report generation figures, and bulk
# re-screening of 100,000 stored files on two Celery worker processes with PostgreSQL and Redis (not a test).
bench: venv
	DJANGO_SETTINGS_MODULE=imp_screening.settings.local $(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/versus.py
	env -u DATABASE_URL -u REDIS_URL DATABASE_URL=sqlite:///:memory: $(BIN)/python benchmarks/pages.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python benchmarks/rescreen.py
	env -u DATABASE_URL -u REDIS_URL DATABASE_URL=sqlite:///:memory: $(BIN)/python benchmarks/reports.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .hypothesis
