"""Search test fixtures: each backend under test, with Elasticsearch indices private to the test.

Elasticsearch tests use the real node from `make test` under their own index prefix
(SAI_ELASTICSEARCH_INDEX_PREFIX, default `sai_search_test`, plus the process id) and drop their indices.
"""

import os
import uuid

import pytest
from django.conf import settings

from sai.search.backends import get_backend

BACKENDS = ["database", "elasticsearch"]


def _prefix() -> str:
    base = os.environ.get("SAI_ELASTICSEARCH_INDEX_PREFIX", "")
    base = base if base and base != "sai" else "sai_search_test"
    return f"{base}_{os.getpid()}_{uuid.uuid4().hex[:6]}".lower()


@pytest.fixture
def es_config(settings):
    """Point SAI at Elasticsearch under a prefix no other run uses; drop its indices afterwards."""
    config = {**settings.SAI_ELASTICSEARCH, "INDEX_PREFIX": _prefix()}
    settings.SAI_SEARCH = "elasticsearch"
    settings.SAI_ELASTICSEARCH = config
    backend = get_backend()
    backend.ping()
    yield config
    settings.SAI_ELASTICSEARCH = config
    settings.SAI_SEARCH = "elasticsearch"
    get_backend().drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    """The contract fixture: every test using it runs once per backend, against a fresh, empty index."""
    if request.param == "elasticsearch":
        request.getfixturevalue("es_config")
    else:
        settings.SAI_SEARCH = "database"
    backend = get_backend()
    backend.setup()
    return backend


@pytest.fixture
def dead_elasticsearch(settings, es_config):
    """Switch SAI to a port where nothing listens (the shared node keeps running); returns a restore function."""

    def restore() -> None:
        settings.SAI_ELASTICSEARCH = es_config

    settings.SAI_ELASTICSEARCH = {**es_config, "URL": "http://127.0.0.1:9", "TIMEOUT": 2}
    yield restore
    restore()


def current_backend_name() -> str:
    return settings.SAI_SEARCH


@pytest.fixture
def ocr_instalado():
    """OCR tests run, never skip: `make test` installs Tesseract (Spanish) and poppler (deploy/services/ocr.sh)."""
    from sai.search.extraction import ocr_available

    assert ocr_available(), "tesseract/pdftoppm missing: run `bash deploy/services/ocr.sh start` (make test does)"
