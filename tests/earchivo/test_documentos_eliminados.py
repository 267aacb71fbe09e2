"""Documents whose content a baja documental deleted: their metadata stays, their download answers 410 Gone."""

import datetime
import uuid

import pytest
from django.urls import reverse

from earchivo.services.bajas import baja_dictaminar, baja_ejecutar, baja_registrar_acta, baja_solicitar
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, con_documento, expediente_para_baja
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
ACTA_FECHA = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def eliminado(make_user):
    """A document of an expediente that went through a whole baja (acta ABD-7 dated yesterday): content gone."""
    concentracion, coordinacion = make_user(Rol.CONCENTRACION), make_user(Rol.COORDINACION)
    expediente = expediente_para_baja(unidad=UnidadFactory())
    # Bytes nobody else stores (the S3 bucket is shared between runs): deleting them harms no other test.
    documento = con_documento(expediente, f"contenido {uuid.uuid4()}".encode())
    proceso = baja_solicitar(actor=concentracion, expedientes=[expediente], justificacion="Plazo cumplido")
    baja_dictaminar(actor=coordinacion, proceso=proceso, numero="DDF-7", fecha=ACTA_FECHA, emisor="Grupo")
    baja_registrar_acta(
        actor=coordinacion,
        proceso=proceso,
        numero="ABD-7",
        fecha=ACTA_FECHA,
        lugar="Ciudad de México",
        testigos=[{"nombre": "Ana", "identificacion": "INE 1"}, {"nombre": "Luis", "identificacion": "INE 2"}],
        metodo_destruccion="Trituración",
    )
    baja_ejecutar(actor=coordinacion, proceso=proceso)
    return documento, proceso, coordinacion


def _mensaje(proceso) -> str:
    return (
        f"El contenido de este documento fue eliminado por la baja documental {proceso.numero:03d}/{proceso.anio} "
        f"(acta ABD-7 del {ACTA_FECHA:%d/%m/%Y}); se conservan sus metadatos."
    )


@pytest.mark.parametrize("name", ["earchivo:version_download", "earchivo:version_view"])
def test_page_download_of_deleted_content_is_410_naming_the_baja(eliminado, name):
    """Download and inline view answer 410 with a page that names the baja and its acta (no 500, no bytes)."""
    documento, proceso, coordinacion = eliminado
    response = client_for(coordinacion).get(reverse(name, args=[documento.pk, 1]))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert _mensaje(proceso) in response.content.decode()


def test_api_download_of_deleted_content_is_410_naming_the_baja(eliminado):
    """The API's content endpoint answers 410 in the usual error shape, with the same message."""
    documento, proceso, coordinacion = eliminado
    response = client_for(coordinacion).get(f"/api/v1/archivo/documentos/{documento.pk}/versiones/1/contenido/")
    assert response.status_code == 410
    assert response.json() == {"detail": _mensaje(proceso), "errors": {}}


def test_refused_download_of_deleted_content_is_not_recorded_as_a_read(eliminado):
    """Nothing was read, so the bitácora gets no documento.descargar entry for the attempt."""
    documento, _, coordinacion = eliminado
    client_for(coordinacion).get(reverse("earchivo:version_download", args=[documento.pk, 1]))
    assert not EntradaBitacora.objects.filter(accion="documento.descargar", objeto_id=str(documento.pk)).exists()


def test_metadata_stays_readable_and_the_page_marks_the_content_as_deleted(eliminado):
    """The expediente page still lists the document and its version, marked as deleted, with no 'Ver' link."""
    documento, _, coordinacion = eliminado
    response = client_for(coordinacion).get(reverse("earchivo:expediente_detail", args=[documento.expediente_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert documento.titulo in html and "Contenido eliminado por baja documental" in html
    assert reverse("earchivo:version_view", args=[documento.pk, 1]) not in html


def test_users_who_may_not_see_the_document_learn_nothing_about_the_baja(eliminado, make_user):
    """Access is checked before the content: a Capturista of another unidad gets 404 on page and API, not 410."""
    documento, _, _ = eliminado
    client = client_for(make_user(Rol.CAPTURISTA))
    assert client.get(reverse("earchivo:version_download", args=[documento.pk, 1])).status_code == 404
    api = client.get(f"/api/v1/archivo/documentos/{documento.pk}/versiones/1/contenido/")
    assert api.status_code == 404
