"""The search page, the REST API and the auditors' export: permissions, results, audit trail."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from sai.audit.chain import secret_digest
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.search.fixtures import Mundo, index_all, key


@pytest.fixture
def mundo(db, settings):
    settings.SAI_SEARCH = "database"
    world = Mundo()
    world.admin = Mundo._user(world.ua, Rol.ADMINISTRADOR)
    index_all()
    return world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_page_refuses_users_without_the_module(mundo):
    """A role without org.acceder_busqueda gets 403 on the page and the export; anonymous goes to login."""
    assert _client(mundo.admin).get("/busqueda/", {"q": "contrato"}).status_code == 403
    assert _client(mundo.admin).get("/busqueda/exportar/", {"q": "x"}).status_code == 403
    assert Client().get("/busqueda/").status_code == 302


def test_page_shows_marked_results_facets_and_links(mundo):
    """The page lists permitted hits with marked snippets, the page number, facet filters and the links."""
    response = _client(mundo.staff_a).get("/busqueda/", {"q": "presupuesto autorizado"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-key="{key(mundo.doc_publico)}"' in html
    assert "<mark>" in html and "en la página 2" in html
    assert f"/archivo/expedientes/{mundo.publico.pk}/#documento-{mundo.doc_publico.pk}" in html
    assert 'data-faceta="anio"' in html
    # Following a facet link narrows the results.
    response = _client(mundo.staff_a).get("/busqueda/", {"q": "presupuesto", "anio": "2023"})
    assert f'data-key="{key(mundo.doc_publico)}"' not in response.content.decode()


def test_page_does_not_leak_a_reservado_document_to_another_unidad(mundo):
    """Staff of another unidad see «0 resultados» and no facet for the reservado document's text."""
    html = _client(mundo.staff_b).get("/busqueda/", {"q": "dictamen"}).content.decode()
    assert "<strong>0</strong> resultados" in html
    assert "Dictamen" not in html and "data-faceta" not in html


def test_page_reports_a_malformed_query(mundo):
    """A bad filter value is explained on the page (400), not a server error."""
    response = _client(mundo.staff_a).get("/busqueda/", {"q": "año:dosmil"})
    assert response.status_code == 400
    assert "no es un año" in response.content.decode()


def test_api_search_returns_hits_facets_and_cursor(mundo):
    """GET /api/v1/search/ answers JSON with total, hits (snippet, page, url), facets and the next cursor."""
    response = _api(mundo.staff_a).get("/api/v1/search/", {"q": "presupuesto", "tamano": 1})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 2 and len(data["resultados"]) == 1 and data["siguiente"]
    follow = _api(mundo.staff_a).get("/api/v1/search/", {"q": "presupuesto", "tamano": 1, "cursor": data["siguiente"]})
    keys = {data["resultados"][0]["key"], follow.json()["resultados"][0]["key"]}
    assert keys == {key(mundo.doc_publico), key(mundo.doc_reservado)}
    hit = next(h for h in (data["resultados"] + follow.json()["resultados"]) if h["key"] == key(mundo.doc_publico))
    assert hit["pagina"] == 2 and "<mark>" in hit["fragmentos"][0] and hit["url"]
    assert {f["nombre"] for f in data["facetas"]} >= {"serie", "unidad", "anio", "tipo_documental", "etapa"}


def test_api_refuses_without_permission_and_reports_errors(mundo):
    """No module permission: 403; malformed query: 400 with errors.q; anonymous: 401/403."""
    assert _api(mundo.admin).get("/api/v1/search/", {"q": "x"}).status_code == 403
    assert APIClient().get("/api/v1/search/").status_code in (401, 403)
    response = _api(mundo.staff_a).get("/api/v1/search/", {"q": "fecha:mañana"})
    assert response.status_code == 400 and "q" in response.json()["errors"]


def test_auditor_searches_are_recorded_with_their_result_count(mundo):
    """Every auditor query goes to the audit trail (who, what, how many); staff searches only when they find
    classified material; terms that found classified material are stored as digests."""
    before = EntradaBitacora.objects.filter(accion="busqueda.consultar").count()
    _client(mundo.auditor).get("/busqueda/", {"q": "dictamen", "anio": "2023"})
    _api(mundo.auditor).get("/api/v1/search/", {"q": "arrendamiento"})
    _client(mundo.staff_a).get("/busqueda/", {"q": "arrendamiento"})
    _client(mundo.staff_a).get("/busqueda/", {"q": "presupuesto"})
    entries = list(EntradaBitacora.objects.filter(accion="busqueda.consultar").order_by("seq"))[before:]
    assert [e.actor_id for e in entries] == [mundo.auditor.pk, mundo.auditor.pk, mundo.staff_a.pk]
    assert entries[0].datos["q"] == secret_digest("dictamen") and entries[0].datos["filtros"] == {"anio": ["2023"]}
    assert entries[1].datos["q"] == "arrendamiento" and not entries[1].datos["clasificado"]
    assert entries[0].datos["resultados"] == 1 and entries[2].datos["resultados"] == 2


def test_export_is_for_auditors_and_is_audited(mundo):
    """Staff cannot export; an auditor gets every result as CSV or XLSX, and each export is recorded."""
    assert _client(mundo.staff_a).get("/busqueda/exportar/", {"q": "presupuesto"}).status_code == 403
    assert _api(mundo.staff_a).get("/api/v1/search/export/", {"q": "presupuesto"}).status_code == 403
    response = _client(mundo.auditor).get("/busqueda/exportar/", {"q": "presupuesto", "formato": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Tipo", "Clave", "Título"] and len(rows) == 3
    assert {r[2] for r in rows[1:]} == {"Contrato de arrendamiento", "Dictamen de auditoría"}
    response = _api(mundo.auditor).get("/api/v1/search/export/", {"q": "presupuesto", "formato": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3
    exports = EntradaBitacora.objects.filter(accion="busqueda.exportar", actor=mundo.auditor)
    assert [e.datos["filas"] for e in exports.order_by("seq")] == [2, 2]
    assert [e.datos["formato"] for e in exports.order_by("seq")] == ["csv", "xlsx"]


def test_openapi_documents_the_search_endpoints(mundo):
    """The schema lists /api/v1/search/ with its parameters and response shape."""
    schema = _api(mundo.staff_a).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "orden", "cursor", "serie", "unidad", "anio"}
    assert "/api/v1/search/export/" in schema["paths"]
