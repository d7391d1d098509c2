# Everyday commands. They call .venv/bin/python directly, so no virtualenv needs activating.
#   make demo   migrate, seed demo data, run the portal at http://127.0.0.1:8000
#   make test   the test suite (SQLite; set DATABASE_URL=postgres://... for PostgreSQL)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: venv demo test lint bench

venv: $(VENV)/.installed

# Reinstalled only when pyproject.toml is newer than the stamp.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: venv
	DEBUG=1 $(PY) manage.py migrate
	DEBUG=1 $(PY) manage.py seed_demo --orders 3000 --seed 1
	DEBUG=1 EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend $(PY) manage.py runserver 127.0.0.1:8000

# DEBUG is removed so the tests run with production settings; SECRET_KEY gets a throwaway
# value unless one is given. DATABASE_URL comes through from the environment as it is.
# Lint first: a finding fails the run before the suite starts.
test: venv lint
	env -u DEBUG SECRET_KEY="$${SECRET_KEY:-insecure-test-only-secret-key}" \
		$(PY) -m pytest -p no:cacheprovider $(PYTEST_ARGS)

# ruff, configured in pyproject.toml: pyflakes, import order, bugbear, pyupgrade.
lint: venv
	$(VENV)/bin/ruff check .

# Latency, throughput and queries per page at 1,000,000 orders, on PostgreSQL behind gunicorn
# (bench/run.py says how; BENCH_* variables change the database, the sizes and the durations).
# The first run creates and seeds the csrportal_bench database, which takes a few minutes.
bench: venv
	$(PY) bench/run.py
