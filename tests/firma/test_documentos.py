"""e-archivo wiring: a PDF version goes to signature; the last signature files the signed PDF as a new version."""

import pytest

from earchivo.models import VersionDocumento
from firma.engine.errors import PdfInvalidoError
from firma.models import SolicitudFirma
from firma.services import documento_firma_complete, documento_firmar, documento_solicitud_create, firma_prepare
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import NotFoundError
from tests.firma.conftest import blob_bytes, grant, llave
from tests.firma.test_dos_fases import navegador_firma


@pytest.fixture
def enviar(solicitante, version_pdf):
    def make(*users, nivel="B-B", version=None):
        return documento_solicitud_create(
            actor=solicitante,
            version=version or version_pdf(),
            firmantes=[(u, f"Cargo {i}") for i, u in enumerate(users, start=1)],
            folio="DA/0002/2026",
            nivel=nivel,
        )

    return make


def _firmar(user, certificado, solicitud, pki, name):
    key, password = llave(pki, name)
    return documento_firmar(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)


def test_last_signature_files_a_new_version_and_keeps_the_unsigned_one(firmante, enviar, pki):
    """Only when the last signer signs does the document get a new version holding the signed PDF."""
    (u1, c1), (u2, c2) = firmante("firmante1"), firmante("firmante2")
    solicitud = enviar(u1, u2)
    documento = solicitud.version.documento
    _firmar(u1, c1, solicitud, pki, "firmante1")
    assert documento.versiones.count() == 1, "no new version while a signature is missing"
    firma = _firmar(u2, c2, solicitud, pki, "firmante2")
    solicitud.refresh_from_db()
    versiones = list(documento.versiones.order_by("numero"))
    assert [v.numero for v in versiones] == [1, 2]
    original, firmada = versiones
    assert original.pk == solicitud.version_id and blob_bytes(original.blob)[:5] == b"%PDF-"
    assert firmada.blob_id == solicitud.actual_blob_id
    assert firmada.motivo == "Firmado electrónicamente por MARIA LOPEZ PEREZ y JUAN GARCIA HERNANDEZ"
    assert firmada.nombre_archivo == "oficio-firmado.pdf" and firmada.creado_por == u2
    firma.refresh_from_db()
    assert firma.version_resultante == firmada
    entry = EntradaBitacora.objects.get(accion="firma.version_firmada")
    assert entry.objeto_id == str(firmada.pk) and entry.datos["sha256"] == solicitud.actual_blob.sha256


def test_two_phase_last_signature_files_the_version(firmante, enviar, pki):
    """Browser (two-phase) signing also files the signed PDF as a new version."""
    user, certificado = firmante("firmante1")
    solicitud = enviar(user)
    preparacion = firma_prepare(actor=user, solicitud=solicitud, certificado=certificado)
    documento_firma_complete(
        actor=user, solicitud=solicitud, firma=navegador_firma(pki, "firmante1", preparacion.atributos)
    )
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    assert solicitud.version.documento.versiones.filter(blob=solicitud.actual_blob).exists()


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
        documento_solicitud_create(actor=outsider, version=version_pdf(), firmantes=[(user, "")], folio="X/1")
    assert not SolicitudFirma.objects.exists()
    assert VersionDocumento.objects.count() == 1
