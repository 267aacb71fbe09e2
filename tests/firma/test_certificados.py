"""Certificates and keys: identity read from SAT-shaped certificates, and every refusal with its reason."""

import pytest
from django.utils import timezone

from firma.engine.certificates import (
    EFIRMA,
    SELLO,
    certificado_datos,
    certificado_load,
    llave_check_pair,
    llave_load,
)
from firma.engine.errors import CertificadoError, LlaveError
from firma.models import Certificado
from firma.services import certificado_register
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ConflictError, PermissionDeniedError
from tests.firma.conftest import grant, identify
from tests.firma.testpki.pki import PASSWORD


def test_sat_certificate_shows_rfc_curp_and_sat_number(pki):
    """A SAT-shaped certificate (PrintableString 2.5.4.45) yields name, RFC, CURP, SAT number, hex serial, issuer."""
    datos = certificado_datos(certificado_load(pki.cer("sat")))
    assert datos.titular == "ALBA XKARAJAM MENDEZ"
    assert datos.rfc == "XAMA620210DQ5"
    assert datos.curp == "XAMA620210MSLKNL04"
    assert len(datos.numero_certificado) == 20 and datos.numero_certificado.isdigit()
    assert bytes.fromhex(datos.serie_hex).decode() == datos.numero_certificado
    assert datos.emisor == "SAI Pruebas AC Intermedia"
    assert datos.vigente_desde < datos.vigente_hasta
    assert datos.tipo == EFIRMA


def test_csd_is_classified_as_sello_and_splits_representative(pki):
    """A CSD (no EKU, branch OU) is a sello; 'holder / representative' RFC and CURP are split."""
    datos = certificado_datos(certificado_load(pki.cer("sello")))
    assert datos.tipo == SELLO
    assert (datos.rfc, datos.rfc_representante) == ("JES900109Q90", "KAHO641101B39")
    assert datos.curp_representante == "KAHO641101HNTLKS06"


def test_register_stores_parsed_fields_and_audits(make_user, pki):
    """Registering a valid e.firma stores its identity and writes an audit entry."""
    user = grant(identify(make_user(), pki, "firmante1"), "firmar_documento")
    certificado = certificado_register(actor=user, cer=pki.cer("firmante1"))
    assert certificado.rfc == "LOPM800101AB1" and certificado.tipo == Certificado.Tipo.EFIRMA
    assert bytes(certificado.der) == pki.cer("firmante1")
    entry = EntradaBitacora.objects.get(accion="firma.certificado_registrar")
    assert entry.datos["revocacion"]["estado"] == "vigente"


def test_register_twice_is_a_conflict(make_user, pki):
    """The same certificate cannot be registered twice."""
    user = grant(identify(make_user(), pki, "firmante1"), "firmar_documento")
    certificado_register(actor=user, cer=pki.cer("firmante1"))
    with pytest.raises(ConflictError):
        certificado_register(actor=user, cer=pki.cer("firmante1"))


def test_register_requires_permission(make_user, pki):
    """A user without firma.firmar_documento cannot register a certificate."""
    with pytest.raises(PermissionDeniedError):
        certificado_register(actor=make_user(), cer=pki.cer("firmante1"))
    assert not Certificado.objects.exists()


@pytest.mark.parametrize(
    ("name", "codigo", "texto"),
    [
        ("sello", "sello", "Sello Digital"),
        ("expirado", "expirado", "venció"),
        ("futuro", "no_vigente_aun", "aún no es vigente"),
        ("revocado", "revocado", "revocado"),
        ("ajeno", "no_confiable", "no es de confianza"),
    ],
)
def test_register_refuses_with_the_exact_reason(make_user, pki, name, codigo, texto):
    """CSD, expired, not-yet-valid, revoked and untrusted certificates are refused, each with its own message."""
    user = grant(make_user(), "firmar_documento")
    with pytest.raises(CertificadoError) as info:
        certificado_register(actor=user, cer=pki.cer(name))
    assert info.value.codigo == codigo
    assert texto in info.value.message
    assert not Certificado.objects.exists()


def test_not_a_certificate_is_refused(make_user):
    """Bytes that are not X.509 get a format error naming the .cer."""
    user = grant(make_user(), "firmar_documento")
    with pytest.raises(CertificadoError) as info:
        certificado_register(actor=user, cer=b"%PDF-1.7 esto no es un certificado")
    assert info.value.codigo == "formato" and ".cer" in info.value.message


def test_sat_format_key_loads_with_its_password(pki):
    """The SAT-format .key (PBES2, PBKDF2-SHA1, 3DES) decrypts and matches its certificate."""
    key = llave_load(llave=pki.key("sat"), contrasena=PASSWORD)
    llave_check_pair(key, certificado_load(pki.cer("sat")))


def test_wrong_password_is_refused(pki):
    """A wrong password says so, on the password field."""
    with pytest.raises(LlaveError) as info:
        llave_load(llave=pki.key("firmante1"), contrasena="no-es-esta")
    assert info.value.codigo == "contrasena"
    assert "contrasena" in info.value.errors


def test_key_of_another_certificate_is_refused(pki):
    """A key that does not belong to the certificate is refused."""
    key = llave_load(llave=pki.key("firmante2"), contrasena=PASSWORD)
    with pytest.raises(LlaveError) as info:
        llave_check_pair(key, certificado_load(pki.cer("firmante1")))
    assert info.value.codigo == "no_corresponde"


def test_garbage_key_is_refused(pki):
    """Bytes that are not a private key get a format error."""
    with pytest.raises(LlaveError) as info:
        llave_load(llave=b"\x30\x03\x02\x01\x00", contrasena=PASSWORD)
    assert info.value.codigo == "formato"


@pytest.mark.parametrize(
    ("name", "attribute"), [("expirado", "not_valid_after_utc"), ("futuro", "not_valid_before_utc")]
)
def test_validity_dates_in_refusals_use_the_institution_time_zone(make_user, pki, name, attribute):
    """The dates in a refusal are in the institution's time zone (as on every other page), not UTC."""
    user = grant(make_user(), "firmar_documento")
    with pytest.raises(CertificadoError) as info:
        certificado_register(actor=user, cer=pki.cer(name))
    local = timezone.localtime(getattr(pki.cert(name), attribute))
    assert f"{local:%d/%m/%Y %H:%M} {local.tzname()}" in info.value.message
    assert "UTC" not in info.value.message
