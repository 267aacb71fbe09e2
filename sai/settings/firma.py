"""firma settings: PAdES level, trust anchors, timestamp authority and revocation sources (per issuer).

SAI_FIRMA_NIVEL_DEFAULT     B-B | B-T | B-LT | B-LTA (default B-LT)
SAI_FIRMA_NIVELES           JSON {"<tipo documental>": "<nivel>"}: the level per document type
SAI_FIRMA_RAICES            comma-separated PEM/DER files or folders: trusted roots (SAT e.firma roots, the
                            institution's own CA, ... all at once)
SAI_FIRMA_INTERMEDIOS       same, for intermediate CAs (SAT certificates carry no AIA to find them)
SAI_FIRMA_TSA_URL           RFC 3161 timestamp authority (required for B-T and above)
SAI_FIRMA_REVOCACION        JSON {"<issuer CN, RFC 4514 DN or SHA-256 of its certificate>":
                            {"ocsp": "<url>", "crl": ["<url>", ...]}}: revocation sources per issuer
SAI_FIRMA_REVOCACION_AIA    also use the OCSP/CRL URLs the certificate itself names (default true)
SAI_FIRMA_ON_SERVICE_FAILURE refuse | queue: what to do when the TSA or OCSP/CRL cannot be reached at B-T or
                            above: refuse, or embed the signature now and complete the level later (never a
                            silent downgrade)
SAI_FIRMA_HTTP_TIMEOUT      seconds for TSA/OCSP/CRL requests (default 10)
SAI_FIRMA_BYTES_RESERVADOS  bytes reserved for the CMS in each signature (default: sized to the chain)
SAI_FIRMA_WIDGET_TIPOS      comma-separated tipos documentales whose signatures go on a visible band at the bottom of
                            the last page (with the QR) instead of the default hoja de firmas appended after it
SAI_FIRMA_RESELLO_DIAS      B-LTA documents get a new document timestamp when the last TSA certificate expires
                            within this many days (default 90)
"""

import json

from django.core.exceptions import ImproperlyConfigured

from sai.settings.env import env_bool, env_choice, env_int, env_list, env_str

NIVELES_PADES = ("B-B", "B-T", "B-LT", "B-LTA")


def _json(name: str, default: dict) -> dict:
    raw = env_str(name, "").strip()
    if not raw:
        return default
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"{name}: JSON inválido ({exc})") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name}: se esperaba un objeto JSON")
    return value


def _nivel(name: str, value: str) -> str:
    nivel = value.strip().upper()
    if nivel not in NIVELES_PADES:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(NIVELES_PADES)}")
    return nivel


SAI_FIRMA_NIVEL_DEFAULT = _nivel("SAI_FIRMA_NIVEL_DEFAULT", env_str("SAI_FIRMA_NIVEL_DEFAULT", "B-LT"))
SAI_FIRMA_NIVELES = {
    str(tipo): _nivel("SAI_FIRMA_NIVELES", str(nivel)) for tipo, nivel in _json("SAI_FIRMA_NIVELES", {}).items()
}
SAI_FIRMA_RAICES = env_list("SAI_FIRMA_RAICES")
SAI_FIRMA_INTERMEDIOS = env_list("SAI_FIRMA_INTERMEDIOS")
SAI_FIRMA_TSA_URL = env_str("SAI_FIRMA_TSA_URL", "")
SAI_FIRMA_REVOCACION = _json("SAI_FIRMA_REVOCACION", {})
SAI_FIRMA_REVOCACION_AIA = env_bool("SAI_FIRMA_REVOCACION_AIA", True)
SAI_FIRMA_ON_SERVICE_FAILURE = env_choice("SAI_FIRMA_ON_SERVICE_FAILURE", ("refuse", "queue"), "refuse")
SAI_FIRMA_HTTP_TIMEOUT = env_int("SAI_FIRMA_HTTP_TIMEOUT", 10)
SAI_FIRMA_BYTES_RESERVADOS = env_int("SAI_FIRMA_BYTES_RESERVADOS", 0)
SAI_FIRMA_RESELLO_DIAS = env_int("SAI_FIRMA_RESELLO_DIAS", 90)
SAI_FIRMA_WIDGET_TIPOS = env_list("SAI_FIRMA_WIDGET_TIPOS")
