"""Revocation status of a certificate at signing time, from OCSP (preferred) or a CRL, configured per issuer.

SAT certificates name no OCSP or CRL (signature.md §4.4), so sources come from SAI_FIRMA_REVOCACION, keyed by the
issuer's CN, RFC 4514 DN or SHA-256 fingerprint; the URLs inside the certificate are used too unless disabled.
The raw OCSP response / CRL is kept: it goes into the PDF's DSS (B-LT) and its summary into the Firma row.
"""

import datetime as dt
import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from firma.engine.config import FirmaConfig
from firma.engine.errors import ServicioNoDisponibleError

VIGENTE, REVOCADO, DESCONOCIDO, SIN_FUENTE = "vigente", "revocado", "desconocido", "sin_fuente"
SKEW = dt.timedelta(minutes=5)
MAX_RESPONSE = 10 * 1024 * 1024


@dataclass(frozen=True)
class EvidenciaRevocacion:
    estado: str  # VIGENTE | REVOCADO | DESCONOCIDO | SIN_FUENTE
    fuente: str = ""  # "ocsp" | "crl" | ""
    url: str = ""
    consultado: dt.datetime | None = None  # OCSP producedAt / CRL thisUpdate: when the status was asserted
    revocado_en: dt.datetime | None = None
    motivo: str = ""
    der: bytes = b""  # the OCSP response or CRL, for the DSS

    def resumen(self) -> dict:
        return {
            "estado": self.estado,
            "fuente": self.fuente,
            "url": self.url,
            "consultado": self.consultado.isoformat() if self.consultado else None,
            "revocado_en": self.revocado_en.isoformat() if self.revocado_en else None,
            "motivo": self.motivo,
        }


@dataclass(frozen=True)
class Fuentes:
    ocsp: tuple[str, ...]
    crl: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.ocsp or self.crl)


def fuentes_para(cert: x509.Certificate, issuer: x509.Certificate, config: FirmaConfig) -> Fuentes:
    """Configured sources for the issuer first, then (if allowed) the certificate's own AIA / CRL DP."""
    fingerprint = hashlib.sha256(issuer.public_bytes(serialization.Encoding.DER)).hexdigest()
    cn = issuer.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    keys = {fingerprint, issuer.subject.rfc4514_string(), str(cn[0].value) if cn else ""}
    ocsp_urls, crl_urls = [], []
    for key, entry in config.revocacion.items():
        if key in keys or key.lower().replace(":", "") == fingerprint:
            ocsp_urls += [entry["ocsp"]] if isinstance(entry.get("ocsp"), str) else list(entry.get("ocsp") or [])
            crl_urls += [entry["crl"]] if isinstance(entry.get("crl"), str) else list(entry.get("crl") or [])
    if config.revocacion_aia:
        try:
            aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
            ocsp_urls += [
                d.access_location.value for d in aia if d.access_method == x509.AuthorityInformationAccessOID.OCSP
            ]
        except x509.ExtensionNotFound:
            pass
        try:
            for point in cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value:
                crl_urls += [n.value for n in point.full_name or [] if isinstance(n, x509.UniformResourceIdentifier)]
        except x509.ExtensionNotFound:
            pass
    return Fuentes(tuple(dict.fromkeys(ocsp_urls)), tuple(dict.fromkeys(crl_urls)))


def _http(url: str, *, data: bytes | None, content_type: str, timeout: int) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"URL no admitida: {url}")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type} if data else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read(MAX_RESPONSE)


def _verify_ocsp(response: ocsp.OCSPResponse, issuer: x509.Certificate, now: dt.datetime) -> None:
    """The response is signed by the issuer or by a responder the issuer delegated (EKU OCSPSigning)."""
    responder = issuer
    for candidate in response.certificates:
        if candidate.issuer == issuer.subject:
            try:
                ekus = candidate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
            except x509.ExtensionNotFound:
                continue
            if ExtendedKeyUsageOID.OCSP_SIGNING in ekus:
                candidate.verify_directly_issued_by(issuer)
                if not candidate.not_valid_before_utc - SKEW <= now <= candidate.not_valid_after_utc + SKEW:
                    raise ValueError("el certificado del respondedor OCSP no está vigente")
                responder = candidate
                break
    public = responder.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise ValueError("respondedor OCSP con llave no RSA")
    public.verify(
        response.signature, response.tbs_response_bytes, padding.PKCS1v15(), response.signature_hash_algorithm
    )


def consultar_ocsp(cert: x509.Certificate, issuer: x509.Certificate, url: str, timeout: int) -> EvidenciaRevocacion:
    request = ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1()).build()  # noqa: S303 - RFC 5019
    der = _http(
        url,
        data=request.public_bytes(serialization.Encoding.DER),
        content_type="application/ocsp-request",
        timeout=timeout,
    )
    response = ocsp.load_der_ocsp_response(der)
    if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise ValueError(f"el OCSP respondió {response.response_status.name}")
    now = dt.datetime.now(dt.UTC)
    _verify_ocsp(response, issuer, now)
    for single in response.responses:
        if single.serial_number != cert.serial_number:
            continue
        if single.this_update_utc > now + SKEW or (single.next_update_utc and single.next_update_utc < now - SKEW):
            raise ValueError("la respuesta OCSP no está vigente")
        status = single.certificate_status
        if status == ocsp.OCSPCertStatus.REVOKED:
            reason = single.revocation_reason.name if single.revocation_reason else ""
            return EvidenciaRevocacion(
                REVOCADO, "ocsp", url, response.produced_at_utc, single.revocation_time_utc, reason, der
            )
        estado = VIGENTE if status == ocsp.OCSPCertStatus.GOOD else DESCONOCIDO
        return EvidenciaRevocacion(estado, "ocsp", url, response.produced_at_utc, der=der)
    raise ValueError("la respuesta OCSP no menciona el certificado")


def consultar_crl(cert: x509.Certificate, issuer: x509.Certificate, url: str, timeout: int) -> EvidenciaRevocacion:
    der = _http(url, data=None, content_type="", timeout=timeout)
    crl = x509.load_pem_x509_crl(der) if der.lstrip().startswith(b"-----BEGIN") else x509.load_der_x509_crl(der)
    if crl.issuer != issuer.subject or not crl.is_signature_valid(issuer.public_key()):
        raise ValueError("la CRL no está firmada por el emisor del certificado")
    now = dt.datetime.now(dt.UTC)
    if crl.next_update_utc is not None and crl.next_update_utc < now - SKEW:
        raise ValueError("la CRL está vencida")
    der = crl.public_bytes(serialization.Encoding.DER)
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if entry is None:
        return EvidenciaRevocacion(VIGENTE, "crl", url, crl.last_update_utc, der=der)
    try:
        reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.name
    except x509.ExtensionNotFound:
        reason = ""
    return EvidenciaRevocacion(REVOCADO, "crl", url, crl.last_update_utc, entry.revocation_date_utc, reason, der)


def revocacion_check(cert: x509.Certificate, issuer: x509.Certificate, config: FirmaConfig) -> EvidenciaRevocacion:
    """Ask each configured source in turn; SIN_FUENTE when there is none; raise when sources exist but all fail."""
    fuentes = fuentes_para(cert, issuer, config)
    if not fuentes:
        return EvidenciaRevocacion(SIN_FUENTE)
    errors = []
    for kind, urls, ask in (("OCSP", fuentes.ocsp, consultar_ocsp), ("CRL", fuentes.crl, consultar_crl)):
        for url in urls:
            try:
                evidencia = ask(cert, issuer, url, config.http_timeout)
            except (OSError, urllib.error.URLError, ValueError, InvalidSignature) as exc:
                errors.append(f"{kind} {url}: {getattr(exc, 'reason', None) or exc or type(exc).__name__}")
                continue
            if evidencia.estado != DESCONOCIDO:
                return evidencia
            errors.append(f"{kind} {url}: estado desconocido")
    raise ServicioNoDisponibleError(
        "No se pudo consultar el estado de revocación del certificado (" + "; ".join(errors) + ").",
        codigo="revocacion_no_disponible",
    )
