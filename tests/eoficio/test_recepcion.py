"""Oficialía de partes: registering received documents, folio, constancia, filing, refusals."""

import datetime
import io

import pytest
from pypdf import PdfReader

from earchivo.models import Documento
from eoficio.models import Registro
from eoficio.selectors_gestion import turnos_para_volante
from eoficio.services.gestion_pdf import volante_pdf
from eoficio.services.recepcion import registro_create
from eoficio.services.turnos import Destino
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.numeracion.services import numero_ultimo
from sai.org.roles import Rol
from sai.storage.services import blob_open
from tests.earchivo.factories import SerieFactory, pdf_bytes
from tests.eoficio.gestion_fixtures import momento
from tests.pdfa import assert_pdfa

pytestmark = pytest.mark.django_db


def _texto_pdf(sha256: str) -> str:
    with blob_open(sha256=sha256) as handle:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def test_registro_con_folio_y_constancia(gestion):
    """The registro gets OP/00001/AAAA, its effective day, a stored constancia naming the folio; audited."""
    registro = gestion.registrar(recibido=momento(2026, 11, 13, 19, 30))  # friday after hours
    assert registro.folio == "OP/00001/2026"
    assert registro.recepcion_efectiva == datetime.date(2026, 11, 17)  # weekend + Revolution holiday skipped
    assert registro.estado == Registro.Estado.RECIBIDO
    texto = _texto_pdf(registro.constancia_id)
    assert "Constancia de presentación" in texto and "OP/00001/2026" in texto
    assert EntradaBitacora.objects.filter(accion="registro.crear", objeto_id=str(registro.pk)).exists()
    assert gestion.registrar().folio == "OP/00002/2026"


def test_registro_rechaza_datos_incompletos_sin_gastar_folio(gestion):
    """Missing fields are named, and a refused registro spends no folio number."""
    with pytest.raises(ApplicationError) as exc:
        gestion.registrar(remitente_nombre=" ", asunto="", medio="paloma", fecha_documento=datetime.date(2099, 1, 1))
    assert {"remitente_nombre", "asunto", "medio", "fecha_documento"} <= set(exc.value.errors)
    with pytest.raises(ApplicationError) as exc:
        gestion.registrar(remitente_correo="no-es-correo")
    assert "remitente_correo" in exc.value.errors
    assert Registro.objects.count() == 0
    assert numero_ultimo(ambito="registro:OP", anio=2026) == 0


def test_solo_oficialia_registra(gestion):
    with pytest.raises(PermissionDeniedError):
        gestion.registrar(actor=gestion.analista_dga)


def test_digitalizacion_se_archiva_en_el_expediente_de_correspondencia(gestion, settings):
    """With SAI_CORRESPONDENCIA_SERIE the scan becomes a document of "Correspondencia recibida AAAA", one per year."""
    serie = SerieFactory(nombre="Correspondencia", unidades=[gestion.oficialia_ua])
    settings.SAI_CORRESPONDENCIA_SERIE = serie.clave
    contenido = pdf_bytes(text="Oficio escaneado")
    uno = gestion.registrar(fileobj=io.BytesIO(contenido), filename="escaneo.pdf")
    dos = gestion.registrar(fileobj=io.BytesIO(pdf_bytes(text="Otro")), filename="otro.pdf")
    assert uno.archivo_id and uno.documento_id and dos.documento_id
    documento = Documento.objects.select_related("expediente").get(pk=uno.documento_id)
    assert documento.expediente.titulo == f"Correspondencia recibida {uno.anio}"
    assert documento.expediente.unidad == gestion.oficialia_ua
    assert Documento.objects.get(pk=dos.documento_id).expediente_id == documento.expediente_id
    assert documento.versiones.get().blob_id == uno.archivo_id
    assert uno.archivo_id in _texto_pdf(uno.constancia_id).replace("\n", "")


def test_sin_serie_la_digitalizacion_queda_en_el_registro(gestion):
    registro = gestion.registrar(fileobj=io.BytesIO(pdf_bytes()), filename="x.pdf")
    assert registro.archivo_id and registro.documento_id is None


def test_archivo_no_permitido_no_deja_registro(gestion):
    """Content outside the allowed types is refused naming the field; nothing is left behind."""
    with pytest.raises(ApplicationError) as exc:
        gestion.registrar(fileobj=io.BytesIO(b"<html><script>x</script></html>"), filename="x.html")
    assert "archivo" in exc.value.errors
    assert Registro.objects.count() == 0


def test_usuario_sin_unidad(gestion, make_user):
    sin_unidad = make_user(Rol.OFICIALIA)
    sin_unidad.perfil.unidad = None
    sin_unidad.perfil.save()
    with pytest.raises(PermissionDeniedError):
        registro_create(
            actor=sin_unidad,
            medio="ventanilla",
            remitente_nombre="X",
            remitente_institucion="Y",
            asunto="Z",
            fecha_documento=datetime.date(2026, 1, 1),
        )


def test_constancia_y_volante_son_pdfa(gestion):
    """Both printed papers pass veraPDF's PDF/A-2b validation."""
    registro = gestion.registrar(asunto="Solicitud con acentos: información, año, señor")
    gestion.turnar(registro, gestion.dga, Destino(gestion.dj, copia=True))
    with blob_open(sha256=registro.constancia_id) as handle:
        constancia = handle.read()
    assert_pdfa(constancia, volante_pdf(registro=registro, turnos=list(turnos_para_volante(registro=registro))))
