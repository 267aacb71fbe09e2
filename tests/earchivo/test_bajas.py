import datetime
import io
import json
import uuid

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from pypdf import PdfReader

from earchivo.models import (
    ClasificacionInformacion,
    DisposicionDocumental,
    Documento,
    DocumentoProcesoBaja,
    Expediente,
    ProcesoBaja,
    VersionDocumento,
)
from earchivo.selectors.ciclo import baja_candidatos
from earchivo.services.bajas import (
    baja_dictaminar,
    baja_ejecutar,
    baja_registrar_acta,
    baja_solicitar,
)
from earchivo.services.prestamos import prestamo_create
from earchivo.services.retenciones import retencion_place
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from sai.search.models import TextoExtraido
from sai.storage.models import Blob, blob_key
from sai.storage.services import blob_open, blob_put, fixity_check
from tests.earchivo.ciclo_fixtures import client_for, con_documento, expediente_cerrado, expediente_para_baja, serie_con
from tests.earchivo.factories import ExpedienteFactory
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
ELIMINACION = DisposicionDocumental.Tecnica.ELIMINACION
TESTIGOS = [{"nombre": "Ana Pérez", "identificacion": "INE 123"}, {"nombre": "Luis Díaz", "identificacion": "INE 456"}]


def unique(label: str = "contenido") -> bytes:
    """Bytes no other test (nor another run on the shared S3 bucket) ever stores: deleting them harms nobody."""
    return f"{label} {uuid.uuid4()}".encode()


def stored(sha256: str) -> bool:
    return storages["blobs"].exists(blob_key(sha256))


def _dictamen(actor, proceso, fecha=None):
    return baja_dictaminar(
        actor=actor,
        proceso=proceso,
        numero="DDF 0806-22",
        fecha=fecha or datetime.date.today(),
        emisor="Grupo Interdisciplinario",
    )


def _acta(actor, proceso, **kwargs):
    values = {
        "numero": "ABD 0806-22",
        "fecha": datetime.date.today(),
        "lugar": "Ciudad de México",
        "testigos": TESTIGOS,
        "metodo_destruccion": "Trituración",
    }
    values.update(kwargs)
    return baja_registrar_acta(actor=actor, proceso=proceso, **values)


@pytest.fixture
def actores(make_user):
    return make_user(Rol.CONCENTRACION), make_user(Rol.COORDINACION)


def _solicitar(ac, expedientes):
    return baja_solicitar(actor=ac, expedientes=expedientes, justificacion="Plazo de conservación cumplido")


def test_full_baja_deletes_content_and_keeps_every_record(actores):
    """After the acta, execution removes the documents' bytes from storage but keeps all metadata and records."""
    ac, coordinacion = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    documento = con_documento(expediente, unique())
    sha = documento.versiones.get().blob_id
    proceso = _solicitar(ac, [expediente])
    _dictamen(coordinacion, proceso)
    _acta(coordinacion, proceso, fileobj=io.BytesIO(b"%PDF-1.7\n" + unique("acta") + b"\n%%EOF\n"))
    proceso = baja_ejecutar(actor=coordinacion, proceso=proceso)

    assert proceso.estado == ProcesoBaja.Estado.EJECUTADA and proceso.ejecutada_por == coordinacion
    expediente.refresh_from_db()
    assert (expediente.estado, expediente.etapa) == (Expediente.Estado.DADO_DE_BAJA, Expediente.Etapa.BAJA)
    assert expediente.titulo and expediente.disposicion_congelada
    assert Documento.objects.filter(pk=documento.pk).exists()
    assert VersionDocumento.objects.filter(documento=documento, blob_id=sha).exists()
    assert not stored(sha)
    assert Blob.objects.get(pk=sha).eliminado is not None
    tipos = set(proceso.documentos.values_list("tipo", flat=True))
    assert tipos == {DocumentoProcesoBaja.Tipo.INVENTARIO, DocumentoProcesoBaja.Tipo.ACTA}
    for doc in proceso.documentos.all():
        assert stored(doc.blob_id)


def test_records_are_kept_seven_years_from_the_acta(actores):
    """conservar_hasta is the acta date plus 7 years (LGA art. 31 fr. IX)."""
    ac, coordinacion = actores
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    _dictamen(coordinacion, proceso, fecha=datetime.date(2024, 2, 1))
    _acta(coordinacion, proceso, fecha=datetime.date(2024, 2, 29))
    proceso = baja_ejecutar(actor=coordinacion, proceso=proceso)
    assert proceso.conservar_hasta == datetime.date(2031, 2, 28)


def test_inventario_de_baja_is_a_pdf_listing_the_expedientes(actores):
    """The solicitud generates the inventario de baja as a PDF kept with the proceso."""
    ac, _ = actores
    expedientes = [expediente_para_baja(unidad=UnidadFactory()) for _ in range(2)]
    proceso = _solicitar(ac, expedientes)
    inventario = proceso.documentos.get(tipo=DocumentoProcesoBaja.Tipo.INVENTARIO)
    assert inventario.blob.mime == "application/pdf"
    with blob_open(sha256=inventario.blob_id) as raw:
        texto = "".join(page.extract_text() for page in PdfReader(io.BytesIO(raw.read())).pages)
    for e in expedientes:
        assert e.clave in texto.replace("\n", "")


def test_execution_is_blocked_before_the_acta(actores):
    """Solicitada or dictaminada, the baja cannot execute: the content is still stored."""
    ac, coordinacion = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, unique()).versiones.get().blob_id
    proceso = _solicitar(ac, [expediente])
    with pytest.raises(ConflictError):
        baja_ejecutar(actor=coordinacion, proceso=proceso)
    _dictamen(coordinacion, proceso)
    with pytest.raises(ConflictError):
        baja_ejecutar(actor=coordinacion, proceso=proceso)
    assert stored(sha)
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.CERRADO


def test_content_shared_with_a_document_outside_the_baja_survives(actores):
    """Identical bytes also used by an expediente not in the baja are stored once and must not be deleted."""
    ac, coordinacion = actores
    contenido = unique("compartido")
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, contenido).versiones.get().blob_id
    otro = expediente_cerrado(unidad=UnidadFactory())
    assert con_documento(otro, contenido).versiones.get().blob_id == sha
    solo = con_documento(expediente, unique()).versiones.get().blob_id
    proceso = _solicitar(ac, [expediente])
    _dictamen(coordinacion, proceso)
    _acta(coordinacion, proceso)
    baja_ejecutar(actor=coordinacion, proceso=proceso)
    assert stored(sha) and Blob.objects.get(pk=sha).eliminado is None
    assert not stored(solo)
    entry = EntradaBitacora.objects.get(accion="expediente.baja", objeto_id=str(expediente.pk))
    assert entry.datos["contenidos_conservados"] == [sha]


def test_execution_is_idempotent_and_fully_audited(actores):
    """One bitácora entry per expediente plus one for the proceso; a second execution adds nothing."""
    ac, coordinacion = actores
    expedientes = [expediente_para_baja(unidad=UnidadFactory()) for _ in range(2)]
    for e in expedientes:
        con_documento(e, unique())
    proceso = _solicitar(ac, expedientes)
    _dictamen(coordinacion, proceso)
    _acta(coordinacion, proceso)
    baja_ejecutar(actor=coordinacion, proceso=proceso)
    antes = EntradaBitacora.objects.count()
    assert EntradaBitacora.objects.filter(accion="expediente.baja").count() == 2
    assert EntradaBitacora.objects.filter(accion="baja.ejecutar", objeto_id=str(proceso.pk)).count() == 1
    again = baja_ejecutar(actor=coordinacion, proceso=proceso)
    assert again.estado == ProcesoBaja.Estado.EJECUTADA
    assert EntradaBitacora.objects.count() == antes


@pytest.mark.parametrize(
    ("kwargs", "razon"),
    [
        ({"etapa": Expediente.Etapa.TRAMITE}, "trámite"),
        ({"anio": datetime.date.today().year}, "aún no vence"),
        ({"serie_tecnica": DisposicionDocumental.Tecnica.CONSERVACION}, "conservacion"),
        ({"clasificacion": ClasificacionInformacion.RESERVADA}, "reservado"),
        ({"etapa": Expediente.Etapa.HISTORICO}, "histórico"),
    ],
)
def test_ineligible_expedientes_are_refused_by_name(actores, kwargs, razon):
    """Each rule of eligibility refuses the solicitud, naming the expediente and the reason; nothing is saved."""
    ac, _ = actores
    tecnica = kwargs.pop("serie_tecnica", ELIMINACION)
    expediente = expediente_para_baja(unidad=UnidadFactory(), serie=serie_con(tecnica=tecnica), **kwargs)
    with pytest.raises(ApplicationError) as exc:
        _solicitar(ac, [expediente])
    assert any(m.startswith(expediente.clave) and razon in m for m in exc.value.errors["expedientes"]), exc.value.errors
    assert not ProcesoBaja.objects.exists()


def test_expediente_in_another_active_baja_is_refused(actores):
    """An expediente can be in only one baja under way."""
    ac, _ = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    primera = _solicitar(ac, [expediente])
    with pytest.raises(ApplicationError) as exc:
        _solicitar(ac, [expediente])
    assert any(expediente.clave in m and str(primera) in m for m in exc.value.errors["expedientes"])


def test_lent_expediente_is_refused(actores, make_user):
    """An expediente out on loan cannot be requested for baja."""
    ac, _ = actores
    expediente = expediente_para_baja(unidad=ac.perfil.unidad)
    prestamo_create(
        actor=ac, expediente=expediente, solicitante=ac, fecha_vencimiento=datetime.date.today(), observaciones=""
    )
    with pytest.raises(ApplicationError) as exc:
        _solicitar(ac, [expediente])
    assert any("préstamo" in m for m in exc.value.errors["expedientes"])


def test_tramite_expediente_without_concentracion_years_is_eligible(actores):
    """A serie with 0 years in concentración goes to baja straight from trámite."""
    ac, _ = actores
    serie = serie_con(tecnica=ELIMINACION, concentracion=0)
    expediente = expediente_cerrado(unidad=UnidadFactory(), serie=serie)
    proceso = _solicitar(ac, [expediente])
    assert list(proceso.renglones.values_list("expediente_id", flat=True)) == [expediente.pk]


def test_hold_placed_after_the_acta_blocks_execution(actores):
    """A legal hold stops the execution even after the acta, naming the expediente; nothing is deleted."""
    ac, coordinacion = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, unique()).versiones.get().blob_id
    proceso = _solicitar(ac, [expediente])
    _dictamen(coordinacion, proceso)
    _acta(coordinacion, proceso)
    retencion_place(actor=coordinacion, expediente=expediente, motivo="Denuncia penal")
    with pytest.raises(ConflictError) as exc:
        baja_ejecutar(actor=coordinacion, proceso=proceso)
    assert any(expediente.clave in m and "retención" in m for m in exc.value.errors["expedientes"])
    assert stored(sha)


def test_permissions_of_each_step(make_user, actores):
    """The AT cannot ask for bajas; Concentración cannot dictaminar, register the acta nor execute."""
    ac, coordinacion = actores
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_para_baja(unidad=at.perfil.unidad)
    with pytest.raises(PermissionDeniedError):
        baja_solicitar(actor=at, expedientes=[expediente], justificacion="x")
    proceso = _solicitar(ac, [expediente])
    with pytest.raises(PermissionDeniedError):
        _dictamen(ac, proceso)
    _dictamen(coordinacion, proceso)
    with pytest.raises(PermissionDeniedError):
        _acta(ac, proceso)
    _acta(coordinacion, proceso)
    with pytest.raises(PermissionDeniedError):
        baja_ejecutar(actor=ac, proceso=proceso)


def test_acta_requires_witnesses_with_identification(actores):
    """Fewer than two witnesses, or one without identificación, are refused on the testigos field."""
    ac, coordinacion = actores
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    _dictamen(coordinacion, proceso)
    with pytest.raises(ApplicationError) as exc:
        _acta(coordinacion, proceso, testigos=[{"nombre": "Ana", "identificacion": ""}])
    assert any("identificación" in m for m in exc.value.errors["testigos"])
    assert any("al menos 2" in m for m in exc.value.errors["testigos"])
    proceso.refresh_from_db()
    assert proceso.estado == ProcesoBaja.Estado.DICTAMINADA


def test_acta_comes_after_the_dictamen(actores):
    """No acta before the dictamen, and not dated before it."""
    ac, coordinacion = actores
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    with pytest.raises(ConflictError):
        _acta(coordinacion, proceso)
    _dictamen(coordinacion, proceso)
    with pytest.raises(ApplicationError) as exc:
        _acta(coordinacion, proceso, fecha=datetime.date.today() - datetime.timedelta(days=3))
    assert "fecha" in exc.value.errors


def test_baja_numbers_are_consecutive_per_year(actores):
    """Procesos de baja are numbered 1, 2, ... within the year."""
    ac, _ = actores
    primero = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    segundo = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    assert (primero.numero, segundo.numero, segundo.anio) == (1, 2, datetime.date.today().year)


def test_fixity_skips_content_deleted_by_a_baja(actores):
    """Content deleted on purpose by a baja is not reported as missing by the fixity run."""
    ac, coordinacion = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, unique()).versiones.get().blob_id
    proceso = _solicitar(ac, [expediente])
    _dictamen(coordinacion, proceso)
    _acta(coordinacion, proceso)
    baja_ejecutar(actor=coordinacion, proceso=proceso)
    report = fixity_check()
    assert sha not in report.missing


def test_open_expediente_built_by_factory_is_refused(actores):
    """A plain open expediente (never closed) is refused by name."""
    ac, _ = actores
    abierto = ExpedienteFactory()
    with pytest.raises(ApplicationError) as exc:
        _solicitar(ac, [abierto])
    assert any(abierto.clave in m and "abierto" in m for m in exc.value.errors["expedientes"])


# --- pages --------------------------------------------------------------------------------------------------------


def test_baja_wizard_through_the_pages(actores):
    """Solicitud (eligible list) → dictamen → acta with witnesses → ejecución, all through the pages."""
    ac, coordinacion = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, unique()).versiones.get().blob_id
    no_elegible = expediente_cerrado(unidad=UnidadFactory(), etapa=Expediente.Etapa.CONCENTRACION)
    html = client_for(ac).get(reverse("earchivo:baja_nueva")).content.decode()
    assert expediente.clave in html and no_elegible.clave not in html
    response = client_for(ac).post(
        reverse("earchivo:baja_nueva"), {"expedientes": [expediente.pk], "justificacion": "Plazo cumplido"}
    )
    proceso = ProcesoBaja.objects.get()
    assert response.url == reverse("earchivo:baja_detalle", args=[proceso.pk])
    coord = client_for(coordinacion)
    hoy = datetime.date.today().isoformat()
    coord.post(
        reverse("earchivo:baja_dictaminar", args=[proceso.pk]), {"numero": "D-1", "fecha": hoy, "emisor": "COTECIAD"}
    )
    coord.post(
        reverse("earchivo:baja_acta", args=[proceso.pk]),
        {
            "numero": "A-1",
            "fecha": hoy,
            "lugar": "CDMX",
            "metodo_destruccion": "Trituración",
            "testigo_nombre": ["Ana", "Luis", ""],
            "testigo_identificacion": ["INE 1", "INE 2", ""],
        },
    )
    coord.post(reverse("earchivo:baja_ejecutar", args=[proceso.pk]))
    proceso.refresh_from_db()
    assert proceso.estado == ProcesoBaja.Estado.EJECUTADA and len(proceso.testigos) == 2
    assert not stored(sha)


def test_acta_page_shows_refusal_and_keeps_the_step(actores):
    """An acta with one witness re-renders the detail with the error; the proceso stays dictaminada."""
    ac, coordinacion = actores
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    _dictamen(coordinacion, proceso)
    response = client_for(coordinacion).post(
        reverse("earchivo:baja_acta", args=[proceso.pk]),
        {
            "numero": "A-1",
            "fecha": datetime.date.today().isoformat(),
            "lugar": "CDMX",
            "metodo_destruccion": "Trituración",
            "testigo_nombre": ["Ana"],
            "testigo_identificacion": ["INE 1"],
        },
    )
    assert response.status_code == 200 and "al menos 2" in response.content.decode()
    proceso.refresh_from_db()
    assert proceso.estado == ProcesoBaja.Estado.DICTAMINADA


def test_proceso_document_download_is_audited(actores):
    """The inventario de baja downloads as a PDF and the reading is recorded."""
    ac, _ = actores
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    documento = proceso.documentos.get()
    response = client_for(ac).get(reverse("earchivo:baja_documento", args=[proceso.pk, documento.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert EntradaBitacora.objects.filter(accion="baja.documento.descargar", objeto_id=str(proceso.pk)).exists()


def test_pages_refuse_users_without_permission(make_user, actores):
    """Capturista: 403 on the list; Coordinación: 403 on the solicitud; Concentración: 403 on dictamen,
    acta and ejecución; an unknown proceso is 404."""
    ac, coordinacion = actores
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    assert client_for(make_user(Rol.CAPTURISTA)).get(reverse("earchivo:baja_list")).status_code == 403
    assert client_for(coordinacion).get(reverse("earchivo:baja_nueva")).status_code == 403
    for name in ("baja_dictaminar", "baja_acta", "baja_ejecutar"):
        assert client_for(ac).post(reverse(f"earchivo:{name}", args=[proceso.pk])).status_code == 403
    assert client_for(ac).get(reverse("earchivo:baja_detalle", args=[proceso.pk + 999])).status_code == 404
    documento = proceso.documentos.get()
    capturista = client_for(make_user(Rol.CAPTURISTA))
    assert capturista.get(reverse("earchivo:baja_documento", args=[proceso.pk, documento.pk])).status_code == 403


# --- API ----------------------------------------------------------------------------------------------------------

API = "/api/v1/archivo/bajas/"


def test_api_full_baja_with_multipart_acta(actores):
    """Solicitar, dictamen, acta (multipart, testigos as JSON) and ejecutar through the API."""
    ac, coordinacion = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, unique()).versiones.get().blob_id
    response = client_for(ac).post(
        API, {"expedientes": [expediente.pk], "justificacion": "Plazo"}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    url = f"{API}{response.json()['id']}/"
    coord = client_for(coordinacion)
    hoy = datetime.date.today().isoformat()
    response = coord.post(
        url + "dictamen/", {"numero": "D-1", "fecha": hoy, "emisor": "COTECIAD"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["estado"] == "dictaminada"
    acta = io.BytesIO(b"%PDF-1.7\n" + unique("acta") + b"\n%%EOF\n")
    acta.name = "acta.pdf"
    response = coord.post(
        url + "acta/",
        {
            "numero": "A-1",
            "fecha": hoy,
            "lugar": "CDMX",
            "metodo_destruccion": "Trituración",
            "testigos": json.dumps(TESTIGOS),
            "archivo": acta,
        },
    )
    assert response.status_code == 200, response.json()
    assert {d["tipo"] for d in response.json()["documentos"]} == {"inventario", "acta"}
    response = coord.post(url + "ejecutar/")
    assert response.status_code == 200 and response.json()["estado"] == "ejecutada"
    assert response.json()["expedientes"][0]["estado"] == "dado_de_baja"
    assert not stored(sha)


def test_api_refusals(make_user, actores):
    """400 naming an ineligible expediente; 409 executing before the acta; 403 for Concentración managing;
    403 for a Capturista listing; 404 for an unknown proceso."""
    ac, coordinacion = actores
    reservado = expediente_para_baja(unidad=UnidadFactory(), clasificacion=ClasificacionInformacion.RESERVADA)
    response = client_for(ac).post(
        API, {"expedientes": [reservado.pk], "justificacion": "x"}, content_type="application/json"
    )
    # Concentración cannot even see a reservada expediente: refused as not found/forbidden, never created.
    assert response.status_code == 400 and not ProcesoBaja.objects.exists()
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    url = f"{API}{proceso.pk}/"
    assert client_for(coordinacion).post(url + "ejecutar/").status_code == 409
    assert client_for(ac).post(url + "ejecutar/").status_code == 403
    assert client_for(make_user(Rol.CAPTURISTA)).get(API).status_code == 403
    assert client_for(ac).get(f"{API}{proceso.pk + 999}/").status_code == 404


def test_content_uploaded_again_after_a_baja_is_live_again(actores):
    """If the same bytes arrive again later, they are stored anew and their row is no longer marked deleted."""
    ac, coordinacion = actores
    contenido = unique()
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, contenido).versiones.get().blob_id
    proceso = _solicitar(ac, [expediente])
    _dictamen(coordinacion, proceso)
    _acta(coordinacion, proceso)
    baja_ejecutar(actor=coordinacion, proceso=proceso)
    blob = blob_put(fileobj=io.BytesIO(contenido))
    assert blob.sha256 == sha and blob.eliminado is None and stored(sha)
    assert Blob.objects.get(pk=sha).eliminado is None


def test_api_each_endpoint_refuses_without_permission(make_user, actores):
    """Every baja endpoint answers 403 to a role without its permission (and the document 404 if unknown)."""
    ac, coordinacion = actores
    at, capturista = make_user(Rol.RESPONSABLE_AT), make_user(Rol.CAPTURISTA)
    expediente = expediente_para_baja(unidad=at.perfil.unidad)
    proceso = _solicitar(ac, [expediente_para_baja(unidad=UnidadFactory())])
    documento = proceso.documentos.get()
    url = f"{API}{proceso.pk}/"
    body = {"expedientes": [expediente.pk], "justificacion": "x"}
    assert client_for(at).post(API, body, content_type="application/json").status_code == 403
    assert client_for(coordinacion).post(API, body, content_type="application/json").status_code == 403
    for paso in ("dictamen/", "acta/", "ejecutar/"):
        assert client_for(ac).post(url + paso, {}, content_type="application/json").status_code == 403
    assert client_for(capturista).get(url).status_code == 403
    assert client_for(capturista).get(f"{url}documentos/{documento.pk}/").status_code == 403
    assert client_for(ac).get(f"{url}documentos/{documento.pk + 999}/").status_code == 404
    response = client_for(ac).get(f"{url}documentos/{documento.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_candidates_list_only_eligible_expedientes(actores):
    """The solicitud wizard offers concentración and zero-concentración trámite expedientes, never held,
    classified, conservación or already requested ones."""
    ac, coordinacion = actores
    unidad = UnidadFactory()
    elegible = expediente_para_baja(unidad=unidad)
    directo = expediente_cerrado(unidad=unidad, serie=serie_con(tecnica=ELIMINACION, concentracion=0))
    retenido = expediente_para_baja(unidad=unidad)
    retencion_place(actor=coordinacion, expediente=retenido, motivo="Auditoría")
    expediente_para_baja(unidad=unidad, serie=serie_con(tecnica=DisposicionDocumental.Tecnica.CONSERVACION))
    expediente_cerrado(unidad=unidad, serie=serie_con(tecnica=ELIMINACION))
    ya_pedido = expediente_para_baja(unidad=unidad)
    _solicitar(ac, [ya_pedido])
    assert set(baja_candidatos(user=coordinacion)) == {elegible, directo}


def test_extracted_text_does_not_keep_content_alive_and_is_purged(actores):
    """Search's extracted text is content too: it does not block the deletion and is emptied by the baja."""
    ac, coordinacion = actores
    expediente = expediente_para_baja(unidad=UnidadFactory())
    sha = con_documento(expediente, unique()).versiones.get().blob_id
    TextoExtraido.objects.create(blob_id=sha, estado=TextoExtraido.Estado.LISTO, paginas=["texto confidencial"])
    proceso = _solicitar(ac, [expediente])
    _dictamen(coordinacion, proceso)
    _acta(coordinacion, proceso)
    baja_ejecutar(actor=coordinacion, proceso=proceso)
    assert not stored(sha)
    assert TextoExtraido.objects.get(blob_id=sha).paginas == []
