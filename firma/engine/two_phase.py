"""Two-phase ("interrupted") PAdES signing: the private key never reaches the server.

    preparar  → the server writes the PDF with the signature hole, digests the byte range and builds the CMS
                signed attributes; it keeps that state and sends the attributes' DER to the signer.
    (client)  → RSASSA-PKCS1-v1_5 / SHA-256 over those bytes (WebCrypto `sign` in the browser).
    completar → the server checks the raw signature against the certificate, wraps it in the CMS (adding the
                signature timestamp for B-T and above), fills the hole; pades.completar_nivel does B-LT / B-LTA.

The state between the phases is plain data (bytes, two integers, a DER), so it survives between HTTP requests.
"""

import asyncio
import io
from dataclasses import dataclass

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from firma.engine.errors import LlaveError
from firma.engine.pades import MD, Apariencia, bytes_reservados, estilo_firma, metadata
from firma.engine.pdf import pdf_check
from firma.engine.trust import asn1

ALGORITMO = "RSASSA-PKCS1-v1_5/SHA-256"


@dataclass(frozen=True)
class Preparado:
    pdf: bytes  # the document with the reserved /Contents hole
    digest: bytes  # SHA-256 of the byte range
    rango: tuple[int, int]  # reserved region start, end
    atributos: bytes  # DER of the CMS signed attributes: what the client signs


def _external(cert: x509.Certificate, cadena: list[x509.Certificate], value: bytes | None = None):
    return signers.ExternalSigner(
        signing_cert=asn1(cert),
        cert_registry=SimpleCertificateStore.from_certs([asn1(c) for c in cadena]),
        signature_value=value if value is not None else (cert.public_key().key_size // 8),
    )


async def _preparar(pdf, *, cert, cadena, campo, certificar, motivo, apariencia: Apariencia, config, con_sello):
    signer = _external(cert, cadena)
    bytes_reserved = bytes_reservados(config, signer, con_sello)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    pdf_signer = signers.PdfSigner(
        metadata(writer, campo=campo, certificar=certificar, motivo=motivo),
        signer=signer,
        stamp_style=estilo_firma(writer, campo, apariencia),
    )
    prepared, _tbs, output = await pdf_signer.async_digest_doc_for_signing(
        writer, existing_fields_only=True, bytes_reserved=bytes_reserved
    )
    attrs = await signer.signed_attrs(prepared.document_digest, MD, use_pades=True)
    return Preparado(
        pdf=output.getvalue(),
        digest=prepared.document_digest,
        rango=(prepared.reserved_region_start, prepared.reserved_region_end),
        atributos=attrs.dump(),
    )


def preparar(pdf: bytes, **kwargs) -> Preparado:
    """Phase one. kwargs: cert, cadena, campo, certificar, motivo, apariencia, config, con_sello (B-T and above)."""
    pdf_check(pdf)
    return asyncio.run(_preparar(pdf, **kwargs))


def firma_externa_verify(cert: x509.Certificate, atributos: bytes, firma: bytes) -> None:
    """The client's raw signature is over exactly these attributes and made with the certificate's key."""
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise LlaveError("El certificado no tiene una llave RSA.", codigo="algoritmo")
    try:
        public.verify(firma, atributos, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise LlaveError(
            "La firma recibida no corresponde al certificado ni a los datos preparados.", codigo="firma_invalida"
        ) from None


async def _completar(preparado: Preparado, *, cert, cadena, firma: bytes, ts) -> bytes:
    signer = _external(cert, cadena, firma)
    signed_attrs = cms.CMSAttributes.load(preparado.atributos)
    signature_cms = await signer.async_sign_prescribed_attributes(MD, signed_attrs=signed_attrs, timestamper=ts)
    output = io.BytesIO(preparado.pdf)
    digest = PreparedByteRangeDigest(preparado.digest, preparado.rango[0], preparado.rango[1])
    await PdfTBSDocument.async_finish_signing(output, digest, signature_cms)
    return output.getvalue()


def completar(preparado: Preparado, *, cert, cadena, firma: bytes, ts=None) -> bytes:
    """Phase two: embed the client's signature (and a signature timestamp when `ts` is given)."""
    firma_externa_verify(cert, preparado.atributos, firma)
    return asyncio.run(_completar(preparado, cert=cert, cadena=cadena, firma=firma, ts=ts))
