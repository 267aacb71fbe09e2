"""How an entry's hash is computed: canonical JSON of its content plus the previous hash."""

import hashlib
import json
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder


def normalize_data(data: dict | None) -> dict:
    """Round-trip through JSON so the stored value and the hashed value are the same thing."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def entry_content(entry) -> dict:
    return {
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


def entry_hash(entry) -> str:
    canonical = json.dumps(entry_content(entry), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)
