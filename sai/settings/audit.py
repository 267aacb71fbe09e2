"""Bitácora settings: the chain's HMAC key (kept outside the database) and the anchoring of its head.

SAI_AUDIT_HMAC_KEY            secret key of the HMAC-SHA256 chain (at least 32 characters); production refuses to
                              start without one. Development and tests use a fixed, public key.
SAI_AUDIT_HMAC_KEY_FILE       a file holding that key (a Docker/Kubernetes secret); wins over the variable
SAI_AUDIT_CHECKPOINT_MINUTES  how often the head is sealed with a timestamp and written to the document storage
                              (default 60)
SAI_AUDIT_TSA_URL             RFC 3161 timestamp authority for the seals (default SAI_FIRMA_TSA_URL)
SAI_AUDIT_TSA_RAICES          comma-separated PEM/DER files: roots the seals' TSA must chain to (default
                              SAI_FIRMA_RAICES)
SAI_AUDIT_S3_BUCKET           S3 bucket for the checkpoints (default: the documents' SAI_S3_BUCKET); create it with
                              Object Lock enabled, which the documents' bucket must not have (a baja really deletes)
SAI_AUDIT_CHECKPOINT_RETENCION_DIAS  S3 Object Lock retention of each checkpoint object (default 3650)
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from sai.settings.env import env_int, env_list, env_str

# Public on purpose: a chain keyed with it protects nothing, so production refuses it (sai/settings/security.py).
DEV_AUDIT_HMAC_KEY = "sai-development-audit-key-not-a-secret-0000"


def _hmac_key() -> str:
    path = env_str("SAI_AUDIT_HMAC_KEY_FILE", "").strip()
    if not path:
        return env_str("SAI_AUDIT_HMAC_KEY", "").strip()
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"SAI_AUDIT_HMAC_KEY_FILE={path!r}: cannot be read ({exc.strerror})") from None


SAI_AUDIT_HMAC_KEY = _hmac_key() or DEV_AUDIT_HMAC_KEY
SAI_AUDIT_CHECKPOINT_MINUTES = env_int("SAI_AUDIT_CHECKPOINT_MINUTES", 60)
if SAI_AUDIT_CHECKPOINT_MINUTES < 1:
    raise ImproperlyConfigured("SAI_AUDIT_CHECKPOINT_MINUTES: expected at least 1 minute")
SAI_AUDIT_TSA_URL = env_str("SAI_AUDIT_TSA_URL", env_str("SAI_FIRMA_TSA_URL", ""))
SAI_AUDIT_TSA_RAICES = env_list("SAI_AUDIT_TSA_RAICES", env_list("SAI_FIRMA_RAICES"))
SAI_AUDIT_S3_BUCKET = env_str("SAI_AUDIT_S3_BUCKET", "")
SAI_AUDIT_CHECKPOINT_RETENCION_DIAS = env_int("SAI_AUDIT_CHECKPOINT_RETENCION_DIAS", 3650)
