"""Trust: build a certificate's chain from the configured anchors and check it before signing.

Trust anchors are configuration (SAI_FIRMA_RAICES): the SAT e.firma roots and the institution's CA can be trusted
at once. Path validation is pyhanko-certvalidator's (RFC 5280), which accepts SAT's extension set as is.
"""

import asyncio
import datetime as dt
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    InvalidCertificateError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
)

from firma.engine import patches  # noqa: F401 - SAT names must parse before any certificate reaches asn1crypto
from firma.engine.certificates import DatosCertificado, certificado_check_firmante, fecha_local
from firma.engine.config import FirmaConfig
from firma.engine.errors import CertificadoError
from firma.engine.revocation import REVOCADO, SIN_FUENTE, EvidenciaRevocacion, revocacion_check

KEY_USAGE = {"non_repudiation"}


def asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, Exception):
        return False
    return True


def cadena_emisores(cert: x509.Certificate, config: FirmaConfig, extra=()) -> list[x509.Certificate]:
    """The issuers above `cert` (intermediates, then the root when known), found among configured certificates."""
    pool = [*config.intermediate_certs, *config.trust_roots, *extra]
    chain, current = [], cert
    for _ in range(8):
        if _self_signed(current):
            break
        issuer = None
        for candidate in pool:
            if candidate.subject != current.issuer or candidate in chain:
                continue
            try:
                current.verify_directly_issued_by(candidate)
            except Exception:  # noqa: S112 - wrong key or algorithm: keep looking
                continue
            issuer = candidate
            break
        if issuer is None:
            break
        chain.append(issuer)
        current = issuer
    return chain


def validation_context(
    config: FirmaConfig,
    *,
    moment: dt.datetime | None = None,
    certs=(),
    ocsps=(),
    crls=(),
    fetching: bool = False,
    revocation_mode: str = "soft-fail",
) -> ValidationContext:
    """A context trusting exactly SAI_FIRMA_RAICES (never the OS store), with the given evidence preloaded."""
    roots = [asn1(c) for c in config.trust_roots]
    if not roots:
        raise CertificadoError(
            "No hay raíces de confianza configuradas (SAI_FIRMA_RAICES): no se puede confiar en ningún certificado.",
            codigo="sin_raices",
        )
    return ValidationContext(
        trust_roots=roots,
        other_certs=[asn1(c) for c in config.intermediate_certs]
        + [c if isinstance(c, asn1_x509.Certificate) else asn1(c) for c in certs],
        ocsps=list(ocsps),
        crls=list(crls),
        allow_fetching=fetching,
        revocation_mode=revocation_mode,
        moment=moment,
        retroactive_revinfo=moment is not None,
    )


@dataclass(frozen=True)
class Verificacion:
    """What the pre-signing check established, recorded with the signature."""

    datos: DatosCertificado
    cadena: list[x509.Certificate]  # issuers, bottom-up
    revocacion: EvidenciaRevocacion


MOTIVOS = {
    "key_compromise": "llave comprometida",
    "ca_compromise": "autoridad certificadora comprometida",
    "affiliation_changed": "cambio de afiliación",
    "superseded": "reemplazado",
    "cessation_of_operation": "cese de operaciones",
    "certificate_hold": "suspendido",
    "privilege_withdrawn": "privilegio retirado",
}


def error_revocado(evidencia: EvidenciaRevocacion) -> CertificadoError:
    cuando = fecha_local(evidencia.revocado_en) if evidencia.revocado_en else ""
    motivo = MOTIVOS.get(evidencia.motivo, evidencia.motivo)
    return CertificadoError(
        f"El certificado fue revocado{' el ' + cuando if cuando else ''}{' (' + motivo + ')' if motivo else ''}"
        f" según {evidencia.fuente.upper()}; ya no puede firmar.",
        codigo="revocado",
    )


async def _validate_path(cert: x509.Certificate, context: ValidationContext) -> None:
    validator = CertificateValidator(asn1(cert), validation_context=context)
    await validator.async_validate_usage(KEY_USAGE)


def certificado_verify(
    cert: x509.Certificate, config: FirmaConfig, *, at: dt.datetime | None = None, revocacion: bool = True
) -> Verificacion:
    """Everything that must hold before `cert` may sign: type, validity, trusted chain, not revoked.

    Raises CertificadoError (sello, expirado, no_vigente_aun, no_confiable, revocado) or
    ServicioNoDisponibleError when revocation sources exist but none answered.
    """
    at = at or dt.datetime.now(dt.UTC)
    datos = certificado_check_firmante(cert, at=at)
    cadena = cadena_emisores(cert, config)
    try:
        asyncio.run(_validate_path(cert, validation_context(config, moment=at, certs=cadena)))
    except PathBuildingError:
        raise CertificadoError(
            f"El certificado no es de confianza: su emisor «{datos.emisor}» no pertenece a ninguna autoridad "
            "certificadora configurada en SAI.",
            codigo="no_confiable",
        ) from None
    except RevokedError:
        raise CertificadoError("El certificado está revocado.", codigo="revocado") from None
    except (InvalidCertificateError, PathValidationError) as exc:
        raise CertificadoError(f"El certificado no es válido para firmar: {exc}", codigo="no_confiable") from None
    evidencia = EvidenciaRevocacion(SIN_FUENTE)
    if revocacion and cadena:
        evidencia = revocacion_check(cert, cadena[0], config)
        if evidencia.estado == REVOCADO:
            raise error_revocado(evidencia)
    return Verificacion(datos=datos, cadena=cadena, revocacion=evidencia)
