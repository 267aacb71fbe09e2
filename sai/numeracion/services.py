"""The one numbering service: consecutive numbers per scope and year, no gaps and no duplicates under concurrency.

The counter row is locked (`select_for_update`) and incremented inside the caller's transaction, so a number is
only spent if the caller's change commits: a rolled-back signature or a failed creation gives its number back.
Callers name their scope with `ambito()`, e.g. `ambito("oficio", "DGA", "oficio")`.
"""

from django.db import transaction

from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, ConflictError
from sai.numeracion.models import Contador, NumeroAnulado


def ambito(*partes) -> str:
    """A scope key from its parts ("oficio", unidad siglas, tipo): stable, readable, ':'-joined."""
    return ":".join(str(parte) for parte in partes)


def numero_siguiente(*, ambito: str, anio: int = 0) -> int:
    """The next number of the scope; must run inside the caller's transaction (that is what prevents gaps)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numero_siguiente must run inside the caller's transaction.atomic()")
    # Creating the row races between first callers: the loser of the unique index waits, then does nothing.
    Contador.objects.bulk_create([Contador(ambito=ambito, anio=anio)], ignore_conflicts=True)
    contador = Contador.objects.select_for_update().get(ambito=ambito, anio=anio)
    contador.ultimo += 1
    contador.save(update_fields=["ultimo"])
    return contador.ultimo


def numero_ultimo(*, ambito: str, anio: int = 0) -> int:
    """The last number handed out in the scope (0 if none)."""
    return Contador.objects.filter(ambito=ambito, anio=anio).values_list("ultimo", flat=True).first() or 0


@transaction.atomic
def numero_anular(*, actor, ambito: str, anio: int = 0, numero: int, motivo: str) -> NumeroAnulado:
    """Void a number already handed out (a mistake), with its reason; it is never reused nor deleted."""
    motivo = (motivo or "").strip()
    if not motivo:
        raise ApplicationError("Indique el motivo de la anulación.", errors={"motivo": ["Este campo es obligatorio."]})
    contador = Contador.objects.select_for_update().filter(ambito=ambito, anio=anio).first()
    if contador is None or not 1 <= numero <= contador.ultimo:
        raise ApplicationError(
            "Solo se anula un número ya asignado.",
            errors={"numero": [f"El número {numero} no ha sido asignado en {ambito} {anio or ''}".strip() + "."]},
        )
    if contador.anulados.filter(numero=numero).exists():
        raise ConflictError(f"El número {numero} de {ambito} ya estaba anulado.")
    anulado = NumeroAnulado.objects.create(contador=contador, numero=numero, motivo=motivo, anulado_por=actor)
    audit_record(
        actor=actor,
        action="numeracion.anular",
        obj=anulado,
        data={"ambito": ambito, "anio": anio, "numero": numero, "motivo": motivo},
    )
    return anulado
