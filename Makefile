# SAI: `make run` (embedded default) and `make test` (real services + whole suite) are the two commands.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export PIP_CACHE_DIR := $(CURDIR)/.services/pip-cache
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The embedded default: SQLite, local files, database search, eager tasks; DEBUG for the local server only.
# The demo signs for real at B-B with the demo CA (`load_demo` creates it in firma-demo/); B-T and above need a TSA.
RUN_ENV := SAI_DEBUG=true DJANGO_SETTINGS_MODULE=sai.settings.base SAI_FIRMA_RAICES=firma-demo/raiz.pem SAI_FIRMA_NIVEL_DEFAULT=B-B SAI_BAJA_SERIE=13S.3

.PHONY: install run test test-fast lint services services-stop bench clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "SAI needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo "SAI en http://127.0.0.1:8000/ (Ctrl+C para detener)"
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

services:
	bash deploy/services/up.sh

services-stop:
	bash deploy/services/down.sh

test: install services
	set -a && . .services/test.env && set +a && $(PY) -m pytest $(PYTEST_ARGS)

# The quick tier: every test that needs no running service, on the embedded default (SQLite, local files, database
# search, eager tasks). It still needs the command-line tools (OCR, LibreOffice, veraPDF): installed, not started.
# `make test` stays the whole truth.
test-fast: install
	bash deploy/services/ocr.sh start && bash deploy/services/office.sh start && bash deploy/services/verapdf.sh start
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL -u SAI_SEARCH -u SAI_STORAGE \
		$(PY) -m pytest -m "not services and not browser" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install services
	set -a && . .services/test.env && set +a && $(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
