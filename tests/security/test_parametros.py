"""Malformed query parameters are a 400 naming the field (page and API), never a 500; API errors are JSON."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from sai.org.roles import Rol
from tests.earchivo.factories import user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db

OVERFLOW = "9" * 30


@pytest.fixture
def rat():
    return user_in(UnidadFactory(siglas="PAR"), Rol.RESPONSABLE_AT)


@pytest.fixture
def web(rat):
    client = Client(raise_request_exception=False)
    client.force_login(rat)
    return client


@pytest.fixture
def api(rat):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(rat)
    return client


@pytest.mark.parametrize(
    ("url", "campo"),
    [
        ("/archivo/calendario/?anio=10000", "anio"),
        ("/archivo/calendario/?unidad=abc", "unidad"),
        (f"/archivo/calendario/?unidad={OVERFLOW}", "unidad"),
        ("/archivo/expedientes/metadatos/?tipo_documental=abc", "tipo_documental"),
        (f"/archivo/expedientes/metadatos/?tipo_documental={OVERFLOW}", "tipo_documental"),
    ],
)
def test_pages_answer_400_naming_the_parameter(web, url, campo):
    response = web.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert campo in body
    assert "número entero" in body


@pytest.mark.parametrize(
    ("query", "campo"),
    [("anio=10000", "anio"), ("unidad=abc", "unidad"), (f"unidad={OVERFLOW}", "unidad"), ("anio=-1", "anio")],
)
def test_api_answers_400_json_naming_the_parameter(api, query, campo):
    response = api.get(f"/api/v1/archivo/calendario/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "errors"}
    assert campo in response.json()["errors"]


def test_valid_parameters_still_work(web, api):
    assert web.get("/archivo/calendario/?anio=2030").status_code == 200
    assert api.get("/api/v1/archivo/calendario/?anio=2030&unidad=").status_code == 200


def test_unknown_api_url_is_json_404(api, settings):
    settings.DEBUG = False
    response = api.get("/api/v1/no-existe/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No encontrado.", "errors": {}}


def test_api_bug_answers_json_500(api, monkeypatch):
    """An unexpected exception inside an API view is still the one JSON error shape (and logged)."""
    from sai.core import api_views

    def broken(*args, **kwargs):
        raise RuntimeError("fallo inesperado")

    monkeypatch.setattr(api_views.MeView, "get", broken)
    response = api.get("/api/v1/me/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "errors"}
    assert "fallo inesperado" not in response.content.decode()
