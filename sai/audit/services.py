"""audit_record: the one door every state change (and every sensitive read) in SAI passes through."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models, transaction

from sai.audit import registry
from sai.audit.chain import entry_hash, normalize_data, secret_digest, utc_now
from sai.audit.models import GENESIS_HASH, HASH_HMAC, HASH_SHA256, CabezaBitacora, EntradaBitacora


def _redact(data: dict, secret_fields: Iterable[str]) -> dict:
    """Replace each named value (dotted paths reach nested dicts: "cambios.titulo") by its keyed digest.

    A list (a change's [before, after]) gets one digest per item, so each can still be matched on its own.
    """
    for path in secret_fields:
        *parents, last = path.split(".")
        node = data
        for name in parents:
            node = node.get(name) if isinstance(node, dict) else None
        value = node.get(last) if isinstance(node, dict) else None
        if isinstance(value, list):
            node[last] = [secret_digest(item) for item in value]
        elif value not in (None, "", {}):
            node[last] = secret_digest(value)
    return data


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    data: dict | None = None,
    ip: str | None = None,
    secret_fields: Iterable[str] = (),
    classified: bool = False,
) -> EntradaBitacora:
    """Append one entry to the chain, inside the caller's transaction so the change and its record commit together.

    `actor` is a user or None for the system (commands, beat tasks).
    `secret_fields` names the values of `data` that would disclose a classified object's content (titles, asuntos,
    file names, search terms). When the entry is about classified material (the registry says `obj` is classified,
    or the caller says so with `classified=True` for an entry with no object, such as a search) they are stored as
    keyed digests, and `objeto_repr` is the registry's representation without secrets.
    """
    secreto = classified or registry.is_classified(obj)
    datos = normalize_data(data)
    if secreto:
        datos = _redact(datos, secret_fields)
    objeto_repr = "" if obj is None else (registry.safe_repr(obj) if secreto else str(obj))[:255]
    with transaction.atomic():
        head, _ = CabezaBitacora.objects.select_for_update().get_or_create(pk=1)
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        entry = EntradaBitacora(
            seq=head.seq + 1,
            creado=utc_now(),
            actor=actor if authenticated else None,
            actor_username=actor.get_username() if authenticated else "sistema",
            accion=action,
            objeto_tipo=obj._meta.label_lower if obj is not None else "",
            objeto_id=str(obj.pk) if obj is not None else "",
            objeto_repr=objeto_repr,
            datos=datos,
            ip=ip,
            hash_anterior=head.hash,
            hash_version=HASH_HMAC,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    unkeyed: int = 0  # entries from before the chain was keyed (plain SHA-256)

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def audit_chain_verify() -> ChainReport:
    """Walk the whole chain in order; report the first entry whose link, version or content does not hold.

    Once a keyed entry appears, an unkeyed one after it is a downgrade (someone recomputed hashes without the key).
    """
    previous_hash, expected_seq, checked, unkeyed = GENESIS_HASH, 1, 0, 0
    for entry in EntradaBitacora.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"falta la entrada #{expected_seq} (sigue #{entry.seq})", unkeyed)
        if entry.hash_anterior != previous_hash:
            return ChainReport(checked, entry.seq, "el hash anterior no coincide con la entrada previa", unkeyed)
        if entry.hash_version == HASH_SHA256 and unkeyed < checked:
            return ChainReport(checked, entry.seq, "entrada sin clave HMAC después de entradas con clave", unkeyed)
        if entry.hash_version not in (HASH_SHA256, HASH_HMAC) or entry_hash(entry) != entry.hash:
            reason = "el contenido fue alterado o la clave HMAC no es la que selló la cadena: su hash no coincide"
            return ChainReport(checked, entry.seq, reason, unkeyed)
        unkeyed += entry.hash_version == HASH_SHA256
        previous_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = CabezaBitacora.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (checked, previous_hash):
        return ChainReport(checked, checked + 1, f"faltan entradas al final: la cabeza indica #{head.seq}", unkeyed)
    return ChainReport(checked, unkeyed=unkeyed)
