"""Signature costs: raw RSA-2048 through `cryptography` (the limit) beside SAI's PAdES signing and validation.

All on one 1-page oficio (reportlab, via sai.core.reports) already rendered with its QR and signature field, signed
with a visible appearance by a key parsed once (as in one request). Single thread, so the figures are per core.
Needs the test PKI and TSA/OCSP of deploy/services/firma.sh (`make bench` starts the services).
Targets (issue #4): B-B ≥ 50 signatures/s per core, validation ≥ 45/s per core.
The batch rate is the server-mode batch service end to end (one `.key` for BATCH requests, each in its own
transaction: chain and revocation checks, signing, storage, audit and delivery to e-archivo) at level B-B.
"""

import statistics
import time
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from reportlab.platypus import Paragraph

from firma.engine import pades
from firma.engine.certificates import certificado_load, llave_load
from firma.engine.config import FirmaConfig
from firma.engine.original_string import sello_sign
from firma.engine.pdf import pdf_render
from firma.engine.trust import certificado_verify
from firma.engine.validation import pdf_validate
from sai.core.reports import pdf_build, pdf_styles
from tests.firma.testpki.pki import PASSWORD, PkiPrueba

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5  # median of RUNS runs: this machine is shared and noisy
BATCH = 100


def _config(pki: PkiPrueba) -> FirmaConfig:
    base = pki.base_url
    return FirmaConfig(
        nivel_default="B-LT",
        niveles={},
        raices=(str(pki.path("raiz.pem")),),
        intermedios=(str(pki.path("intermedia.pem")),),
        tsa_url=f"{base}/tsa",
        revocacion={"SAI Pruebas AC Intermedia": {"ocsp": f"{base}/ocsp", "crl": [f"{base}/crl/intermedia.crl"]}},
        revocacion_aia=True,
        on_service_failure="refuse",
        http_timeout=10,
        bytes_reservados=0,
        site_url="https://sai.example.gob.mx",
    )


def _oficio() -> bytes:
    styles = pdf_styles()
    story = [
        Paragraph("Dirección de Administración — Oficio DA/0001/2026", styles["title"]),
        Paragraph("Por medio del presente le informo que el inventario quedó concluido.", styles["body"]),
        Paragraph("Atentamente,", styles["body"]),
    ]
    return pdf_build(story, title="Oficio DA/0001/2026")


def _rate(fn, count: int) -> float:
    """Operations per second: the median of RUNS timed loops of `count` calls."""
    rates = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for _ in range(count):
            fn()
        rates.append(count / (time.perf_counter() - started))
    return statistics.median(rates)


def _batch_rate(pki: PkiPrueba, config: FirmaConfig) -> float:
    """Documents per second of one server-mode batch of BATCH B-B requests (set up outside the timed part)."""
    from django.contrib.auth.models import Permission
    from django.test import override_settings

    from firma.services import certificado_register, firma_sign_batch, solicitud_create
    from sai.org.models import Perfil
    from sai.org.roles import Rol
    from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, VersionFactory, user_in

    firma_settings = {
        "SAI_FIRMA_RAICES": list(config.raices),
        "SAI_FIRMA_INTERMEDIOS": list(config.intermedios),
        "SAI_FIRMA_TSA_URL": config.tsa_url,
        "SAI_FIRMA_REVOCACION": config.revocacion,
        "SAI_FIRMA_REVOCACION_AIA": True,
        "SAI_FIRMA_ON_SERVICE_FAILURE": "refuse",
        "SAI_FIRMA_BYTES_RESERVADOS": 0,
    }
    with override_settings(**firma_settings):
        expediente = ExpedienteFactory()
        perms = Permission.objects.filter(content_type__app_label="firma")
        solicitante = user_in(expediente.unidad, "Responsable de Archivo de Trámite")
        solicitante.user_permissions.add(*perms.filter(codename="solicitar_firma"))
        user = user_in(expediente.unidad, Rol.FIRMANTE)
        user.user_permissions.add(*perms.filter(codename="firmar_documento"))
        datos = certificado_verify(certificado_load(pki.cer("firmante1")), config).datos
        Perfil.objects.filter(usuario=user).update(rfc=datos.rfc, curp=datos.curp)
        solicitante, user = (type(u).objects.get(pk=u.pk) for u in (solicitante, user))
        certificado = certificado_register(actor=user, cer=pki.cer("firmante1"))
        oficio = _oficio()
        uuids = [
            solicitud_create(
                actor=solicitante,
                firmable_tipo="earchivo.version",
                firmable_id=VersionFactory(
                    documento=DocumentoFactory(expediente=expediente, version=None), contenido=oficio
                ).pk,
                firmantes=[(user, "Directora")],
                folio=f"DA/{i:04d}/2026",
                nivel="B-B",
            ).uuid
            for i in range(BATCH)
        ]
        started = time.perf_counter()
        resultados = firma_sign_batch(
            actor=user,
            uuids=uuids,
            certificado=certificado,
            llave=bytearray(pki.key("firmante1")),
            contrasena=bytearray(PASSWORD.encode()),
        )
        elapsed = time.perf_counter() - started
    assert all(r.firmada for r in resultados), [r.error for r in resultados if not r.firmada][:3]
    return BATCH / elapsed


def run() -> list[tuple[str, float, str]]:
    pki = PkiPrueba(ROOT / ".services" / "firma")
    config = _config(pki)
    cert = certificado_load(pki.cer("firmante1"))
    key = llave_load(llave=pki.key("firmante1"), contrasena=PASSWORD)
    verificacion = certificado_verify(cert, config)
    signer = pades.LlaveSigner(cert=cert, key=key, cadena=verificacion.cadena)
    directora = [("María López Pérez", "Directora de Administración")]
    base, (campo,) = pdf_render(pdf=_oficio(), firmantes=directora, folio="DA/0001/2026", url=f"{config.site_url}/v/x")
    cadena = "||1.0|DA/0001/2026|2026-12-03T12:00:00Z|LOPM800101AB1|LOPM800101MDFPRR01|30001000000500000006|x||"
    datos = verificacion.datos
    apariencia = pades.Apariencia(
        nombre=datos.titular,
        cargo=directora[0][1],
        rfc=datos.rfc,
        fecha="03/12/2026 06:00:00 (CST)",
        curp=datos.curp,
        numero_certificado=datos.numero_certificado,
        nivel="B-B",
        cadena_original=cadena,
        sello=sello_sign(key, cadena),
    )

    def sign(nivel: str) -> bytes:
        return pades.firmar(
            base,
            signer=signer,
            campo=campo.nombre,
            certificar=True,
            motivo="Firma",
            apariencia=apariencia,
            nivel=nivel,
            config=config,
            cadena=verificacion.cadena,
            evidencia=verificacion.revocacion,
        ).pdf

    message = b"x" * 32
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    public = cert.public_key()
    rsa_sign = _rate(lambda: key.sign(message, padding.PKCS1v15(), hashes.SHA256()), 400)
    rsa_verify = _rate(lambda: public.verify(signature, message, padding.PKCS1v15(), hashes.SHA256()), 4000)
    bb_sign = _rate(lambda: sign("B-B"), 30)
    blt_sign = _rate(lambda: sign("B-LT"), 5)
    signed = sign("B-B")
    assert pdf_validate(signed, config).valido
    validate = _rate(lambda: pdf_validate(signed, config), 30)
    checks = _rate(lambda: certificado_verify(cert, config), 10)
    batch = _batch_rate(pki, config)
    return [
        ("raw RSA-2048 sign, PKCS#1 v1.5 SHA-256 (cryptography)", rsa_sign, "ops/s"),
        ("raw RSA-2048 verify (cryptography)", rsa_verify, "ops/s"),
        ("SAI PAdES B-B sign (visible field, cached key)", bb_sign, "sig/s"),
        ("SAI PAdES B-LT sign (+TSA, OCSP, DSS over loopback)", blt_sign, "sig/s"),
        ("SAI validation report of a B-B PDF (offline)", validate, "docs/s"),
        ("SAI pre-sign checks (chain + live OCSP)", checks, "certs/s"),
        (f"SAI batch sign, server mode, {BATCH} docs B-B (end to end)", batch, "docs/s"),
        ("ratio B-B sign / raw RSA sign (time)", rsa_sign / bb_sign, "x"),
        ("ratio validation / raw RSA verify (time)", rsa_verify / validate, "x"),
        ("ratio batch document / raw RSA sign (time)", rsa_sign / batch, "x"),
        ("B-B sign vs target 50/s per core", bb_sign / 50, "x target"),
        ("validation vs target 45/s per core", validate / 45, "x target"),
    ]
