"""PAdES signing with pyHanko: B-B / B-T / B-LT / B-LTA in pre-created fields, one incremental update each.

One pipeline for every mode: a CMS signature (B-B, or B-T with a signature timestamp) is embedded in its field, then
`completar_nivel` adds the DSS with revocation evidence (B-LT) and a document timestamp (B-LTA). The two-phase flow
and queued signatures reuse that second step. When the TSA or the revocation source fails, the configured policy
either refuses (nothing is produced) or returns the signature marked `pendiente`: never a silent downgrade.
"""

import asyncio
import base64
import datetime as dt
import io
from dataclasses import dataclass

import aiohttp
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import async_add_validation_info
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from firma.engine.config import REFUSE, FirmaConfig
from firma.engine.errors import OrdenError, PdfInvalidoError, ServicioNoDisponibleError
from firma.engine.hoja import Apariencia, AparienciaFirma
from firma.engine.pdf import caja_de, pdf_check, tiene_firmas
from firma.engine.revocation import EvidenciaRevocacion
from firma.engine.trust import asn1, validation_context

B_B, B_T, B_LT, B_LTA = "B-B", "B-T", "B-LT", "B-LTA"
NIVELES = (B_B, B_T, B_LT, B_LTA)
MD = "sha256"
NETWORK_ERRORS = (TimestampRequestError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


def nivel_rank(nivel: str) -> int:
    return NIVELES.index(nivel)


class LlaveSigner(signers.Signer):
    """A pyHanko signer over an already-parsed pyca key.

    pyHanko's SimpleSigner re-parses the key on every signature (~45 ms, signature.md §6.4); this one parses it once
    per request, and never turns it into an asn1crypto structure.
    """

    def __init__(self, *, cert: x509.Certificate, key: rsa.RSAPrivateKey, cadena: list[x509.Certificate]):
        super().__init__(
            signing_cert=asn1(cert),
            cert_registry=SimpleCertificateStore.from_certs([asn1(c) for c in cadena]),
        )
        self._key: rsa.RSAPrivateKey | None = key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        if self._key is None:
            raise SigningError("la llave ya fue descartada")
        if dry_run:
            return bytes(self._key.key_size // 8)
        if digest_algorithm != MD:
            raise SigningError(f"algoritmo de resumen no admitido: {digest_algorithm}")
        return self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    def olvidar(self) -> None:
        """Drop the reference to the key (Python cannot wipe it, but nothing here keeps it alive)."""
        self._key = None


FILL_BOX = layout.SimpleBoxLayoutRule(
    x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MIN, margins=layout.Margins.uniform(0)
)


def estilo_firma(writer, campo: str, apariencia: Apariencia) -> StaticStampStyle:
    """The field's appearance: the signature's data drawn to the field's size (embedded font, see engine.hoja)."""
    ancho, alto = caja_de(writer, campo)
    if not (ancho and alto):
        return StaticStampStyle(border_width=0)  # an invisible field shows nothing
    return StaticStampStyle(
        border_width=0, background=AparienciaFirma(apariencia, ancho, alto), background_layout=FILL_BOX
    )


def metadata(writer, *, campo: str, certificar: bool, motivo: str) -> signers.PdfSignatureMetadata:
    """PAdES (ETSI.CAdES.detached); the first signature certifies with FILL_FORMS so later signers can fill fields.

    Never on a PDF that already holds a signature (signed outside SAI): a certification must be the first one.
    """
    return signers.PdfSignatureMetadata(
        field_name=campo,
        md_algorithm=MD,
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=certificar and not tiene_firmas(writer),
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        reason=motivo,
    )


def timestamper(config: FirmaConfig) -> HTTPTimeStamper:
    if not config.tsa_url:
        raise ServicioNoDisponibleError(
            "No hay autoridad de sellado de tiempo configurada (SAI_FIRMA_TSA_URL); el nivel pedido la requiere.",
            codigo="tsa_no_configurada",
        )
    return HTTPTimeStamper(config.tsa_url, timeout=config.http_timeout)


TSA_ALLOWANCE = 12288  # DER bytes for a timestamp token with its TSA chain (generous: TSAs vary)


def bytes_reservados(config: FirmaConfig, signer: signers.Signer, con_sello: bool) -> int:
    """Room for the CMS: the chain's certificates + signature and attributes (+ a timestamp token).

    Fitted to the chain rather than a flat size (a large hole costs every later validation a hex parse; a small
    one fails a signature with a long chain). SAI_FIRMA_BYTES_RESERVADOS > 0 forces a fixed size.
    """
    if config.bytes_reservados > 0:
        return config.bytes_reservados
    certs = sum(len(c.dump()) for c in signer.cert_registry) + len(signer.signing_cert.dump())
    return 2 * (certs + 2048 + (TSA_ALLOWANCE if con_sello else 0))  # hex: two characters per byte


@dataclass(frozen=True)
class PdfFirmado:
    pdf: bytes
    nivel: str  # the level actually reached
    pendiente: bool = False  # the requested level is still to be completed (queued)
    motivo_pendiente: str = ""


def embedded_signature(pdf: bytes, campo: str) -> EmbeddedPdfSignature:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for sig in reader.embedded_regular_signatures:
        if sig.field_name == campo:
            return sig
    raise PdfInvalidoError(f"El PDF no tiene una firma en el campo {campo}.", codigo="sin_firma")


def tsa_failure(exc: BaseException) -> ServicioNoDisponibleError:
    return ServicioNoDisponibleError(
        f"La autoridad de sellado de tiempo no respondió ({exc or type(exc).__name__}); no se firmó.",
        codigo="tsa_no_disponible",
    )


async def _embed(
    pdf: bytes, *, signer: signers.Signer, campo, certificar, motivo, ts, apariencia: Apariencia, bytes_reserved: int
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = metadata(writer, campo=campo, certificar=certificar, motivo=motivo)
    estilo = estilo_firma(writer, campo, apariencia)
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=ts, stamp_style=estilo)
    try:
        out = await pdf_signer.async_sign_pdf(writer, existing_fields_only=True, bytes_reserved=bytes_reserved)
    except SigningError as exc:
        text = str(exc)
        if "already" in text.lower() or "filled" in text.lower():
            raise OrdenError(f"El campo {meta.field_name} ya está firmado.", codigo="ya_firmado") from None
        if "No field" in text or "not found" in text.lower():
            raise PdfInvalidoError(
                f"El PDF no tiene el campo de firma {meta.field_name}.", codigo="sin_campo"
            ) from None
        raise
    return out.getvalue()


async def completar_nivel_async(
    pdf: bytes,
    *,
    campo: str,
    nivel: str,
    config: FirmaConfig,
    cadena: list[x509.Certificate],
    evidencia: EvidenciaRevocacion | None,
) -> bytes:
    """Bring the signature in `campo` up to `nivel`: DSS with revocation evidence (B-LT), document timestamp (B-LTA,
    or B-T for a queued signature that has no signature timestamp). Network failures raise ServicioNoDisponibleError.
    """
    emb = embedded_signature(pdf, campo)
    has_sig_ts = "signature_time_stamp_token" in {a["type"].native for a in emb.signer_info["unsigned_attrs"] or []}
    ocsps = [evidencia.der] if evidencia and evidencia.fuente == "ocsp" else []
    crls = [evidencia.der] if evidencia and evidencia.fuente == "crl" else []
    context = validation_context(config, certs=cadena, ocsps=ocsps, crls=crls, fetching=True)
    try:
        if nivel_rank(nivel) >= nivel_rank(B_LT):
            pdf = (await async_add_validation_info(emb, context, output=io.BytesIO())).getvalue()
        if nivel == B_LTA or (nivel_rank(nivel) >= nivel_rank(B_T) and not has_sig_ts):
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            out = await signers.PdfTimeStamper(timestamper(config)).async_timestamp_pdf(
                writer, MD, validation_context=context, bytes_reserved=config.bytes_reservados or 2 * TSA_ALLOWANCE
            )
            pdf = out.getvalue()
    except NETWORK_ERRORS as exc:
        raise tsa_failure(exc) from None
    except (PathBuildingError, PathValidationError) as exc:
        raise ServicioNoDisponibleError(
            f"No se pudo validar la cadena para incrustar la evidencia de largo plazo ({exc}).", codigo="evidencia"
        ) from None
    finally:
        await context.aclose()
    return pdf


def completar_nivel(pdf: bytes, **kwargs) -> bytes:
    return asyncio.run(completar_nivel_async(pdf, **kwargs))


async def subir_nivel_async(
    signed: bytes,
    *,
    alcanzado: str,
    campo: str,
    nivel: str,
    config: FirmaConfig,
    cadena: list[x509.Certificate],
    evidencia: EvidenciaRevocacion,
    revocacion_pendiente: str = "",
) -> PdfFirmado:
    """After the CMS is embedded at `alcanzado` (B-B or B-T): complete up to `nivel`, or mark it pending (queue)."""
    if revocacion_pendiente:
        return PdfFirmado(signed, alcanzado, True, revocacion_pendiente)
    if nivel_rank(nivel) >= nivel_rank(B_LT):
        try:
            signed = await completar_nivel_async(
                signed, campo=campo, nivel=nivel, config=config, cadena=cadena, evidencia=evidencia
            )
        except ServicioNoDisponibleError as exc:
            if config.on_service_failure == REFUSE:
                raise
            return PdfFirmado(signed, alcanzado, True, exc.message)
        alcanzado = nivel
    return PdfFirmado(signed, alcanzado)


def subir_nivel(signed: bytes, **kwargs) -> PdfFirmado:
    return asyncio.run(subir_nivel_async(signed, **kwargs))


async def _pipeline(
    pdf: bytes,
    *,
    signer: signers.Signer,
    campo: str,
    certificar: bool,
    motivo: str,
    apariencia: Apariencia,
    nivel: str,
    config: FirmaConfig,
    cadena: list[x509.Certificate],
    evidencia: EvidenciaRevocacion,
    revocacion_pendiente: str = "",
) -> PdfFirmado:
    ts = timestamper(config) if nivel_rank(nivel) >= nivel_rank(B_T) else None
    embed = {"signer": signer, "campo": campo, "certificar": certificar, "motivo": motivo, "apariencia": apariencia}
    try:
        signed = await _embed(pdf, ts=ts, bytes_reserved=bytes_reservados(config, signer, ts is not None), **embed)
    except NETWORK_ERRORS as exc:
        if config.on_service_failure == REFUSE:
            raise tsa_failure(exc) from None
        signed = await _embed(pdf, ts=None, bytes_reserved=bytes_reservados(config, signer, False), **embed)
        return PdfFirmado(signed, B_B, True, f"TSA no disponible: {exc or type(exc).__name__}")
    return await subir_nivel_async(
        signed,
        alcanzado=B_T if ts else B_B,
        campo=campo,
        nivel=nivel,
        config=config,
        cadena=cadena,
        evidencia=evidencia,
        revocacion_pendiente=revocacion_pendiente,
    )


def firmar(pdf: bytes, **kwargs) -> PdfFirmado:
    """Sign `pdf` in an existing empty field (see _pipeline for the arguments)."""
    pdf_check(pdf)
    return asyncio.run(_pipeline(pdf, **kwargs))


@dataclass(frozen=True)
class Detalles:
    """Facts read back from an embedded signature, recorded with it."""

    hash_firmado: str  # messageDigest: SHA-256 of the signed byte ranges, hex
    sello: str  # base64 of the signature value
    firmado_en: dt.datetime | None  # claimed signing time (/M)
    tsa_fecha: dt.datetime | None  # genTime of the signature timestamp, when present


def detalles(pdf: bytes, campo: str) -> Detalles:
    emb = embedded_signature(pdf, campo)
    signed_attrs = {a["type"].native: a["values"][0] for a in emb.signer_info["signed_attrs"]}
    tsa_fecha = None
    for attr in emb.signer_info["unsigned_attrs"] or []:
        if attr["type"].native == "signature_time_stamp_token":
            token: cms.ContentInfo = attr["values"][0]
            tsa_fecha = token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    return Detalles(
        hash_firmado=signed_attrs["message_digest"].native.hex(),
        sello=base64.b64encode(emb.signer_info["signature"].native).decode("ascii"),
        firmado_en=emb.self_reported_timestamp,
        tsa_fecha=tsa_fecha,
    )
