# The two commands: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= 1
# `make test` runs a worker per core; one that runs out of tests takes some of another's (worksteal).
TEST_WORKERS ?= auto

.PHONY: run test lint check venv migrate reference demo worker beat clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(PY) manage.py migrate --noinput

reference: migrate
	$(PY) manage.py load_compact_reference
	$(PY) manage.py load_newsletter_archive

demo: reference
	$(PY) manage.py seed_demo --scale $(SCALE)

# Without beat, the figures are computed here when their schedule says they are due (once per start at most).
run: demo
	$(PY) manage.py aggregate_metrics --if-stale
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv
	$(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

worker: venv
	$(VENV)/bin/celery -A compact worker --loglevel=INFO

beat: venv
	$(VENV)/bin/celery -A compact beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
