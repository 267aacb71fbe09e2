"""Issue 8, item 13: archive rules found broken on the way.

- A cierre dated before the expediente's last document is refused (it would shorten every retention clock).
- After a baja, access follows the document version's state, not the blob's: identical bytes filed elsewhere stay
  downloadable there while the removed version answers 410, and the same bytes uploaded again are searchable.
- Custody moves with the etapa: the producing unidad no longer edits an expediente the Archivo de Concentración or
  the Archivo Histórico holds; the holding archive does.
"""

import datetime
import io
import uuid

import pytest

from earchivo.models import Expediente, IndiceElectronico
from earchivo.services.bajas import baja_dictaminar, baja_ejecutar, baja_registrar_acta, baja_solicitar
from earchivo.services.documentos import documento_create
from sai.org.roles import Rol
from sai.search.backends import get_backend
from sai.search.models import TextoExtraido
from sai.search.selectors import search_run
from sai.search.tasks import texto_extraer_task
from tests.earchivo.ciclo_fixtures import client_for, con_documento, expediente_cerrado, expediente_para_baja
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, SerieFactory, TipoDocumentalFactory, user_in
from tests.factories import UnidadFactory
from tests.search.fixtures import index_all

pytestmark = pytest.mark.django_db
API = "/api/v1/archivo"
AYER = datetime.date.today() - datetime.timedelta(days=1)


def _baja(expediente, concentracion, coordinacion) -> None:
    """A whole baja of `expediente`: solicitud, dictamen, acta and ejecución."""
    proceso = baja_solicitar(actor=concentracion, expedientes=[expediente], justificacion="Plazo cumplido")
    baja_dictaminar(actor=coordinacion, proceso=proceso, numero="DDF-13", fecha=AYER, emisor="Grupo")
    baja_registrar_acta(
        actor=coordinacion,
        proceso=proceso,
        numero="ABD-13",
        fecha=AYER,
        lugar="Ciudad de México",
        testigos=[{"nombre": "Ana", "identificacion": "INE 1"}, {"nombre": "Luis", "identificacion": "INE 2"}],
        metodo_destruccion="Trituración",
    )
    baja_ejecutar(actor=coordinacion, proceso=proceso)


@pytest.fixture
def archivos(make_user):
    return make_user(Rol.CONCENTRACION), make_user(Rol.COORDINACION)


def test_cierre_before_the_last_document_is_refused(make_user):
    """Closing with a date earlier than the last document answers 400 naming fecha_cierre; nothing is frozen."""
    rat = make_user(Rol.RESPONSABLE_AT)
    expediente = ExpedienteFactory(
        unidad=rat.perfil.unidad, serie=SerieFactory(), fecha_apertura=datetime.date(2026, 1, 5)
    )
    DocumentoFactory(expediente=expediente, fecha=datetime.date(2026, 1, 10))
    DocumentoFactory(expediente=expediente, fecha=datetime.date(2026, 3, 20))
    response = client_for(rat).post(
        f"{API}/expedientes/{expediente.pk}/cerrar/", {"fecha_cierre": "2026-02-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "20/03/2026" in response.json()["errors"]["fecha_cierre"][0]
    assert Expediente.objects.get(pk=expediente.pk).estado == Expediente.Estado.ABIERTO
    assert not IndiceElectronico.objects.filter(expediente=expediente).exists()


def test_removed_version_is_gone_though_identical_bytes_live_elsewhere(make_user, archivos):
    """The baja'd document answers 410 (API and page) while the same bytes filed in another expediente download."""
    concentracion, coordinacion = archivos
    contenido = f"Acta de entrega {uuid.uuid4()}".encode()
    dado_de_baja = con_documento(expediente_para_baja(unidad=UnidadFactory()), contenido)
    capturista = make_user(Rol.CAPTURISTA)
    vigente = con_documento(ExpedienteFactory(unidad=capturista.perfil.unidad, serie=SerieFactory()), contenido)
    _baja(dado_de_baja.expediente, concentracion, coordinacion)

    client = client_for(coordinacion)
    assert client.get(f"{API}/documentos/{dado_de_baja.pk}/versiones/1/contenido/").status_code == 410
    assert client.get(f"/archivo/documentos/{dado_de_baja.pk}/v/1/descargar/").status_code == 410
    response = client_for(capturista).get(f"{API}/documentos/{vigente.pk}/versiones/1/contenido/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == contenido


def test_same_bytes_uploaded_again_after_a_baja_are_searchable(settings, make_user, archivos):
    """Text a baja erased is extracted again when the same bytes come back, so the new document is found by its
    words; the removed document stays unfound."""
    settings.SAI_SEARCH = "database"
    get_backend().setup()
    concentracion, coordinacion = archivos
    palabra = f"zafiro{uuid.uuid4().hex[:8]}"
    contenido = f"Inventario de bienes {palabra}".encode()
    dado_de_baja = con_documento(expediente_para_baja(unidad=UnidadFactory()), contenido)
    _baja(dado_de_baja.expediente, concentracion, coordinacion)

    capturista = make_user(Rol.CAPTURISTA)
    expediente = ExpedienteFactory(unidad=capturista.perfil.unidad, serie=SerieFactory(), responsable=capturista)
    nuevo = documento_create(
        actor=capturista,
        expediente=expediente,
        tipo_documental=TipoDocumentalFactory(nombre="Inventario"),
        titulo="Inventario 2026",
        fecha=expediente.fecha_apertura,
        fileobj=io.BytesIO(contenido),
        filename="inventario.txt",
    )
    index_all()
    for sha in TextoExtraido.objects.filter(estado=TextoExtraido.Estado.PENDIENTE).values_list("blob_id", flat=True):
        texto_extraer_task.apply(args=[sha])  # what the worker runs for each requested extraction
    index_all()
    assert {h.objeto_id for h in search_run(user=capturista, q=palabra).hits} == {nuevo.pk}
    assert {h.objeto_id for h in search_run(user=coordinacion, q=palabra).hits} == {nuevo.pk}


@pytest.mark.parametrize(
    ("etapa", "custodio"),
    [(Expediente.Etapa.CONCENTRACION, Rol.CONCENTRACION), (Expediente.Etapa.HISTORICO, Rol.HISTORICO)],
)
def test_custody_moves_with_the_etapa(make_user, etapa, custodio):
    """The producing unidad's staff can no longer edit an expediente the archive holds (403); the archive can."""
    unidad = UnidadFactory()
    capturista, rat = user_in(unidad, Rol.CAPTURISTA), user_in(unidad, Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=unidad, etapa=etapa, responsable=rat)
    url, body = f"{API}/expedientes/{expediente.pk}/", {"ubicacion_topografica": "Estante 4, caja 12"}
    for productor in (capturista, rat):
        response = client_for(productor).patch(url, body, content_type="application/json")
        assert response.status_code == 403, (productor, response.content)
    assert Expediente.objects.get(pk=expediente.pk).ubicacion_topografica == ""
    response = client_for(make_user(custodio)).patch(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert Expediente.objects.get(pk=expediente.pk).ubicacion_topografica == "Estante 4, caja 12"
