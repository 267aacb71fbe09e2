"""The health check with details, as a monitor holding SAI_HEALTHZ_TOKEN sees it (anonymous: tests/security)."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

TOKEN = "monitor-token-de-prueba"


@pytest.fixture(autouse=True)
def client(settings):
    settings.SAI_HEALTHZ_TOKEN = TOKEN
    return Client(headers={"X-SAI-Healthz-Token": TOKEN})


@pytest.mark.services  # probes the real services
@pytest.mark.django_db
def test_all_services_up(client):
    """With every real service running, /healthz answers 200 and says which backend each is."""
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["down"] == []
    assert body["services"]["database"]["detail"] == "postgresql"
    assert body["services"]["storage"]["detail"].startswith("s3:")
    assert body["services"]["search"]["detail"].startswith("elasticsearch:")
    assert body["services"]["broker"]["detail"].startswith("redis://")


@pytest.mark.services  # probes the real services
@pytest.mark.django_db
def test_search_down_gives_503_naming_it(client):
    """An unreachable Elasticsearch (a closed port) turns /healthz into 503 with "search" named as down."""
    unreachable = {**settings.SAI_ELASTICSEARCH, "URL": "http://127.0.0.1:9"}
    with override_settings(SAI_ELASTICSEARCH=unreachable):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["search"]


@pytest.mark.django_db
def test_storage_down_gives_503_naming_it(client):
    """An unreachable S3 server makes /healthz name storage as down."""
    blobs = settings.STORAGES["blobs"]
    broken = {**blobs, "OPTIONS": {**blobs["OPTIONS"], "endpoint_url": "http://127.0.0.1:9"}}
    with override_settings(STORAGES={**settings.STORAGES, "blobs": broken}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["storage"]


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:9/0")
@pytest.mark.services  # probes the real services
def test_broker_down_gives_503_naming_it(client):
    """An unreachable Redis broker makes /healthz name the broker as down."""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
