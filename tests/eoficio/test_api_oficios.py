"""The oficio API: every operation as JSON behind the same door and services, in the OpenAPI schema."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from eoficio.models import Competencia
from sai.org.roles import Rol
from tests.earchivo.factories import user_in

BASE = "/api/v1/oficios/"


def cliente(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(capturista):
    return cliente(capturista)


def test_draft_review_and_sign_request_over_the_api(api, expediente, titular, revisor, destinatario_uaj, unidad):
    """Create, autosave (PATCH), recipients, signers, reviewers, submit, visto bueno, signature request."""
    r = api.post(BASE, {"tipo": "oficio", "expediente": expediente.pk, "asunto": "Informe"}, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = api.patch(f"{BASE}{pk}/", {"cuerpo": "<p>Texto <i>del</i> oficio</p><iframe src=x>"}, format="json")
    assert r.status_code == 200 and r.json()["cuerpo"] == "<p>Texto <i>del</i> oficio</p>"
    r = api.put(
        f"{BASE}{pk}/destinatarios/",
        {"destinatarios": [{"usuario": destinatario_uaj.username}, {"unidad": "UAJ", "copia": True}]},
        format="json",
    )
    assert r.status_code == 200 and len(r.json()["destinatarios"]) == 2
    assert (
        api.put(f"{BASE}{pk}/firmantes/", {"firmantes": [{"usuario": titular.username}]}, format="json").status_code
        == 200
    )
    assert api.put(f"{BASE}{pk}/revisores/", {"revisores": [revisor.username]}, format="json").status_code == 200
    assert api.post(f"{BASE}{pk}/enviar-revision/").json()["estado"] == "en_revision"
    r = api.post(f"{BASE}{pk}/enviar-revision/")
    assert r.status_code == 409 and "En revisión" in r.json()["detail"]
    assert (
        cliente(revisor).post(f"{BASE}{pk}/visto-bueno/", {"comentario": "Bien"}, format="json").json()["estado"]
        == "aprobado"
    )
    r = api.post(f"{BASE}{pk}/solicitar-firma/", {"nivel": "B-B"}, format="json")
    assert r.status_code == 400 and "competencia" in r.json()["detail"]
    Competencia.objects.create(
        usuario=titular, unidad=unidad, tipo="oficio", cargo="Director", fundamento="art. 1", desde=dt.date(2020, 1, 1)
    )
    r = api.post(f"{BASE}{pk}/solicitar-firma/", {"nivel": "B-B"}, format="json")
    assert r.status_code == 200 and r.json()["numero"].startswith("DGA/0001/")
    assert cliente(titular).get(BASE, {"bandeja": "por_firmar"}).json()["count"] == 1
    assert api.get(f"{BASE}{pk}/pdf/")["Content-Type"] == "application/pdf"
    assert api.get(f"{BASE}{pk}/versiones/1/1/").status_code == 200


def test_outsider_gets_404_everywhere(borrador, ajeno):
    client = cliente(ajeno)
    pk = borrador.pk
    assert client.get(f"{BASE}{pk}/").status_code == 404
    assert client.patch(f"{BASE}{pk}/", {"asunto": "x"}, format="json").status_code == 404
    assert client.post(f"{BASE}{pk}/visto-bueno/").status_code == 404
    assert client.post(f"{BASE}{pk}/solicitar-firma/").status_code == 404
    assert client.get(BASE, {"bandeja": "borradores"}).json()["count"] == 0


def test_bad_input_names_the_field(api, expediente):
    r = api.post(BASE, {"tipo": "telegrama", "expediente": expediente.pk}, format="json")
    assert r.status_code == 400 and "tipo" in r.json()["errors"]


def test_configuration_is_administracion_only(api, unidad, titular):
    assert api.patch(f"{BASE}plantillas/DGA/", {"lema": "x"}).status_code == 403
    assert api.get(f"{BASE}competencias/").status_code == 403
    admin = cliente(user_in(unidad, Rol.ADMINISTRADOR))
    r = admin.patch(f"{BASE}plantillas/DGA/", {"lema": "2026, Año de la Transparencia", "patron_numero": "{siglas}"})
    assert r.status_code == 400 and "patron_numero" in r.json()["errors"]
    assert admin.patch(f"{BASE}plantillas/DGA/", {"lema": "2026, Año de la Transparencia"}).status_code == 200
    r = admin.post(
        f"{BASE}competencias/",
        {
            "usuario": titular.username,
            "unidad": "DGA",
            "tipo": "oficio",
            "cargo": "Director",
            "modalidad": "acuerdo",
            "delegante": "",
            "fundamento": "Acuerdo",
            "desde": "2026-01-01",
        },
        format="json",
    )
    assert r.status_code == 400  # an acuerdo delegatorio names who delegates


def test_delegation_over_the_api(titular, borrador, otra_unidad):
    asistente = user_in(otra_unidad, Rol.CAPTURISTA)
    r = cliente(titular).post(f"{BASE}delegaciones/", {"asistente": asistente.username}, format="json")
    assert r.status_code == 201
    assert cliente(asistente).get(f"{BASE}{borrador.pk}/").status_code == 200
    assert cliente(titular).post(f"{BASE}delegaciones/{r.json()['id']}/revocar/").json()["activa"] is False
    assert cliente(asistente).get(f"{BASE}{borrador.pk}/").status_code == 404


def test_in_the_openapi_schema(api):
    schema = api.get("/api/schema/").content
    for ruta in (b"/api/v1/oficios/", b"/api/v1/oficios/{id}/{accion}/", b"/api/v1/oficios/competencias/"):
        assert ruta in schema
