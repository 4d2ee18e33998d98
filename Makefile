# Commissioning Hub: `make run` to start, `make test` to test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: pdf-deps run setup test test-unit e2e lint format frontend lock db-postgres system-deps demo clean bench load smoke

$(STAMP): requirements/dev.txt requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

setup: $(STAMP)
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_areas
	$(PY) manage.py load_indicator_catalogue
	$(PY) manage.py load_demo_data

run: pdf-deps setup
	$(PY) manage.py print_demo_logins
	@echo "Commissioning Hub: http://127.0.0.1:$(PORT)/"
	@# The background worker runs beside the server (checks of the open data files, reminders) and stops with it.
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian packages: WeasyPrint's libraries and fonts for PDFs (run and test), chromium for the browser tests.
PDF_PACKAGES = fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

define apt_install_missing
	@missing=""; \
	for package in $(1); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

pdf-deps:
	$(call apt_install_missing,$(PDF_PACKAGES))

system-deps:
	$(call apt_install_missing,$(PDF_PACKAGES) chromium)

test: $(STAMP) system-deps
	mkdir -p var
	$(PY) -m pytest -n 2 --dist loadfile

test-unit: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile commissioning

e2e: $(STAMP) system-deps
	$(PY) -m pytest e2e

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

frontend:
	bash frontend/build.sh

lock:
	cd requirements && uv pip compile base.in -o base.txt --python-version 3.11 && uv pip compile dev.in -o dev.txt --python-version 3.11

# A throwaway local PostgreSQL database for running the suite as CI does.
db-postgres:
	@echo 'export DATABASE_URL=postgres://postgres@127.0.0.1:5432/commissioning_hub'

demo: setup
	$(PY) manage.py print_demo_logins

clean:
	rm -rf $(VENV) var/*.sqlite3

# The production configuration started on loopback and checked end to end (deploy/smoke.sh).
smoke: $(STAMP)
	bash deploy/smoke.sh

# A bounded load test of the production configuration on PostgreSQL (DATABASE_URL), PostgreSQL restarted midway.
load: $(STAMP)
	$(PY) -m bench.load --restart-postgres

# The benchmark suite on SQLite, then on PostgreSQL when DATABASE_URL names one (BENCH_FACTOR, default 10 x a county).
bench: $(STAMP) pdf-deps
	mkdir -p var
	env -u DATABASE_URL $(PY) -m bench.run
	if [ -n "$${DATABASE_URL:-}" ]; then $(PY) -m bench.run; fi
