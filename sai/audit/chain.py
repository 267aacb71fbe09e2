"""How an entry's hash is computed: canonical JSON of its content plus the previous hash, keyed with HMAC.

The key (SAI_AUDIT_HMAC_KEY) lives outside the database, so whoever can rewrite rows cannot recompute a chain
that verifies. Entries written before the key existed (`hash_version` 1) keep their plain SHA-256. Secret values
of classified objects are stored as keyed digests too (`secret_digest`), so a small vocabulary of titles or search
terms cannot be recovered by hashing guesses.
"""

import hashlib
import hmac
import json
from datetime import UTC, datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from sai.audit.models import HASH_HMAC, HASH_SHA256

SECRET_PREFIX = "hmac-sha256:"  # noqa: S105 - a label, not a password


def normalize_data(data: dict | None) -> dict:
    """Round-trip through JSON so the stored value and the hashed value are the same thing."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _key(purpose: str) -> bytes:
    """One key per purpose, derived from the configured one, so a digest of one kind never matches another."""
    return hmac.new(settings.SAI_AUDIT_HMAC_KEY.encode("utf-8"), purpose.encode(), hashlib.sha256).digest()


def entry_content(entry) -> dict:
    content = {
        "seq": entry.seq,
        "creado": entry.creado.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_username": entry.actor_username,
        "accion": entry.accion,
        "objeto_tipo": entry.objeto_tipo,
        "objeto_id": entry.objeto_id,
        "objeto_repr": entry.objeto_repr,
        "datos": entry.datos,
        "ip": entry.ip,
        "hash_anterior": entry.hash_anterior,
    }
    if entry.hash_version != HASH_SHA256:
        content["hash_version"] = entry.hash_version
    return content


def entry_hash(entry) -> str:
    """The entry's hash under its own `hash_version`: HMAC-SHA256 with the configured key, or legacy SHA-256."""
    canonical = _canonical(entry_content(entry))
    if entry.hash_version == HASH_HMAC:
        return hmac.new(_key("cadena"), canonical, hashlib.sha256).hexdigest()
    if entry.hash_version == HASH_SHA256:
        return hashlib.sha256(canonical).hexdigest()
    raise ValueError(f"versión de hash desconocida: {entry.hash_version}")


def secret_digest(value) -> str:
    """What the bitácora stores instead of a secret value: a keyed digest (equal values give equal digests)."""
    return SECRET_PREFIX + hmac.new(_key("secreto"), _canonical(value), hashlib.sha256).hexdigest()


def key_id() -> str:
    """A public fingerprint of the configured key: checkpoints carry it, so a verifier can tell a wrong key."""
    return hmac.new(_key("identificador"), b"sai-bitacora", hashlib.sha256).hexdigest()[:16]


def utc_now() -> datetime:
    return datetime.now(UTC)
