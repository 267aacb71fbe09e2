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


def _clasificado(tipo: str, pk) -> Expediente | Documento | None:
    obj = MODELOS[tipo].objects.filter(pk=pk).first()
    return obj if is_classified(obj) else None


def lectura_registrar(*, actor, expediente_id: int, vista: str, ip: str | None = None) -> None:
    """Record that `actor` opened a view (page, carátula, índice, document list) of a classified expediente."""
    expediente = _clasificado("expediente", expediente_id)
    if expediente is not None:
        with transaction.atomic():
            audit_record(actor=actor, action=LECTURA, obj=expediente, data={"vista": vista}, ip=ip)


def rechazo_registrar(*, actor, tipo: str, pk, vista: str, estado: int, ip: str | None = None) -> None:
    """Record a refused access (403/404) to a classified expediente or document ("tipo" says which pk it is)."""
    obj = _clasificado(tipo, pk)
    if obj is not None:
        with transaction.atomic():
            audit_record(
                actor=actor, action=f"{tipo}.{RECHAZO}", obj=obj, data={"vista": vista, "estado": estado}, ip=ip
            )
