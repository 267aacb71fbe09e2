"""The baja documental's own expediente: with SAI_BAJA_SERIE the inventario and the acta are filed as documents."""

import datetime
import io

import pytest
from django.urls import reverse

from earchivo.models import Documento, DocumentoProcesoBaja, Expediente, ProcesoBaja
from earchivo.services.bajas import baja_dictaminar, baja_registrar_acta, baja_solicitar
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_para_baja
from tests.earchivo.factories import SerieFactory, pdf_bytes
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
TESTIGOS = [{"nombre": "Ana Pérez", "identificacion": "INE 123"}, {"nombre": "Luis Díaz", "identificacion": "INE 456"}]


@pytest.fixture
def actores(make_user):
    return make_user(Rol.CONCENTRACION), make_user(Rol.COORDINACION)


@pytest.fixture
def serie_baja(settings, actores):
    """A serie of the vigente CGCA produced by the Archivo de Concentración's unidad, configured for baja records."""
    serie = SerieFactory(
        nombre="Procesos de baja documental",
        disposicion__vigencia_tramite=2,
        disposicion__vigencia_concentracion=5,
        unidades=[actores[0].perfil.unidad],
    )
    settings.SAI_BAJA_SERIE = serie.clave
    return serie


def _solicitar(actor):
    return baja_solicitar(
        actor=actor,
        expedientes=[expediente_para_baja(unidad=UnidadFactory())],
        justificacion="Plazo de conservación cumplido",
    )


def _dictamen_y_acta(coordinacion, proceso, fileobj=None):
    hoy = datetime.date.today()
    baja_dictaminar(actor=coordinacion, proceso=proceso, numero="DDF 1", fecha=hoy, emisor="Grupo Interdisciplinario")
    return baja_registrar_acta(
        actor=coordinacion,
        proceso=proceso,
        numero="ABD 1",
        fecha=hoy,
        lugar="Ciudad de México",
        testigos=TESTIGOS,
        metodo_destruccion="Trituración",
        fileobj=fileobj,
    )


def test_solicitud_opens_the_proceso_expediente_with_the_inventario(actores, serie_baja):
    """Requesting a baja opens "Proceso de baja documental NNN/AAAA" in the serie and files the inventario PDF."""
    ac, _ = actores
    proceso = _solicitar(ac)
    expediente = proceso.expediente
    assert expediente is not None and expediente.serie == serie_baja
    assert expediente.titulo == f"Proceso de baja documental {proceso.numero:03d}/{proceso.anio}"
    assert expediente.unidad == ac.perfil.unidad and expediente.responsable == ac
    assert expediente.estado == Expediente.Estado.ABIERTO and expediente.numero == 1
    (documento,) = expediente.documentos.all()
    assert documento.tipo_documental.nombre == "Inventario de baja documental"
    version = documento.versiones.get()
    assert version.blob.mime == "application/pdf" and version.paginas and documento.fojas == version.paginas
    copia = proceso.documentos.get(tipo=DocumentoProcesoBaja.Tipo.INVENTARIO)
    assert version.blob_id == copia.blob_id, "the proceso keeps its own copy of the same content"
    crear = EntradaBitacora.objects.get(accion="expediente.crear", objeto_id=str(expediente.pk))
    assert crear.datos["origen"] == "baja" and crear.actor == ac


def test_consecutive_bajas_number_their_expedientes(actores, serie_baja):
    """Each proceso gets its own expediente with the next consecutive of the serie, unidad and year."""
    ac, _ = actores
    primero, segundo = _solicitar(ac), _solicitar(ac)
    assert (primero.expediente.numero, segundo.expediente.numero) == (1, 2)
    assert primero.expediente.clave != segundo.expediente.clave


def test_registering_the_acta_with_a_file_adds_it_to_the_expediente(actores, serie_baja):
    """The uploaded acta becomes a document "Acta de baja documental" of the proceso's expediente."""
    ac, coordinacion = actores
    proceso = _solicitar(ac)
    acta = io.BytesIO(pdf_bytes(2, "Acta de baja"))
    acta.name = "acta.pdf"
    _dictamen_y_acta(coordinacion, proceso, fileobj=acta)
    documentos = list(proceso.expediente.documentos.order_by("orden"))
    assert [d.tipo_documental.nombre for d in documentos] == [
        "Inventario de baja documental",
        "Acta de baja documental",
    ]
    version = documentos[1].versiones.get()
    assert version.nombre_archivo == "acta.pdf" and version.paginas == 2 and version.creado_por == coordinacion
    assert version.blob_id == proceso.documentos.get(tipo=DocumentoProcesoBaja.Tipo.ACTA).blob_id


def test_acta_without_file_is_written_by_sai(actores, serie_baja):
    """Without an uploaded scan SAI writes the acta (inventarios' generator) and files it beside the inventario."""
    ac, coordinacion = actores
    proceso = _solicitar(ac)
    _dictamen_y_acta(coordinacion, proceso)
    documentos = list(proceso.expediente.documentos.order_by("orden"))
    assert [d.tipo_documental.nombre for d in documentos] == [
        "Inventario de baja documental",
        "Acta de baja documental",
    ]
    version = documentos[1].versiones.get()
    assert version.nombre_archivo == f"acta-baja-{proceso.numero:03d}-{proceso.anio}.pdf" and version.paginas >= 1


def test_setting_off_creates_nothing(actores, settings):
    """With SAI_BAJA_SERIE empty the proceso keeps only its own copies: no expediente, no document."""
    settings.SAI_BAJA_SERIE = ""
    ac, coordinacion = actores
    antes = (Expediente.objects.count(), Documento.objects.count())
    proceso = _solicitar(ac)
    acta = io.BytesIO(pdf_bytes(1, "Acta"))
    acta.name = "acta.pdf"
    _dictamen_y_acta(coordinacion, proceso, fileobj=acta)
    assert ProcesoBaja.objects.get(pk=proceso.pk).expediente is None
    assert (Expediente.objects.count(), Documento.objects.count()) == (antes[0] + 1, antes[1])
    assert proceso.documentos.count() == 2


def test_serie_not_produced_by_the_unidad_refuses_the_whole_solicitud(actores, settings):
    """A misconfigured serie refuses the solicitud with a message naming it, and leaves nothing behind."""
    ac, _ = actores
    settings.SAI_BAJA_SERIE = SerieFactory(unidades=[UnidadFactory()]).clave
    with pytest.raises(ApplicationError) as info:
        _solicitar(ac)
    assert "serie" in info.value.errors
    assert not ProcesoBaja.objects.exists()


def test_unknown_serie_is_reported(actores, settings):
    """A clave that is not in the vigente CGCA is reported, naming the setting."""
    settings.SAI_BAJA_SERIE = "99X.9"
    with pytest.raises(ApplicationError) as info:
        _solicitar(actores[0])
    assert "SAI_BAJA_SERIE=99X.9" in info.value.errors["serie"][0]
    assert not ProcesoBaja.objects.exists()


def test_detail_page_links_to_the_proceso_expediente(actores, serie_baja):
    """The baja detail page links to the proceso's expediente, where its documents can be sent to signature."""
    ac, _ = actores
    proceso = _solicitar(ac)
    response = client_for(ac).get(reverse("earchivo:baja_detalle", args=[proceso.pk]))
    assert response.status_code == 200
    assert reverse("earchivo:expediente_detail", args=[proceso.expediente.pk]) in response.content.decode()
    assert client_for(ac).get(reverse("earchivo:expediente_detail", args=[proceso.expediente.pk])).status_code == 200
