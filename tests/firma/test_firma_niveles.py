"""Server-side signing at each PAdES level, checked by pyHanko (SAI's report) and by poppler/NSS (pdfsig)."""

import pytest

from firma.conf import firma_config
from firma.engine.original_string import sello_verify
from firma.engine.validation import pdf_validate
from firma.models import Firma, SolicitudFirma
from firma.services import firma_sign, firma_validate
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError
from tests.firma.conftest import blob_bytes, llave, pdfsig


@pytest.mark.parametrize("nivel", ["B-B", "B-T", "B-LT", "B-LTA"])
def test_sign_at_each_level_validates_in_pyhanko_and_pdfsig(firmante, solicitud_para, pki, tmp_path, nivel):
    """A signature at each level is intact, trusted, at that level, and poppler/NSS agree it is valid and trusted."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel=nivel)
    firma = firma_sign(
        actor=user,
        solicitud=solicitud,
        certificado=certificado,
        llave=llave(pki, "firmante1")[0],
        contrasena=llave(pki, "firmante1")[1],
    )
    assert (firma.estado, firma.nivel) == (Firma.Estado.COMPLETA, nivel)
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    pdf = blob_bytes(solicitud.actual_blob)
    reporte = pdf_validate(pdf, firma_config())
    assert reporte.valido, reporte
    (sig,) = reporte.firmas
    assert sig.nivel == nivel
    assert sig.intacta and sig.confiable and sig.certificacion
    assert sig.rfc == "LOPM800101AB1"
    if nivel == "B-B":
        assert sig.sello_tiempo is None and firma.tsa_fecha is None
    else:
        assert sig.sello_tiempo_confiable is True and firma.tsa_fecha is not None
    if nivel in ("B-LT", "B-LTA"):
        assert (sig.revocacion, sig.revocacion_fuente) == ("vigente", "ocsp")
        assert sig.revocacion_fecha is not None
    verdicts = [v for v in pdfsig(pki, pdf, tmp_path) if v["campo"] == "Firma1"]
    assert verdicts and verdicts[0]["valida"] and verdicts[0]["confiable"], verdicts


def test_signature_records_evidence_cadena_and_sello(firmante, solicitud_para, pki):
    """The Firma row keeps the revocation evidence, the signed hash, and the cadena original with its sello."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-LT")
    key, password = llave(pki, "firmante1")
    firma = firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    assert firma.revocacion["estado"] == "vigente" and firma.revocacion["fuente"] == "ocsp"
    assert firma.cadena_original.startswith("||1.0|DA/0001/2026|")
    sha256_documento = solicitud.base_blob.sha256
    assert f"|LOPM800101AB1|LOPM800101MDFPRR01|{certificado.numero_certificado}|{sha256_documento}|" in (
        firma.cadena_original
    )
    assert firma.cadena_original.endswith("|Dirección de Administración||")
    assert sello_verify(pki.cert("firmante1").public_key(), firma.cadena_original, firma.sello)
    reporte = pdf_validate(blob_bytes(firma.blob), firma_config())
    assert reporte.firmas[0].hash_firmado == firma.hash_firmado


def test_key_and_password_are_wiped_and_never_audited(firmante, solicitud_para, pki):
    """The .key and password buffers are overwritten after the call, and no audit entry carries them."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    key, password = llave(pki, "firmante1")
    firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    assert key == bytearray(len(key)) and password == bytearray(len(password))
    for entry in EntradaBitacora.objects.all():
        text = str(entry.datos)
        assert "12345678a" not in text and "PRIVATE" not in text


def test_validation_service_audits_and_reports(firmante, solicitud_para, pki):
    """firma_validate returns the report and records the check in the audit log."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    key, password = llave(pki, "firmante1")
    firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    reporte = firma_validate(pdf=blob_bytes(solicitud.actual_blob))
    assert reporte.valido
    entry = EntradaBitacora.objects.filter(accion="firma.validar").get()
    assert entry.datos["sha256"] == solicitud.actual_blob.sha256 and entry.datos["valido"] is True


@pytest.mark.parametrize("nivel", ["B-T", "B-LT", "B-LTA"])
def test_level_needing_a_tsa_is_refused_at_request_when_none_is_configured(firmante, solicitud_para, settings, nivel):
    """Without SAI_FIRMA_TSA_URL, B-T and above are refused when requested, before anything is stored."""
    settings.SAI_FIRMA_TSA_URL = ""
    user, _ = firmante("firmante1")
    with pytest.raises(ApplicationError) as info:
        solicitud_para(user, nivel=nivel)
    assert "sellado de tiempo" in info.value.errors["nivel"][0]
    assert not SolicitudFirma.objects.exists()
    assert solicitud_para(user, nivel="B-B").nivel == "B-B"
