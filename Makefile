# motcua: two set-up commands — `make demo` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages the platform needs (PDFs, fonts, OCR, browser tests, text extraction).
DEB_PACKAGES := fonts-dejavu-core fonts-dejavu-extra libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
	poppler-utils gettext chromium tesseract-ocr tesseract-ocr-vie ghostscript \
	softhsm2 opensc

# A Python >= 3.12: python3.13, python3.12, or python3 if new enough.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
		command -v $$p; break; fi; done)

.PHONY: help demo test test-pg lint serve worker install system-packages migrate demo-data clean eval-assistant

help:
	@echo "make demo   — install into .venv, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   — lint (ruff, import-linter) and run the whole test suite on SQLite"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "motcua needs Python >= 3.12 (Django 6.1). Install one, e.g.:"; \
		echo "  apt-get install python3.12 python3.12-venv   # or: pyenv install 3.12"; \
		exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed system-packages

# Installs missing Debian packages when run as root (CI is); otherwise says what to run.
system-packages:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian packages:$$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
		echo "WARNING: could not install:$$missing — tests needing them will be listed as skipped"; \
	else \
		echo "Missing Debian packages. Run as root:"; \
		echo "  apt-get install -y$$missing"; \
	fi

# The demo runs in development mode (DEBUG=1): no production secret is needed.
DEMO_ENV := DEBUG=1

migrate: install
	$(DEMO_ENV) $(MANAGE) migrate --noinput

demo-data: migrate
	$(DEMO_ENV) $(MANAGE) load_demo

demo: demo-data
	@$(DEMO_ENV) $(MANAGE) demo_logins
	@echo "Serving on http://$(HOST):$(PORT)/ (background worker alongside; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
		DEBUG=1 $(MANAGE) db_worker --queue-name '*' >var/worker.log 2>&1 & \
		DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT) --noreload

serve: install
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

test: install lint
	MOTCUA_TESTING=1 $(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

# The same suite against PostgreSQL (DATABASE_URL must point at a server; CI sets it).
test-pg: install
	MOTCUA_TESTING=1 DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/motcua} \
		$(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

# Assistant accuracy on any catalog and question file of the interchange shape.
eval-assistant: install
	$(PY) -m motcua.assistant.eval $(if $(CATALOG),--catalog $(CATALOG)) $(if $(QUESTIONS),--questions $(QUESTIONS))

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
