"""Opening a classified expediente, and every refused attempt at one, recorded in the bitácora.

Reads of público expedientes are not recorded (the bitácora would drown in them); a refusal is recorded only when
the object exists and is classified, which is what an auditor looks for: who tried to reach reserved information.
What the registry says is classified (`earchivo/bitacora.py`) decides, so the records carry the clave, not the title.
"""

from django.db import transaction

from earchivo.models import Documento, Expediente
from sai.audit.registry import is_classified
from sai.audit.services import audit_record

MODELOS = {"expediente": Expediente, "documento": Documento}
LECTURA = "expediente.consultar"
RECHAZO = "acceso_rechazado"


def _clasificado(tipo: str, **lookup) -> Expediente | Documento | None:
    obj = MODELOS[tipo].objects.filter(**lookup).first()
    return obj if is_classified(obj) else None


def lectura_registrar(*, actor, pk: int, vista: str, ip: str | None = None) -> None:
    """Record that `actor` opened a view (page, carátula, índice, document list) of a classified expediente."""
    expediente = _clasificado("expediente", pk=pk)
    if expediente is not None:
        with transaction.atomic():
            audit_record(actor=actor, action=LECTURA, obj=expediente, data={"vista": vista}, ip=ip)


def rechazo_registrar(
    *, actor, tipo: str, vista: str, estado: int, pk=None, clave: str | None = None, ip: str | None = None
) -> None:
    """Record a refused access (403/404) to a classified expediente or document ("tipo" says which pk it is; a
    préstamo's is refused as its expediente's; an expediente typed by its clave comes as `clave`)."""
    if tipo == "prestamo":
        tipo, lookup = "expediente", {"prestamos__pk": pk}
    else:
        lookup = {"pk": pk} if clave is None else {"clave": clave}
    obj = _clasificado(tipo, **lookup)
    if obj is not None:
        with transaction.atomic():
            audit_record(
                actor=actor, action=f"{tipo}.{RECHAZO}", obj=obj, data={"vista": vista, "estado": estado}, ip=ip
            )
