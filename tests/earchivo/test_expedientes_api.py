"""Expediente and documento API: same rules as the pages, JSON errors by field, streamed audited downloads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from earchivo.models import Expediente
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo.factories import (
    DocumentoFactory,
    ExpedienteFactory,
    SerieFactory,
    TipoDocumentalFactory,
    pdf_bytes,
    user_in,
)
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"api:earchivo-api:{name}", args=args)


@pytest.fixture
def unidad():
    return UnidadFactory(siglas="API")


@pytest.fixture
def rat(unidad):
    return user_in(unidad, Rol.RESPONSABLE_AT)


@pytest.fixture
def api(rat):
    client = APIClient()
    client.force_authenticate(rat)
    return client


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_filters_and_bounded_queries(api, unidad, rat, django_assert_max_num_queries):
    """The list is paginated, filtered (año, text) and has no N+1."""
    serie = SerieFactory()
    for _ in range(20):
        ExpedienteFactory(unidad=unidad, serie=serie, anio=2023, responsable=rat)
    ExpedienteFactory(unidad=unidad, anio=2024, titulo="Único de 2024")
    ExpedienteFactory(anio=2024, titulo="De otra unidad")
    with django_assert_max_num_queries(12):
        response = api.get(_url("expediente-list"))
    assert response.status_code == 200 and response.data["count"] == 21
    response = api.get(_url("expediente-list"), {"anio": 2024})
    assert [e["titulo"] for e in response.data["results"]] == ["Único de 2024"]
    response = api.get(_url("expediente-list"), {"q": "único", "serie": serie.pk})
    assert response.data["count"] == 0


def test_list_refuses_user_without_view_permission(unidad):
    """A user with no role (but a unidad) gets 403, not their unidad's expedientes."""
    assert _as(user_in(unidad)).get(_url("expediente-list")).status_code == 403


def test_create_update_close_reopen(api, rat, unidad):
    """The full life through the API; refusals come back as field errors."""
    serie = SerieFactory(unidades=[unidad])
    response = api.post(
        _url("expediente-list"), {"serie": serie.pk, "unidad": unidad.pk, "titulo": "Por API"}, format="json"
    )
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert response.data["numero"] == 1 and response.data["clave"].endswith(f"/0001/{datetime.date.today().year}")
    response = api.patch(_url("expediente-detail", pk), {"clasificacion": "reservada"}, format="json")
    assert response.status_code == 400 and "fundamento_clasificacion" in response.data["errors"]
    response = api.patch(_url("expediente-detail", pk), {"titulo": "Por API (corregido)"}, format="json")
    assert response.data["titulo"] == "Por API (corregido)"
    response = api.post(_url("expediente-cerrar", pk), {}, format="json")
    assert response.status_code == 400 and "documentos" in response.data["errors"]
    DocumentoFactory(expediente=Expediente.objects.get(pk=pk), fecha=datetime.date.today())
    response = api.post(_url("expediente-cerrar", pk), {}, format="json")
    assert response.status_code == 200 and response.data["estado"] == "cerrado" and response.data["fin_tramite"]
    assert api.post(_url("expediente-reabrir", pk), {"motivo": "x"}, format="json").status_code == 403
    coordinacion = _as(user_in(UnidadFactory(), Rol.COORDINACION))
    response = coordinacion.post(_url("expediente-reabrir", pk), {"motivo": "Error"}, format="json")
    assert response.status_code == 200 and response.data["estado"] == "abierto"


def test_create_refuses_unidad_not_productora(api, unidad):
    """Serie rules answer 400 with the serie field."""
    serie = SerieFactory(unidades=[UnidadFactory()])
    response = api.post(_url("expediente-list"), {"serie": serie.pk, "unidad": unidad.pk, "titulo": "X"}, format="json")
    assert response.status_code == 400 and "serie" in response.data["errors"]


def test_create_refused_for_auditor(unidad):
    """Auditor: 403 on create."""
    serie = SerieFactory()
    client = _as(user_in(unidad, Rol.AUDITOR))
    response = client.post(_url("expediente-list"), {"serie": serie.pk, "unidad": unidad.pk, "titulo": "X"})
    assert response.status_code == 403


def test_other_unidad_gets_404(unidad, rat):
    """Detail, documents, carátula and content of another unidad's expediente are 404."""
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat)
    documento = DocumentoFactory(expediente=expediente)
    ajeno = _as(user_in(UnidadFactory(), Rol.RESPONSABLE_AT))
    assert ajeno.get(_url("expediente-detail", expediente.pk)).status_code == 404
    assert ajeno.get(_url("documento-list", expediente.pk)).status_code == 404
    assert ajeno.get(_url("expediente-caratula", expediente.pk)).status_code == 404
    assert ajeno.get(_url("version-contenido", documento.pk, 1)).status_code == 404
    assert ajeno.post(_url("expediente-cerrar", expediente.pk), {}).status_code == 404


def test_documents_upload_version_and_download(api, rat, unidad):
    """Multipart upload with JSON metadata, a new version, listing, and an audited download."""
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat)
    tipo = TipoDocumentalFactory(
        nombre="Factura", esquema_metadatos=[{"nombre": "folio", "tipo": "texto", "obligatorio": True}]
    )
    payload = {
        "tipo_documental": tipo.pk,
        "titulo": "Factura 123",
        "fecha": datetime.date.today().isoformat(),
        "archivo": SimpleUploadedFile("factura.pdf", pdf_bytes(2), content_type="application/pdf"),
    }
    response = api.post(_url("documento-list", expediente.pk), payload, format="multipart")
    assert response.status_code == 400 and "metadatos.folio" in response.data["errors"]
    payload["archivo"] = SimpleUploadedFile("factura.pdf", pdf_bytes(2), content_type="application/pdf")
    payload["metadatos"] = '{"folio": "A-123"}'
    response = api.post(_url("documento-list", expediente.pk), payload, format="multipart")
    assert response.status_code == 201, response.data
    documento_id = response.data["id"]
    assert response.data["fojas"] == 2 and response.data["versiones"][0]["paginas"] == 2
    response = api.post(
        _url("version-create", documento_id),
        {"archivo": SimpleUploadedFile("factura-v2.txt", b"nota"), "motivo": "Sustitución"},
        format="multipart",
    )
    assert response.status_code == 201 and response.data["numero"] == 2
    listing = api.get(_url("documento-list", expediente.pk)).data
    assert [v["numero"] for v in listing[0]["versiones"]] == [2, 1]
    response = api.get(listing[0]["versiones"][1]["descarga"])
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="factura.pdf"' in response["Content-Disposition"]
    assert EntradaBitacora.objects.filter(accion="documento.descargar", objeto_id=str(documento_id)).count() == 1


def test_document_upload_refused_for_firmante(unidad, rat):
    """Firmante of the same unidad cannot add documents (403)."""
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat)
    firmante = _as(user_in(unidad, Rol.FIRMANTE))
    response = firmante.post(
        _url("documento-list", expediente.pk),
        {
            "tipo_documental": TipoDocumentalFactory().pk,
            "titulo": "x",
            "fecha": "2024-01-01",
            "archivo": SimpleUploadedFile("x.txt", b"x"),
        },
        format="multipart",
    )
    assert response.status_code == 403


def test_caratula_and_indice(api, rat, unidad):
    """Carátula is a PDF; the índice endpoint reports a closed expediente as intact."""
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat)
    DocumentoFactory(expediente=expediente)
    response = api.get(_url("expediente-caratula", expediente.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert api.get(_url("expediente-indice", expediente.pk)).data["ok"] is False
    api.post(_url("expediente-cerrar", expediente.pk), {}, format="json")
    assert api.get(_url("expediente-indice", expediente.pk)).data["ok"] is True


def test_reorder(api, rat, unidad):
    """The orden endpoint sets the new order."""
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat)
    a, b = DocumentoFactory(expediente=expediente), DocumentoFactory(expediente=expediente)
    response = api.post(_url("documento-orden", expediente.pk), {"documentos": [b.pk, a.pk]}, format="json")
    assert response.status_code == 204
    assert list(expediente.documentos.order_by("orden").values_list("pk", flat=True)) == [b.pk, a.pk]


API_OBJECT_ENDPOINTS = [
    ("get", "expediente-detail", "e"),
    ("patch", "expediente-detail", "e"),
    ("post", "expediente-cerrar", "e"),
    ("post", "expediente-reabrir", "e"),
    ("get", "expediente-caratula", "e"),
    ("get", "expediente-indice", "e"),
    ("get", "documento-list", "e"),
    ("post", "documento-list", "e"),
    ("post", "documento-orden", "e"),
    ("post", "version-create", "d"),
    ("get", "version-contenido", "d1"),
]


@pytest.mark.parametrize(("method", "name", "kind"), API_OBJECT_ENDPOINTS)
def test_every_object_endpoint_hides_another_unidad(unidad, rat, method, name, kind):
    """Another unidad's user gets 404 (or 403 before lookup) from every object endpoint, and changes nothing."""
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat)
    documento = DocumentoFactory(expediente=expediente)
    args = {"e": [expediente.pk], "d": [documento.pk], "d1": [documento.pk, 1]}[kind]
    client = _as(user_in(UnidadFactory(), Rol.RESPONSABLE_AT))
    response = getattr(client, method)(_url(name, *args), {"motivo": "x", "titulo": "y"}, format="json")
    assert response.status_code in (403, 404)
    expediente.refresh_from_db()
    assert expediente.titulo != "y" and expediente.estado == "abierto"


@pytest.mark.parametrize(("method", "name", "kind"), API_OBJECT_ENDPOINTS)
def test_every_object_endpoint_refuses_user_without_role(unidad, rat, method, name, kind):
    """A same-unidad user with no role cannot read or change anything (403/404)."""
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat)
    documento = DocumentoFactory(expediente=expediente)
    args = {"e": [expediente.pk], "d": [documento.pk], "d1": [documento.pk, 1]}[kind]
    response = getattr(_as(user_in(unidad)), method)(_url(name, *args), {"motivo": "x"}, format="json")
    assert response.status_code in (403, 404)
