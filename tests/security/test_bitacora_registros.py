"""Issue 8, item 6: reads of classified expedientes, refusals, sessions and searches touching them are recorded."""

import datetime

import pytest
from rest_framework.authtoken.models import Token

from earchivo.services.expedientes import expediente_create
from earchivo.services.prestamos import prestamo_create
from firma.services import solicitud_create
from sai.audit.chain import secret_digest
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from sai.search.services.consulta import search_execute
from tests.earchivo.factories import DocumentoFactory, SerieFactory, VersionFactory, user_in
from tests.factories import UnidadFactory
from tests.firma.conftest import firma_settings, grant, oficio_pdf, pki  # noqa: F401 - firma's test PKI settings
from tests.search.fixtures import index_all
from tests.security.conftest import SECRETO

pytestmark = pytest.mark.django_db


def _entries(accion: str, **filters) -> list[EntradaBitacora]:
    return list(EntradaBitacora.objects.filter(accion=accion, **filters).order_by("seq"))


# --- sessions ----------------------------------------------------------------------------------------------------


def test_logins_failed_logins_and_logouts_are_recorded(client, make_user):
    """The login page, the token endpoint and the logout each leave an entry, with the address."""
    user = make_user(Rol.CAPTURISTA, username="carla")
    assert client.post("/accounts/login/", {"username": "carla", "password": "equivocada"}).status_code == 200
    client.post("/accounts/login/", {"username": "carla", "password": "contrasena-de-prueba"})
    client.post("/accounts/logout/")
    client.post("/api/v1/auth/token/", {"username": "nadie", "password": "x"})
    fallidas = _entries("sesion.fallida")
    assert [e.datos["usuario"] for e in fallidas] == ["carla", "nadie"]
    assert all(e.ip == "127.0.0.1" and e.actor_id is None for e in fallidas)
    assert "equivocada" not in str([e.datos for e in fallidas])
    assert [e.actor_id for e in _entries("sesion.iniciar")] == [user.pk]
    assert [e.actor_id for e in _entries("sesion.cerrar")] == [user.pk]


def test_a_token_issued_by_the_api_is_recorded_as_a_session(client, make_user):
    """DRF's token endpoint sends no login signal: SAI records the token it hands out like a login."""
    user = make_user(Rol.CAPTURISTA, username="tomas")
    assert (
        client.post("/api/v1/auth/token/", {"username": "tomas", "password": "contrasena-de-prueba"}).status_code == 200
    )
    assert [(e.actor_id, e.ip) for e in _entries("sesion.token")] == [(user.pk, "127.0.0.1")]


# --- reads of classified expedientes -------------------------------------------------------------------------------


def test_opening_a_classified_expediente_is_recorded_page_and_api(client, reservado):
    """Page, carátula, índice, API detail and API document list of a reservada expediente: one entry each."""
    pk = reservado.expediente.pk
    client.force_login(reservado.rat)
    urls = [
        f"/archivo/expedientes/{pk}/",
        f"/archivo/expedientes/{pk}/caratula.pdf",
        f"/archivo/expedientes/{pk}/indice/",
        f"/api/v1/archivo/expedientes/{pk}/",
        f"/api/v1/archivo/expedientes/{pk}/documentos/",
        f"/api/v1/archivo/expedientes/{pk}/caratula/",
        f"/api/v1/archivo/expedientes/{pk}/indice/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    lecturas = _entries("expediente.consultar", objeto_id=str(pk))
    assert [e.datos["vista"] for e in lecturas] == [
        "expediente",
        "caratula",
        "indice",
        "expediente",
        "documentos",
        "caratula",
        "indice",
    ]
    assert {e.actor_id for e in lecturas} == {reservado.rat.pk}
    assert all(SECRETO not in e.objeto_repr for e in lecturas)
    page = client.get(f"/archivo/expedientes/{pk}/").text
    assert "expediente.consultar" not in page, "reads stay out of the expediente's own history"


def test_public_expedientes_are_not_recorded_when_read(client, reservado):
    """Opening a público expediente records nothing (the bitácora keeps what auditors look for)."""
    publico = expediente_create(
        actor=reservado.rat, serie=SerieFactory(unidades=[reservado.unidad]), unidad=reservado.unidad, titulo="Abierto"
    )
    client.force_login(reservado.rat)
    assert client.get(f"/archivo/expedientes/{publico.pk}/").status_code == 200
    assert _entries("expediente.consultar", objeto_id=str(publico.pk)) == []


# --- refusals ---------------------------------------------------------------------------------------------------


def test_refused_access_to_a_classified_expediente_is_recorded(client, make_user, reservado):
    """404 to a colleague without a grant and to another unidad, 403 to a role without the archive, page and API."""
    pk, documento = reservado.expediente.pk, reservado.documento
    colega = user_in(reservado.unidad, Rol.CAPTURISTA)
    ajeno = make_user(Rol.RESPONSABLE_AT)
    admin = make_user(Rol.ADMINISTRADOR)
    attempts = [
        (colega, f"/archivo/expedientes/{pk}/", 404),
        (ajeno, f"/api/v1/archivo/expedientes/{pk}/", 404),
        (ajeno, f"/archivo/expedientes/{pk}/caratula.pdf", 404),
        (admin, f"/archivo/expedientes/{pk}/", 403),
        (colega, f"/archivo/documentos/{documento.pk}/v/1/descargar/", 404),
        (ajeno, f"/api/v1/archivo/documentos/{documento.pk}/versiones/1/contenido/", 404),
        (colega, f"/archivo/expedientes/{pk}/accesos/", 404),
        (ajeno, f"/api/v1/archivo/expedientes/{pk}/accesos/", 404),
        (colega, f"/archivo/expedientes/{pk}/retenciones/", 404),
    ]
    for user, url, status in attempts:
        client.force_login(user)
        assert client.get(url).status_code == status, url
    client.force_login(ajeno)
    assert client.patch(f"/api/v1/archivo/expedientes/{pk}/", {}, content_type="application/json").status_code == 404
    rechazos = _entries("expediente.acceso_rechazado") + _entries("documento.acceso_rechazado")
    seen = {(e.actor_id, e.objeto_tipo, e.datos["vista"], e.datos["estado"]) for e in rechazos}
    assert seen == {
        (colega.pk, "earchivo.expediente", "expediente", 404),
        (ajeno.pk, "earchivo.expediente", "expediente", 404),
        (ajeno.pk, "earchivo.expediente", "caratula", 404),
        (admin.pk, "earchivo.expediente", "expediente", 403),
        (ajeno.pk, "earchivo.expediente", "editar", 404),
        (colega.pk, "earchivo.documento", "descargar", 404),
        (ajeno.pk, "earchivo.documento", "descargar", 404),
        (colega.pk, "earchivo.expediente", "accesos", 404),
        (ajeno.pk, "earchivo.expediente", "accesos", 404),
        (colega.pk, "earchivo.expediente", "retenciones", 404),
    }
    assert all(SECRETO not in e.objeto_repr for e in rechazos)


def test_refusals_of_missing_or_public_objects_are_not_recorded(client, make_user):
    """A 404 for an id that does not exist is not a refusal of classified information."""
    client.force_login(make_user(Rol.CAPTURISTA))
    assert client.get("/archivo/expedientes/999999/").status_code == 404
    assert not EntradaBitacora.objects.filter(accion__endswith="acceso_rechazado").exists()


# --- searches ---------------------------------------------------------------------------------------------------


@pytest.fixture
def indexado(reservado, settings):
    settings.SAI_SEARCH = "database"
    index_all()
    return reservado


def test_searches_touching_classified_material_are_recorded_with_hashed_terms(make_user, indexado):
    """Anyone's search that finds reserved material is recorded, its terms as digests; other searches are not."""
    search_execute(actor=indexado.rat, q=SECRETO, ip="10.0.0.8")
    search_execute(actor=indexado.rat, q="inexistente")
    auditor = make_user(Rol.AUDITOR)
    search_execute(actor=auditor, q=SECRETO)
    search_execute(actor=auditor, q="nada que ver")
    consultas = _entries("busqueda.consultar")
    assert [(e.actor_id, e.datos["clasificado"]) for e in consultas] == [
        (indexado.rat.pk, True),
        (auditor.pk, True),
        (auditor.pk, False),
    ]
    assert consultas[0].datos["q"] == consultas[1].datos["q"] == secret_digest(SECRETO)
    assert consultas[2].datos["q"] == "nada que ver"


def test_api_token_search_by_staff_is_recorded_when_it_touches_classified(client, indexado):
    """The same through the API with a token."""
    token = Token.objects.create(user=indexado.rat)
    response = client.get("/api/v1/search/", {"q": SECRETO}, headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200 and response.json()["total"] >= 1
    entry = _entries("busqueda.consultar")[-1]
    assert entry.actor_id == indexado.rat.pk and entry.datos["q"] == secret_digest(SECRETO)


def test_api_permission_refusals_of_classified_objects_are_recorded(client, make_user, reservado):
    """DRF refuses a role without the permission before the method runs: the refusal is recorded all the same."""
    pk, documento = reservado.expediente.pk, reservado.documento
    admin = make_user(Rol.ADMINISTRADOR)
    colega = user_in(reservado.unidad, Rol.CAPTURISTA)
    attempts = [
        (admin, "get", f"/api/v1/archivo/expedientes/{pk}/"),
        (admin, "get", f"/api/v1/archivo/expedientes/{pk}/caratula/"),
        (admin, "get", f"/api/v1/archivo/documentos/{documento.pk}/versiones/1/contenido/"),
        (colega, "post", f"/api/v1/archivo/expedientes/{pk}/cerrar/"),
    ]
    for user, method, url in attempts:
        client.force_login(user)
        assert getattr(client, method)(url).status_code == 403, url
    client.logout()
    assert client.get(f"/api/v1/archivo/expedientes/{pk}/").status_code in (401, 403)
    rechazos = _entries("expediente.acceso_rechazado") + _entries("documento.acceso_rechazado")
    assert {(e.actor_id, e.objeto_tipo, e.datos["vista"], e.datos["estado"]) for e in rechazos} == {
        (admin.pk, "earchivo.expediente", "expediente", 403),
        (admin.pk, "earchivo.expediente", "caratula", 403),
        (admin.pk, "earchivo.documento", "descargar", 403),
        (colega.pk, "earchivo.expediente", "cerrar", 403),
    }, "one entry per signed-in attempt, none for the anonymous one"


# --- firma -------------------------------------------------------------------------------------------------------


@pytest.fixture
def solicitud_reservada(reservado, settings):
    """A signing request of a PDF version of the reservada expediente, its responsable as signer."""
    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-B"
    rat = grant(reservado.rat, "solicitar_firma", "firmar_documento")
    documento = DocumentoFactory(expediente=reservado.expediente, version=None)
    version = VersionFactory(documento=documento, contenido=oficio_pdf(), nombre_archivo="oficio.pdf")
    return solicitud_create(
        actor=rat,
        firmable_tipo="earchivo.version",
        firmable_id=version.pk,
        firmantes=[(rat, "Responsable")],
        folio="DJ/0001/2026",
        unidad_emisora="Dirección Jurídica",
    )


def test_refused_access_to_a_signing_request_of_a_classified_document_is_recorded(
    client, make_user, reservado, solicitud_reservada
):
    """Opening the request, its PDF or its signing page (page and API) without seeing the document: recorded."""
    uuid = solicitud_reservada.uuid
    ajeno = grant(user_in(UnidadFactory(), Rol.FIRMANTE), "firmar_documento")
    admin = make_user(Rol.ADMINISTRADOR)
    attempts = [
        (ajeno, f"/firma/solicitudes/{uuid}/", 404),
        (ajeno, f"/firma/solicitudes/{uuid}/pdf/", 404),
        (ajeno, f"/firma/solicitudes/{uuid}/firmar/", 404),
        (ajeno, f"/api/v1/firma/solicitudes/{uuid}/", 404),
        (ajeno, f"/api/v1/firma/solicitudes/{uuid}/pdf/", 404),
        (admin, f"/firma/solicitudes/{uuid}/pdf/", 403),
        (admin, f"/api/v1/firma/solicitudes/{uuid}/", 403),
    ]
    for user, url, status in attempts:
        client.force_login(user)
        assert client.get(url).status_code == status, url
    rechazos = _entries("firma.acceso_rechazado")
    assert [(e.actor_id, e.datos["vista"], e.datos["estado"]) for e in rechazos] == [
        (ajeno.pk, "solicitud", 404),
        (ajeno.pk, "pdf", 404),
        (ajeno.pk, "firmar", 404),
        (ajeno.pk, "solicitud", 404),
        (ajeno.pk, "pdf", 404),
        (admin.pk, "pdf", 403),
        (admin.pk, "solicitud", 403),
    ]
    assert {e.objeto_id for e in rechazos} == {str(solicitud_reservada.pk)}
    assert all(SECRETO not in e.objeto_repr + str(e.datos) for e in rechazos)


# --- préstamos ---------------------------------------------------------------------------------------------------


def test_refused_prestamos_of_a_classified_expediente_are_recorded(client, make_user, reservado):
    """Lending it (by clave on the page, by id in the API) or returning its préstamo from outside its door, and the
    API's permission refusal of a role that may not lend: each recorded against the expediente."""
    expediente = reservado.expediente
    prestamo = prestamo_create(
        actor=reservado.rat,
        expediente=expediente,
        solicitante=reservado.rat,
        fecha_vencimiento=datetime.date.today() + datetime.timedelta(days=7),
    )
    ajeno = make_user(Rol.RESPONSABLE_AT)
    auditor = make_user(Rol.AUDITOR)
    vence = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    client.force_login(ajeno)
    response = client.post(
        "/archivo/prestamos/nuevo/",
        {"clave": expediente.clave, "solicitante": ajeno.username, "fecha_vencimiento": vence},
    )
    assert response.status_code == 200 and "no tiene permiso para verlo" in response.text
    assert client.post(f"/archivo/prestamos/{prestamo.pk}/devolver/").status_code == 404
    body = {"expediente": expediente.pk, "solicitante": ajeno.username, "fecha_vencimiento": vence}
    api = "/api/v1/archivo/prestamos/"
    assert client.post(api, body, content_type="application/json").status_code == 404
    assert client.post(f"{api}{prestamo.pk}/devolver/").status_code == 404
    client.force_login(auditor)
    assert client.post(api, body, content_type="application/json").status_code == 403
    rechazos = _entries("expediente.acceso_rechazado")
    assert [(e.actor_id, e.datos["vista"], e.datos["estado"]) for e in rechazos] == [
        (ajeno.pk, "prestamo_nuevo", 404),
        (ajeno.pk, "prestamo_devolver", 404),
        (ajeno.pk, "prestamo_nuevo", 404),
        (ajeno.pk, "prestamo_devolver", 404),
        (auditor.pk, "prestamo_nuevo", 403),
    ]
    assert {e.objeto_id for e in rechazos} == {str(expediente.pk)}
