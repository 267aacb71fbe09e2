"""Cadena original + sello (domain.md §6.2), for CFDI-style familiarity; the PAdES signature stays the legal one.

    ||1.0|folio|fecha_hora_firma_ISO8601|rfc|curp|no_certificado_SAT|sha256_firmado|unidad_emisora||

The sello is the base64 RSA-SHA256 signature value of the final PAdES signature (its signed attributes carry the
SHA-256 of the signed bytes named in the cadena), so it comes from the signature itself and needs no second use of
the key, which in two-phase signing never reaches the server. The SAT-style check uses its last 8 characters.
"""

import datetime as dt

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
) -> str:
    fecha_iso = fecha.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    campos = [VERSION, folio, fecha_iso, rfc, curp, numero_certificado, sha256, unidad_emisora]
    return "||" + "|".join(_campo(c) for c in campos) + "||"
