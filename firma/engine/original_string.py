"""Cadena original + sello, SAT style (as in a CFDI); the PAdES signature stays the legal one.

    ||1.0|folio|fecha_hora_firma_ISO8601|rfc|curp|no_certificado_SAT|sha256_documento|unidad_emisora||

A signature made en suplencia appends one more field, the suplencia's words ("en suplencia por ausencia de …, con
fundamento en …"), so the sello covers them too.

`sha256_documento` is the SHA-256 of the PDF sent to signature (as prepared by SAI, before any of its signatures),
so the cadena is known before signing. The sello is the signer's RSA-SHA256 (PKCS#1 v1.5) signature over the
cadena's UTF-8 bytes, in base64, made with the same key in the same step as the PAdES signature; it is drawn on
the hoja de firmas inside the signed bytes. Anyone holding the `.cer` checks it with
`openssl dgst -sha256 -verify pub.pem -signature sello.bin cadena.txt`; the SAT-style check uses its last 8
characters.
"""

import base64
import datetime as dt

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

VERSION = "1.0"


def _campo(value: str) -> str:
    return " ".join(str(value or "").replace("|", "/").split())


def cadena_original(
    *,
    folio: str,
    fecha: dt.datetime,
    rfc: str,
    curp: str,
    numero_certificado: str,
    sha256: str,
    unidad_emisora: str,
    suplencia: str = "",
) -> str:
    fecha_iso = fecha.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    campos = [VERSION, folio, fecha_iso, rfc, curp, numero_certificado, sha256, unidad_emisora]
    if suplencia:
        campos.append(suplencia)
    return "||" + "|".join(_campo(c) for c in campos) + "||"


def sello_sign(key: rsa.RSAPrivateKey, cadena: str) -> str:
    return base64.b64encode(key.sign(cadena.encode(), padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def sello_verify(public: rsa.RSAPublicKey, cadena: str, sello: str) -> bool:
    """The sello is the certificate's key's signature over this cadena (a sello sent by the browser is checked)."""
    try:
        public.verify(base64.b64decode(sello, validate=True), cadena.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True
