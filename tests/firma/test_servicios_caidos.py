"""TSA or OCSP unreachable: refused, or queued and completed later, per configuration; never silently downgraded."""

import pytest

from firma.conf import firma_config
from firma.engine.errors import ServicioNoDisponibleError
from firma.engine.validation import pdf_validate
from firma.models import Firma
from firma.services import firma_sign, firma_upgrade
from sai.audit.models import EntradaBitacora
from tests.firma.conftest import DEAD_URL, blob_bytes, llave


def _sign(firmante, solicitud_para, pki, nivel):
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel=nivel)
    key, password = llave(pki, "firmante1")
    return solicitud, lambda: firma_sign(
        actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password
    )


def _ocsp_down(settings):
    settings.SAI_FIRMA_REVOCACION = {"SAI Pruebas AC Intermedia": {"ocsp": f"{DEAD_URL}/ocsp"}}
    settings.SAI_FIRMA_REVOCACION_AIA = False


@pytest.mark.parametrize("nivel", ["B-T", "B-LT", "B-LTA"])
def test_tsa_down_is_refused_and_changes_nothing(firmante, solicitud_para, pki, settings, nivel):
    """With policy "refuse", an unreachable TSA refuses B-T and above; the request stays as it was."""
    settings.SAI_FIRMA_TSA_URL = f"{DEAD_URL}/tsa"
    solicitud, sign = _sign(firmante, solicitud_para, pki, nivel)
    with pytest.raises(ServicioNoDisponibleError) as info:
        sign()
    assert info.value.codigo == "tsa_no_disponible"
    solicitud.refresh_from_db()
    assert solicitud.actual_blob_id == solicitud.base_blob_id and not Firma.objects.exists()


def test_ocsp_down_is_refused(firmante, solicitud_para, pki, settings):
    """With policy "refuse", an unreachable OCSP responder (and no CRL) refuses the signature."""
    _ocsp_down(settings)
    _solicitud, sign = _sign(firmante, solicitud_para, pki, "B-T")
    with pytest.raises(ServicioNoDisponibleError) as info:
        sign()
    assert info.value.codigo == "revocacion_no_disponible"
    assert not Firma.objects.exists()


def test_ocsp_down_falls_back_to_the_crl(firmante, solicitud_para, pki, settings):
    """When the OCSP responder is down but a CRL is configured, the CRL is the evidence."""
    base = pki.base_url
    settings.SAI_FIRMA_REVOCACION = {
        "SAI Pruebas AC Intermedia": {"ocsp": f"{DEAD_URL}/ocsp", "crl": f"{base}/crl/intermedia.crl"}
    }
    settings.SAI_FIRMA_REVOCACION_AIA = False
    _solicitud, sign = _sign(firmante, solicitud_para, pki, "B-LT")
    firma = sign()
    assert (firma.nivel, firma.revocacion["fuente"], firma.revocacion["estado"]) == ("B-LT", "crl", "vigente")


def test_tsa_down_with_queue_signs_pending_then_completes(firmante, solicitud_para, pki, settings):
    """With policy "queue" the signature is embedded now, marked pending at B-B, and completed when the TSA is back."""
    tsa = settings.SAI_FIRMA_TSA_URL
    settings.SAI_FIRMA_TSA_URL = f"{DEAD_URL}/tsa"
    settings.SAI_FIRMA_ON_SERVICE_FAILURE = "queue"
    solicitud, sign = _sign(firmante, solicitud_para, pki, "B-LT")
    firma = sign()
    assert (firma.estado, firma.nivel, firma.nivel_solicitado) == (Firma.Estado.PENDIENTE_NIVEL, "B-B", "B-LT")
    assert "TSA" in firma.pendiente_motivo
    solicitud.refresh_from_db()
    (sig,) = pdf_validate(blob_bytes(solicitud.actual_blob), firma_config()).firmas
    assert sig.nivel == "B-B", "the pending signature is reported at the level it really has"

    with pytest.raises(ServicioNoDisponibleError):
        firma_upgrade(firma_id=firma.pk)  # still down: the task would retry
    settings.SAI_FIRMA_TSA_URL = tsa
    firma = firma_upgrade(firma_id=firma.pk)
    assert (firma.estado, firma.nivel) == (Firma.Estado.COMPLETA, "B-LT")
    solicitud.refresh_from_db()
    reporte = pdf_validate(blob_bytes(solicitud.actual_blob), firma_config())
    (sig,) = reporte.firmas
    assert reporte.valido and sig.nivel in ("B-LT", "B-LTA") and sig.revocacion == "vigente"
    assert reporte.sellos_documento and reporte.sellos_documento[0].confiable
    assert EntradaBitacora.objects.filter(accion="firma.nivel_completar").count() == 1
    assert firma_upgrade(firma_id=firma.pk).estado == Firma.Estado.COMPLETA  # idempotent


def test_ocsp_down_with_queue_is_pending_not_downgraded(firmante, solicitud_para, pki, settings):
    """With policy "queue" and OCSP down, the signature is kept pending with the reason, not passed off as B-LT."""
    _ocsp_down(settings)
    settings.SAI_FIRMA_ON_SERVICE_FAILURE = "queue"
    _solicitud, sign = _sign(firmante, solicitud_para, pki, "B-LT")
    firma = sign()
    assert firma.estado == Firma.Estado.PENDIENTE_NIVEL and firma.nivel == "B-T"
    assert "revocación" in firma.pendiente_motivo
