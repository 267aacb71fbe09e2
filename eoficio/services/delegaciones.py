"""A titular lets an assistant (secretaría particular) read and work their bandeja; only the titular grants it."""

from django.db import transaction
from django.utils import timezone

from eoficio.models import DelegacionBandeja
from eoficio.permissions import BANDEJA
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, PermissionDeniedError


@transaction.atomic
def delegacion_create(*, actor, asistente, ip: str | None = None) -> DelegacionBandeja:
    if asistente is None or asistente.pk == actor.pk:
        raise ApplicationError("Elija a otra persona.", errors={"asistente": ["No puede delegarse a sí mismo."]})
    if not (asistente.is_active and asistente.has_perm(BANDEJA)):
        raise ApplicationError(
            "La persona no puede usar la bandeja.", errors={"asistente": ["Su cuenta no tiene acceso a la bandeja."]}
        )
    existente = DelegacionBandeja.objects.filter(titular=actor, asistente=asistente, activa=True).first()
    if existente is not None:
        return existente
    delegacion = DelegacionBandeja.objects.create(titular=actor, asistente=asistente)
    audit_record(
        actor=actor, action="oficio.delegacion_crear", obj=delegacion, data={"asistente": asistente.username}, ip=ip
    )
    return delegacion


@transaction.atomic
def delegacion_revoke(*, actor, delegacion: DelegacionBandeja, ip: str | None = None) -> DelegacionBandeja:
    if delegacion.titular_id != actor.pk:
        raise PermissionDeniedError("Solo el titular revoca la delegación de su bandeja.")
    delegacion = DelegacionBandeja.objects.select_for_update().get(pk=delegacion.pk)
    if delegacion.activa:
        delegacion.activa, delegacion.revocada = False, timezone.now()
        delegacion.save(update_fields=["activa", "revocada"])
        audit_record(
            actor=actor,
            action="oficio.delegacion_revocar",
            obj=delegacion,
            data={"asistente": delegacion.asistente.username},
            ip=ip,
        )
    return delegacion
