"""e-archivo's firmable: a PDF version goes to signature; e-archivo files the signed PDF as its next version.

firma never writes e-archivo's tables: the signed PDF reaches e-archivo through the registry's `on_signed`, and a
version of a closed expediente is refused before any signature is made.
"""

import pytest

from earchivo.models import VersionDocumento
from earchivo.search import DocumentoIndexable
from earchivo.selectors.expedientes import indice_verify
from earchivo.services.cierre import expediente_close
from firma.engine.errors import PdfInvalidoError
from firma.models import Firma, SolicitudFirma
from firma.services import firma_complete, firma_prepare, firma_sign, solicitud_create
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ConflictError, NotFoundError
from tests.firma.conftest import blob_bytes, grant, llave, version_de
from tests.firma.test_dos_fases import navegador_firma, navegador_sello

TIPO = "earchivo.version"


@pytest.fixture
def enviar(solicitante, version_pdf):
    def make(*users, nivel="B-B", version=None):
        return solicitud_create(
            actor=solicitante,
            firmable_tipo=TIPO,
            firmable_id=(version or version_pdf()).pk,
            firmantes=[(u, f"Cargo {i}") for i, u in enumerate(users, start=1)],
            folio="DA/0002/2026",
            nivel=nivel,
        )

    return make


def _firmar(user, certificado, solicitud, pki, name):
    key, password = llave(pki, name)
    return firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)


def test_last_signature_files_a_new_version_and_keeps_the_unsigned_one(firmante, enviar, pki):
    """Only when the last signer signs does the document get a new version holding the signed PDF."""
    (u1, c1), (u2, c2) = firmante("firmante1"), firmante("firmante2")
    solicitud = enviar(u1, u2)
    documento = version_de(solicitud).documento
    _firmar(u1, c1, solicitud, pki, "firmante1")
    assert documento.versiones.count() == 1, "no new version while a signature is missing"
    _firmar(u2, c2, solicitud, pki, "firmante2")
    solicitud.refresh_from_db()
    versiones = list(documento.versiones.order_by("numero"))
    assert [v.numero for v in versiones] == [1, 2]
    original, firmada = versiones
    assert original.pk == solicitud.firmable_id and blob_bytes(original.blob)[:5] == b"%PDF-"
    assert firmada.blob_id == solicitud.actual_blob_id == solicitud.entregado_blob_id
    assert firmada.motivo == "Firmado electrónicamente por MARIA LOPEZ PEREZ y JUAN GARCIA HERNANDEZ"
    assert firmada.nombre_archivo == "oficio-firmado.pdf" and firmada.creado_por == u2
    assert (firmada.firma_solicitud, firmada.firma_folio) == (solicitud.uuid, "DA/0002/2026")
    assert original.firma_solicitud is None, "e-archivo marks only the version that holds the signed PDF"
    entry = EntradaBitacora.objects.get(accion="documento.version_firmada")
    assert entry.objeto_id == str(firmada.pk) and entry.datos["sha256"] == solicitud.actual_blob.sha256
    assert EntradaBitacora.objects.filter(accion="firma.entregar", objeto_id=str(solicitud.pk)).count() == 1


def test_two_phase_last_signature_files_the_version(firmante, enviar, pki):
    """Browser (two-phase) signing also files the signed PDF as a new version."""
    user, certificado = firmante("firmante1")
    solicitud = enviar(user)
    preparacion = firma_prepare(actor=user, solicitud=solicitud, certificado=certificado)
    firma_complete(
        actor=user,
        solicitud=solicitud,
        firma=navegador_firma(pki, "firmante1", preparacion.atributos),
        sello=navegador_sello(pki, "firmante1", preparacion),
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    assert version_de(solicitud).documento.versiones.filter(blob=solicitud.actual_blob).exists()


def test_non_pdf_version_is_refused_with_a_clear_message(firmante, enviar, version_pdf):
    """A text version cannot be sent to signature; the message names the version and its type."""
    user, _ = firmante("firmante1")
    with pytest.raises(PdfInvalidoError) as info:
        enviar(user, version=version_pdf(b"Texto plano, no es un PDF"))
    assert "Solo se pueden enviar a firma documentos PDF" in info.value.message
    assert "text/plain" in info.value.message
    assert not SolicitudFirma.objects.exists()


def test_requester_must_see_the_expediente(firmante, version_pdf, make_user):
    """A user holding solicitar_firma cannot send a document of an expediente they cannot see."""
    user, _ = firmante("firmante1")
    outsider = grant(make_user("Responsable de Archivo de Trámite"), "solicitar_firma")
    with pytest.raises(NotFoundError):
        solicitud_create(
            actor=outsider, firmable_tipo=TIPO, firmable_id=version_pdf().pk, firmantes=[(user, "")], folio="X/1"
        )
    assert not SolicitudFirma.objects.exists()
    assert VersionDocumento.objects.count() == 1


def test_version_of_a_closed_expediente_cannot_be_sent_to_signature(firmante, enviar, version_pdf, solicitante):
    """Closing the expediente first: the request is refused, nothing is rendered, the índice stays intact."""
    user, _ = firmante("firmante1")
    version = version_pdf()
    expediente = expediente_close(actor=solicitante, expediente=version.documento.expediente)
    with pytest.raises(ConflictError) as info:
        enviar(user, version=version)
    assert f"El expediente {expediente.clave} está cerrado" in info.value.message
    assert not SolicitudFirma.objects.exists()
    assert indice_verify(expediente=expediente).ok


def test_expediente_closed_after_the_request_refuses_the_signature_before_it_is_made(
    firmante, enviar, version_pdf, solicitante, pki
):
    """Closed while en firma: the signer's attempt (server-side or browser) is refused and nothing is embedded."""
    (u1, c1), (u2, _c2) = firmante("firmante1"), firmante("firmante2")
    version = version_pdf()
    solicitud = enviar(u1, u2, version=version)
    antes = solicitud.actual_blob_id
    expediente = expediente_close(actor=solicitante, expediente=version.documento.expediente)

    with pytest.raises(ConflictError) as info:
        _firmar(u1, c1, solicitud, pki, "firmante1")
    assert "ya no pueden firmarse" in info.value.message
    with pytest.raises(ConflictError):
        firma_prepare(actor=u1, solicitud=solicitud, certificado=c1)

    solicitud.refresh_from_db()
    assert solicitud.actual_blob_id == antes, "no signature was embedded"
    assert not Firma.objects.exists()
    assert version.documento.versiones.count() == 1
    assert indice_verify(expediente=expediente).ok, "the closed expediente's índice electrónico is untouched"


def test_search_knows_a_signed_version_from_e_archivos_own_record(firmante, enviar, pki):
    """The index marks the document firmado and finds its folio from VersionDocumento, not from firma's tables."""
    user, certificado = firmante("firmante1")
    solicitud = enviar(user)
    documento = version_de(solicitud).documento
    assert DocumentoIndexable().construir([documento.pk], con_texto=False)[documento.pk].firmado is False
    _firmar(user, certificado, solicitud, pki, "firmante1")
    elemento = DocumentoIndexable().construir([documento.pk], con_texto=False)[documento.pk]
    assert elemento.firmado is True and "DA/0002/2026" in elemento.claves
