"""Two-phase signing: the server prepares, an external signer (the browser's role, played by `cryptography`)
signs the attributes with the key the server never sees, the server embeds and completes the level."""

import base64
import datetime as dt

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.utils import timezone

from firma.conf import firma_config
from firma.engine.certificates import llave_load
from firma.engine.errors import CertificadoError, LlaveError, OrdenError
from firma.engine.validation import pdf_validate
from firma.models import Firma, Firmante
from firma.services import firma_complete, firma_prepare, firma_sign
from tests.firma.conftest import blob_bytes, llave, pdfsig
from tests.firma.testpki.pki import PASSWORD


def navegador_sello(pki, name: str, preparacion) -> str:
    """The browser's second signature in the same step: over the cadena original (the sello), base64."""
    key = llave_load(llave=pki.key(name), contrasena=PASSWORD)
    return base64.b64encode(key.sign(preparacion.cadena.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def navegador_firma(pki, name: str, atributos: bytes) -> bytes:
    """What the browser does with WebCrypto: RSASSA-PKCS1-v1_5 with SHA-256 over the signed attributes."""
    key = llave_load(llave=pki.key(name), contrasena=PASSWORD)
    return key.sign(atributos, padding.PKCS1v15(), hashes.SHA256())


@pytest.mark.parametrize("nivel", ["B-B", "B-LTA"])
def test_two_phase_signature_validates(firmante, solicitud_para, pki, tmp_path, nivel):
    """prepare → external RSA signature → complete gives a valid signature at the requested level."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel=nivel)
    preparacion = firma_prepare(actor=user, solicitud=solicitud, certificado=certificado)
    assert preparacion.algoritmo == "RSASSA-PKCS1-v1_5/SHA-256"
    assert preparacion.atributos[0] == 0x31  # DER SET OF: the CMS signed attributes
    firma = firma_complete(
        actor=user,
        solicitud=solicitud,
        firma=navegador_firma(pki, "firmante1", preparacion.atributos),
        sello=navegador_sello(pki, "firmante1", preparacion),
    )
    assert (firma.modo, firma.nivel, firma.estado) == (Firma.Modo.DOS_FASES, nivel, Firma.Estado.COMPLETA)
    solicitud.refresh_from_db()
    pdf = blob_bytes(solicitud.actual_blob)
    reporte = pdf_validate(pdf, firma_config())
    assert reporte.valido and reporte.firmas[0].nivel == nivel
    verdict = next(v for v in pdfsig(pki, pdf, tmp_path) if v["campo"] == "Firma1")
    assert verdict["valida"] and verdict["confiable"]


def test_two_phase_then_server_side_in_order(firmante, solicitud_para, pki):
    """A browser-signed first signature and a server-side second one coexist and both validate."""
    (u1, c1), (u2, c2) = firmante("firmante1"), firmante("sat")
    solicitud = solicitud_para(u1, u2, nivel="B-LT")
    preparacion = firma_prepare(actor=u1, solicitud=solicitud, certificado=c1)
    firma_complete(
        actor=u1,
        solicitud=solicitud,
        firma=navegador_firma(pki, "firmante1", preparacion.atributos),
        sello=navegador_sello(pki, "firmante1", preparacion),
    )
    key, password = llave(pki, "sat")
    firma_sign(actor=u2, solicitud=solicitud, certificado=c2, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    reporte = pdf_validate(blob_bytes(solicitud.actual_blob), firma_config())
    assert reporte.valido and [f.rfc for f in reporte.firmas] == ["LOPM800101AB1", "XAMA620210DQ5"]


def test_signature_from_another_key_is_refused(firmante, solicitud_para, pki):
    """A raw signature made with a key that is not the certificate's is refused; nothing is embedded."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    preparacion = firma_prepare(actor=user, solicitud=solicitud, certificado=certificado)
    with pytest.raises(LlaveError) as info:
        firma_complete(
            actor=user,
            solicitud=solicitud,
            firma=navegador_firma(pki, "firmante2", preparacion.atributos),
            sello=navegador_sello(pki, "firmante2", preparacion),
        )
    assert info.value.codigo == "firma_invalida"
    assert not Firma.objects.exists()


def test_complete_without_prepare_is_refused(firmante, solicitud_para):
    """Completing before preparing is refused."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    with pytest.raises(OrdenError) as info:
        firma_complete(actor=user, solicitud=solicitud, firma=b"\x00" * 256, sello="")
    assert info.value.codigo == "sin_preparar"


def test_expired_preparation_is_refused(firmante, solicitud_para, pki):
    """A preparation older than its validity window must be prepared again."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    preparacion = firma_prepare(actor=user, solicitud=solicitud, certificado=certificado)
    Firmante.objects.filter(pk=preparacion.firmante_id).update(preparado_en=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(OrdenError) as info:
        firma_complete(
            actor=user,
            solicitud=solicitud,
            firma=navegador_firma(pki, "firmante1", preparacion.atributos),
            sello=navegador_sello(pki, "firmante1", preparacion),
        )
    assert info.value.codigo == "preparacion_vencida"


def test_prepare_refuses_out_of_turn(firmante, solicitud_para):
    """The second signer cannot prepare before the first has signed."""
    (u1, _c1), (u2, c2) = firmante("firmante1"), firmante("firmante2")
    solicitud = solicitud_para(u1, u2, nivel="B-B")
    with pytest.raises(OrdenError) as info:
        firma_prepare(actor=u2, solicitud=solicitud, certificado=c2)
    assert info.value.codigo == "fuera_de_orden"


def test_browser_sello_is_checked_and_recorded(firmante, solicitud_para, pki, tmp_path):
    """The sello over the cadena original comes from the browser in the same step; a wrong one is refused."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    preparacion = firma_prepare(actor=user, solicitud=solicitud, certificado=certificado)
    assert preparacion.cadena.startswith("||1.0|DA/0001/2026|") and "LOPM800101AB1" in preparacion.cadena
    firma = navegador_firma(pki, "firmante1", preparacion.atributos)
    with pytest.raises(LlaveError) as info:
        firma_complete(actor=user, solicitud=solicitud, firma=firma, sello=base64.b64encode(firma).decode())
    assert info.value.codigo == "sello_invalido"
    assert not Firma.objects.exists()
    sello = navegador_sello(pki, "firmante1", preparacion)
    registrada = firma_complete(actor=user, solicitud=solicitud, firma=firma, sello=sello)
    assert (registrada.cadena_original, registrada.sello) == (preparacion.cadena, sello)


def test_preparing_with_a_certificate_found_revoked_deactivates_it(firmante, solicitud_para):
    """Two-phase too: a certificate found revoked at preparation is refused and leaves the active list."""
    user, certificado = firmante("revocado", registrar=False)
    solicitud = solicitud_para(user, nivel="B-B")
    with pytest.raises(CertificadoError) as info:
        firma_prepare(actor=user, solicitud=solicitud, certificado=certificado)
    assert info.value.codigo == "revocado"
    certificado.refresh_from_db()
    assert certificado.activo is False and not Firmante.objects.exclude(estado=Firmante.Estado.PENDIENTE).exists()
