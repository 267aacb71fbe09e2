"""Expediente pages: list/filters without N+1, apertura form, the expediente page, uploads, downloads, cierre."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from earchivo.models import Documento, Expediente
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, SerieFactory, TipoDocumentalFactory, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unidad():
    return UnidadFactory(siglas="DRM")


@pytest.fixture
def rat(unidad):
    return user_in(unidad, Rol.RESPONSABLE_AT)


@pytest.fixture
def expediente(unidad, rat):
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat, fecha_apertura=datetime.date(2024, 2, 1), anio=2024)
    DocumentoFactory(expediente=expediente, titulo="Oficio inicial", version__contenido=b"contenido del oficio")
    return expediente


def _url(name, *args):
    return reverse(f"earchivo:{name}", args=args)


# --- list ---------------------------------------------------------------------------------------------------------


def test_list_filters_by_text_and_estado(client, rat, unidad):
    """Text matches clave or título; estado narrows; other unidades never appear."""
    ExpedienteFactory(unidad=unidad, titulo="Licitación de papelería")
    ExpedienteFactory(unidad=unidad, titulo="Convenio cerrado", cerrado=True)
    ExpedienteFactory(titulo="Licitación de otra unidad")
    client.force_login(rat)
    body = client.get(_url("expediente_list"), {"q": "licitación"}).content.decode()
    assert "Licitación de papelería" in body and "otra unidad" not in body
    body = client.get(_url("expediente_list"), {"estado": "cerrado"}).content.decode()
    assert "Convenio cerrado" in body and "papelería" not in body


def test_list_is_paginated_without_n_plus_one(client, rat, unidad, django_assert_max_num_queries):
    """30 expedientes render 25 on page 1 with a bounded number of queries."""
    serie = SerieFactory()
    for _ in range(30):
        ExpedienteFactory(unidad=unidad, serie=serie, responsable=rat)
    client.force_login(rat)
    with django_assert_max_num_queries(15):
        response = client.get(_url("expediente_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert "Página 1 de 2" in response.content.decode()


def test_list_refuses_user_without_archive_access(client, unidad):
    """An Administrador (no archive module) gets 403."""
    client.force_login(user_in(unidad, Rol.ADMINISTRADOR))
    assert client.get(_url("expediente_list")).status_code == 403


# --- apertura -----------------------------------------------------------------------------------------------------


def test_create_form_opens_expediente(client, rat, unidad):
    """The Nuevo expediente form creates it and redirects to its page."""
    serie = SerieFactory(unidades=[unidad])
    client.force_login(rat)
    assert client.get(_url("expediente_create")).status_code == 200
    response = client.post(
        _url("expediente_create"),
        {
            "serie": serie.pk,
            "unidad": unidad.pk,
            "titulo": "Adquisición de equipo",
            "soporte": "electronico",
            "legajos": 1,
        },
    )
    expediente = Expediente.objects.get(titulo="Adquisición de equipo")
    assert response.status_code == 302 and response.url == _url("expediente_detail", expediente.pk)
    assert expediente.responsable == rat and expediente.numero == 1


def test_create_form_shows_field_errors(client, rat, unidad):
    """A reservada expediente without fundamento re-renders the form with the field error."""
    serie = SerieFactory(unidades=[unidad])
    client.force_login(rat)
    response = client.post(
        _url("expediente_create"),
        {
            "serie": serie.pk,
            "unidad": unidad.pk,
            "titulo": "X",
            "soporte": "papel",
            "legajos": 1,
            "clasificacion": "reservada",
        },
    )
    assert response.status_code == 200
    assert "fundamento legal" in response.context["form"].errors["fundamento_clasificacion"][0]
    assert not Expediente.objects.exists()


def test_create_form_refused_without_permission(client, unidad):
    """The Auditor cannot open expedientes: 403."""
    client.force_login(user_in(unidad, Rol.AUDITOR))
    assert client.get(_url("expediente_create")).status_code == 403


# --- expediente page ---------------------------------------------------------------------------------------------


def test_detail_shows_documents_history_and_allowed_buttons(client, rat, expediente):
    """Own unidad sees documents, download links, the history and the close button."""
    client.force_login(rat)
    body = client.get(_url("expediente_detail", expediente.pk)).content.decode()
    documento = expediente.documentos.get()
    assert "Oficio inicial" in body
    assert _url("version_download", documento.pk, 1) in body
    assert _url("expediente_close", expediente.pk) in body
    assert _url("expediente_reopen", expediente.pk) not in body


def test_detail_hides_close_from_capturista(client, expediente):
    """A capturista sees the page but not the close button."""
    client.force_login(user_in(expediente.unidad, Rol.CAPTURISTA))
    body = client.get(_url("expediente_detail", expediente.pk)).content.decode()
    assert _url("expediente_close", expediente.pk) not in body
    assert _url("documento_create", expediente.pk) in body


def test_detail_of_other_unidad_is_404(client, expediente):
    """A user of another unidad cannot tell the expediente exists."""
    client.force_login(user_in(UnidadFactory(), Rol.RESPONSABLE_AT))
    assert client.get(_url("expediente_detail", expediente.pk)).status_code == 404
    assert client.get(_url("expediente_caratula", expediente.pk)).status_code == 404


def test_history_lists_expediente_and_document_entries(client, rat, expediente):
    """The page's history shows the bitácora entries of the expediente and of its documents."""
    client.force_login(rat)
    documento = expediente.documentos.get()
    client.get(_url("version_download", documento.pk, 1))
    client.post(
        _url("expediente_update", expediente.pk),
        {
            "titulo": "Título corregido",
            "responsable": rat.pk,
            "soporte": "electronico",
            "legajos": 1,
            "clasificacion": "publica",
        },
    )
    historia = client.get(_url("expediente_detail", expediente.pk)).context["d"].historia
    assert [e.accion for e in historia][:2] == ["expediente.modificar", "documento.descargar"]


# --- documents ---------------------------------------------------------------------------------------------------


def test_upload_document_and_new_version(client, rat, expediente):
    """Multipart upload adds a document; a new version is added from its page."""
    tipo = TipoDocumentalFactory(nombre="Memorándum")
    client.force_login(rat)
    response = client.post(
        _url("documento_create", expediente.pk),
        {
            "tipo_documental": tipo.pk,
            "titulo": "Memorándum de respuesta",
            "fecha": "2024-02-10",
            "fojas": "1",
            "archivo": SimpleUploadedFile("memo.txt", b"texto del memo", content_type="text/plain"),
        },
    )
    assert response.status_code == 302
    documento = Documento.objects.get(titulo="Memorándum de respuesta")
    assert documento.orden == 2
    response = client.post(
        _url("documento_version_add", documento.pk),
        {"archivo": SimpleUploadedFile("memo-v2.txt", b"texto corregido"), "motivo": "Corrección de firma"},
    )
    assert response.status_code == 302 and documento.versiones.count() == 2


def test_upload_with_metadata_errors_names_the_field(client, rat, expediente):
    """Missing required metadata shows the error on that metadata input."""
    tipo = TipoDocumentalFactory(
        nombre="Contrato", esquema_metadatos=[{"nombre": "proveedor", "tipo": "texto", "obligatorio": True}]
    )
    client.force_login(rat)
    assert "meta_proveedor" in client.get(_url("documento_metadatos"), {"tipo_documental": tipo.pk}).content.decode()
    response = client.post(
        _url("documento_create", expediente.pk),
        {
            "tipo_documental": tipo.pk,
            "titulo": "Contrato",
            "fecha": "2024-02-10",
            "archivo": SimpleUploadedFile("c.txt", b"c"),
        },
    )
    assert response.status_code == 200
    assert "proveedor" in response.context["form"].errors["meta_proveedor"][0]


def test_upload_to_closed_expediente_is_refused(client, rat, unidad):
    """A closed expediente shows the refusal and stores nothing."""
    cerrado = ExpedienteFactory(unidad=unidad, responsable=rat, cerrado=True)
    client.force_login(rat)
    response = client.post(
        _url("documento_create", cerrado.pk),
        {
            "tipo_documental": TipoDocumentalFactory().pk,
            "titulo": "Tarde",
            "fecha": "2024-02-10",
            "archivo": SimpleUploadedFile("t.txt", b"t"),
        },
    )
    assert response.status_code == 200 and "cerrado" in response.content.decode()
    assert not cerrado.documentos.exists()


def test_upload_refused_for_other_unidad(client, expediente):
    """Another unidad's capturista gets 404 for the upload URL."""
    client.force_login(user_in(UnidadFactory(), Rol.CAPTURISTA))
    response = client.post(_url("documento_create", expediente.pk), {})
    assert response.status_code == 404


def test_download_streams_file_and_is_audited(client, rat, expediente):
    """Download returns the bytes with the stored file name and records documento.descargar."""
    documento = expediente.documentos.get()
    client.force_login(rat)
    response = client.get(_url("version_download", documento.pk, 1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"contenido del oficio"
    assert 'filename="documento-1.txt"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    entry = EntradaBitacora.objects.get(accion="documento.descargar")
    assert entry.datos["sha256"] == documento.versiones.get().blob_id and entry.actor == rat
    inline = client.get(_url("version_view", documento.pk, 1))
    assert inline["Content-Disposition"].startswith("inline")
    assert EntradaBitacora.objects.filter(accion="documento.ver").count() == 1


def test_download_of_other_unidad_is_404_and_not_audited(client, expediente):
    """Another unidad gets 404 and nothing is recorded as read."""
    documento = expediente.documentos.get()
    client.force_login(user_in(UnidadFactory(), Rol.RESPONSABLE_AT))
    assert client.get(_url("version_download", documento.pk, 1)).status_code == 404
    assert not EntradaBitacora.objects.filter(accion="documento.descargar").exists()


def test_move_document(client, rat, expediente):
    """The ↓ button swaps a document with the next one."""
    second = DocumentoFactory(expediente=expediente)
    first = expediente.documentos.get(orden=1)
    client.force_login(rat)
    client.post(_url("documento_move", first.pk), {"direccion": "abajo"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.orden, second.orden) == (2, 1)


# --- cierre / reapertura / carátula ------------------------------------------------------------------------------


def test_close_and_reopen_buttons(client, rat, expediente):
    """RAT closes; the índice page verifies; Coordinación reopens; RAT cannot reopen (403)."""
    client.force_login(rat)
    assert client.post(_url("expediente_close", expediente.pk), {}).status_code == 302
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.CERRADO
    assert "íntegro" in client.get(_url("expediente_indice", expediente.pk)).content.decode()
    assert client.post(_url("expediente_reopen", expediente.pk), {"motivo": "x"}).status_code == 403
    coordinacion = user_in(UnidadFactory(), Rol.COORDINACION)
    client.force_login(coordinacion)
    assert (
        _url("expediente_reopen", expediente.pk)
        in client.get(_url("expediente_detail", expediente.pk)).content.decode()
    )
    client.post(_url("expediente_reopen", expediente.pk), {"motivo": "Falta anexo"})
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.ABIERTO


def test_close_refused_for_capturista(client, expediente):
    """The close endpoint answers 403 to a capturista."""
    client.force_login(user_in(expediente.unidad, Rol.CAPTURISTA))
    assert client.post(_url("expediente_close", expediente.pk), {}).status_code == 403


def test_close_without_documents_shows_message(client, rat, unidad):
    """Closing an empty expediente is refused with a message; it stays open."""
    vacio = ExpedienteFactory(unidad=unidad, responsable=rat)
    client.force_login(rat)
    response = client.post(_url("expediente_close", vacio.pk), {}, follow=True)
    assert "sin documentos" in response.content.decode()
    vacio.refresh_from_db()
    assert vacio.estado == Expediente.Estado.ABIERTO


def test_caratula_download(client, rat, expediente):
    """The carátula is a PDF attachment."""
    client.force_login(rat)
    response = client.get(_url("expediente_caratula", expediente.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_edit_refused_for_auditor(client, expediente):
    """The Auditor (no change_expediente) gets 403 on the edit page."""
    client.force_login(user_in(expediente.unidad, Rol.AUDITOR))
    assert client.get(_url("expediente_update", expediente.pk)).status_code == 403


def test_form_pages_render(client, rat, expediente):
    """The document, version and edit pages render for the unidad's Responsable de AT."""
    documento = expediente.documentos.get()
    client.force_login(rat)
    assert client.get(_url("documento_create", expediente.pk)).status_code == 200
    assert client.get(_url("documento_version_add", documento.pk)).status_code == 200
    assert client.get(_url("expediente_update", expediente.pk)).status_code == 200


def test_edit_form_of_closed_expediente_only_changes_location(client, rat, unidad):
    """On a closed expediente the edit form keeps other fields disabled and saves the location."""
    cerrado = ExpedienteFactory(unidad=unidad, responsable=rat, cerrado=True, titulo="Original")
    client.force_login(rat)
    response = client.post(
        _url("expediente_update", cerrado.pk),
        {"titulo": "Cambiado", "ubicacion_topografica": "Caja 7", "observaciones": ""},
    )
    assert response.status_code == 302
    cerrado.refresh_from_db()
    assert (cerrado.titulo, cerrado.ubicacion_topografica) == ("Original", "Caja 7")


OBJECT_PAGES = [
    ("get", "expediente_detail", "e"),
    ("get", "expediente_update", "e"),
    ("post", "expediente_close", "e"),
    ("post", "expediente_reopen", "e"),
    ("get", "expediente_caratula", "e"),
    ("get", "expediente_indice", "e"),
    ("get", "documento_create", "e"),
    ("get", "documento_version_add", "d"),
    ("post", "documento_move", "d"),
    ("get", "version_download", "d1"),
    ("get", "version_view", "d1"),
]


def _args(kind, expediente):
    documento = expediente.documentos.get()
    return {"e": [expediente.pk], "d": [documento.pk], "d1": [documento.pk, 1]}[kind]


@pytest.mark.parametrize(("method", "name", "kind"), OBJECT_PAGES)
def test_every_page_is_404_for_another_unidad(client, expediente, method, name, kind):
    """Every expediente/document page hides another unidad's objects (404), even from a Coordinación-less RAT."""
    client.force_login(user_in(UnidadFactory(), Rol.RESPONSABLE_AT, Rol.CAPTURISTA))
    response = getattr(client, method)(_url(name, *_args(kind, expediente)), {"motivo": "x", "direccion": "abajo"})
    assert response.status_code in (403, 404) if name == "expediente_reopen" else response.status_code == 404


@pytest.mark.parametrize(
    ("method", "name", "kind"),
    [
        *OBJECT_PAGES,
        ("get", "expediente_list", None),
        ("get", "expediente_create", None),
        ("get", "documento_metadatos", None),
    ],
)
def test_every_page_is_403_without_archive_module(client, expediente, method, name, kind):
    """An Administrador of the same unidad (no archive module) is refused everywhere."""
    client.force_login(user_in(expediente.unidad, Rol.ADMINISTRADOR))
    args = _args(kind, expediente) if kind else []
    assert getattr(client, method)(_url(name, *args)).status_code == 403


def test_admin_shows_expedientes_read_only(client, expediente, django_user_model):
    """The admin lists expedientes and documents but offers no add/change (services own the writes)."""
    admin = django_user_model.objects.create_superuser("raiz", "raiz@example.com", "x")
    client.force_login(admin)
    assert client.get(reverse("admin:earchivo_expediente_changelist")).status_code == 200
    response = client.get(reverse("admin:earchivo_documento_change", args=[expediente.documentos.get().pk]))
    assert response.status_code == 200 and b'name="_save"' not in response.content
    assert client.get(reverse("admin:earchivo_expediente_add")).status_code == 403
