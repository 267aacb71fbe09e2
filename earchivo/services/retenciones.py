"""Retención legal (legal hold): while active it blocks the expediente's transfers and baja (domain.md §2.6)."""

from django.db import transaction
from django.utils import timezone

from earchivo.models import Expediente, RetencionLegal
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError

PERM = "earchivo.gestionar_retencion_legal"


def _motivo(motivo: str, campo: str = "motivo") -> str:
    motivo = (motivo or "").strip()
    if not motivo:
        raise ApplicationError("Indique el motivo.", errors={campo: ["El motivo es obligatorio."]})
    return motivo


def retencion_place(*, actor, expediente: Expediente, motivo: str, ip: str | None = None) -> RetencionLegal:
    """Hold an expediente (audit, litigation, transparency appeal); several independent holds may coexist."""
    require_perm(actor, PERM, "Sólo la Coordinación de Archivos puede colocar retenciones legales.")
    motivo = _motivo(motivo)
    with transaction.atomic():
        expediente = Expediente.objects.select_for_update().get(pk=expediente.pk)
        if expediente.estado == Expediente.Estado.DADO_DE_BAJA:
            raise ConflictError(f"El expediente {expediente.clave} ya fue dado de baja: no se puede retener.")
        retencion = RetencionLegal.objects.create(expediente=expediente, motivo=motivo, colocada_por=actor)
        audit_record(
            actor=actor,
            action="retencion.colocar",
            obj=expediente,
            data={"clave": expediente.clave, "retencion": retencion.pk, "motivo": motivo},
            ip=ip,
        )
    return retencion


def retencion_lift(*, actor, retencion: RetencionLegal, motivo: str, ip: str | None = None) -> RetencionLegal:
    """Lift a hold, saying why; the record stays (who placed and lifted it, and when)."""
    require_perm(actor, PERM, "Sólo la Coordinación de Archivos puede levantar retenciones legales.")
    motivo = _motivo(motivo, "motivo_levantamiento")
    with transaction.atomic():
        retencion = RetencionLegal.objects.select_for_update().select_related("expediente").get(pk=retencion.pk)
        if not retencion.activa:
            raise ConflictError("La retención ya fue levantada.")
        retencion.levantada = timezone.now()
        retencion.levantada_por = actor
        retencion.motivo_levantamiento = motivo
        retencion.save(update_fields=["levantada", "levantada_por", "motivo_levantamiento"])
        audit_record(
            actor=actor,
            action="retencion.levantar",
            obj=retencion.expediente,
            data={"clave": retencion.expediente.clave, "retencion": retencion.pk, "motivo": motivo},
            ip=ip,
        )
    return retencion
