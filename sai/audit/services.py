"""audit_record: the one door every state change in SAI passes through."""

from dataclasses import dataclass

from django.db import models, transaction

from sai.audit.chain import entry_hash, normalize_data, utc_now
from sai.audit.models import GENESIS_HASH, CabezaBitacora, EntradaBitacora


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    data: dict | None = None,
    ip: str | None = None,
) -> EntradaBitacora:
    """Append one entry to the chain, inside the caller's transaction so the change and its record commit together.

    `actor` is a user or None for the system (commands, beat tasks).
    """
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
            objeto_repr=str(obj)[:255] if obj is not None else "",
            datos=normalize_data(data),
            ip=ip,
            hash_anterior=head.hash,
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

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def audit_chain_verify() -> ChainReport:
    """Walk the whole chain in order; report the first entry whose link or content does not hold."""
    previous_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for entry in EntradaBitacora.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"falta la entrada #{expected_seq} (sigue #{entry.seq})")
        if entry.hash_anterior != previous_hash:
            return ChainReport(checked, entry.seq, "el hash anterior no coincide con la entrada previa")
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.seq, "el contenido fue alterado: su hash no coincide")
        previous_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    head = CabezaBitacora.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (checked, previous_hash):
        return ChainReport(checked, checked + 1, f"faltan entradas al final: la cabeza indica #{head.seq}")
    return ChainReport(checked)
