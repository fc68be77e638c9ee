# yipanqi — two commands for a fresh machine: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
# pytest-xdist workers for `make pytest` (PYTEST_WORKERS=0 runs in one process); --dist loadgroup
# keeps the demo's tests and each module's tests on one worker (see the root conftest.py).
PYTEST_WORKERS ?= 2

.PHONY: demo test env sysdeps lint pytest messages clean scan lock sbom

# The runtime set from requirements.lock, hash-checked (R-SC-1; remake it with `make lock`), then
# the project and its development tools.
$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

yipanqi/locale/en/LC_MESSAGES/django.mo yipanqi/locale/zh_Hans/LC_MESSAGES/django.mo: $(VENV)/.installed $(wildcard yipanqi/locale/*/LC_MESSAGES/django.po)
	$(BIN)/python -m yipanqi.core.i18n_compile

messages: $(VENV)/.installed
	$(BIN)/python -m yipanqi.core.i18n_compile

env: $(VENV)/.installed node_modules/.installed messages

# Debian packages the browser tests and the PDF reports need; installed when missing and running as root.
sysdeps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	for p in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "browser tests need:$$missing — run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

demo: env
	$(BIN)/yipanqi demo

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(BIN)/mypy $(wildcard yipanqi/*/actions.py yipanqi/*/actions/*.py yipanqi/*/selectors.py yipanqi/*/selectors/*.py yipanqi/*/permissions.py)
	$(BIN)/bandit --quiet --recursive yipanqi --severity-level medium --exclude '*/tests/*,*/migrations/*'
	$(BIN)/python scripts/secret_scan.py
	$(BIN)/python -m config.deploy_check

pytest: env sysdeps
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test: lint pytest

# A dynamic scan (R-SC-3) of a loopback demo by wapiti3, by hand before a release (never in CI):
# fails on a High or Critical finding; SCAN_SECONDS bounds it (default 600); report in var/scan/.
scan: env
	$(BIN)/python scripts/scan.py

# requirements.lock from pyproject.toml's runtime dependencies, and the CycloneDX SBOM of that set
# (var/sbom.cdx.json); both tools live in their own venv, outside the project's.
TOOLS := var/tools
$(TOOLS)/bin/pip-compile:
	$(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet pip-tools cyclonedx-bom

lock: $(TOOLS)/bin/pip-compile
	$(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-find-links --no-emit-index-url -o requirements.lock pyproject.toml

sbom: $(TOOLS)/bin/pip-compile
	$(TOOLS)/bin/cyclonedx-py requirements requirements.lock -o var/sbom.cdx.json

clean:
	rm -rf $(VENV) node_modules var

# Benchmarks (../shared/BENCHMARKS.md; bench/run.py): never run in CI. `make bench` runs every
# workload found in bench/, `make bench WORKLOAD=W9` one; 127.0.0.1 only, bounded in time and
# requests; each writes bench/results/<id>-<time>.json and prints a one-line summary.
WORKLOAD ?= all
.PHONY: bench standby
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run $(WORKLOAD)

# A hot standby of the local PostgreSQL on 127.0.0.1:5433 (decision 028): `make standby`, then
# DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<db>; `scripts/standby.sh stop|destroy`.
standby:
	scripts/standby.sh start
