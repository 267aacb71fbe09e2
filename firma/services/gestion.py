"""A request that went wrong: the requester (or Coordinación) cancels it or replaces a pending signer, a signer
declines it. Each needs a reason, is audited and shown on the request; ending a request releases its firmable
(a new request may be made) and tells the owning app (`on_cancelled`).
"""

from django.db import transaction
from django.utils import timezone

from firma.engine.errors import OrdenError
from firma.models import Firmante, SolicitudFirma
from firma.permissions import require_gestionar
from firma.services.firmables import firmantes_check, solicitud_resumen
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.signing.registry import firmable_get


def _motivo(motivo: str) -> str:
    motivo = (motivo or "").strip()
    if not motivo:
        raise ApplicationError("Indique el motivo.", errors={"motivo": ["el motivo es obligatorio"]})
    return motivo


def _abierta(solicitud: SolicitudFirma) -> SolicitudFirma:
    """Lock the request; it must still be en firma."""
    solicitud = SolicitudFirma.objects.select_for_update().get(pk=solicitud.pk)
    if solicitud.estado != SolicitudFirma.Estado.EN_FIRMA:
        raise OrdenError(f"La solicitud ya no está en firma ({solicitud.get_estado_display()}).", codigo="cerrada")
    return solicitud


def _terminar(*, actor, solicitud: SolicitudFirma, estado: str, motivo: str, action: str, ip) -> SolicitudFirma:
    solicitud.estado, solicitud.terminada_por, solicitud.terminada = estado, actor, timezone.now()
    solicitud.motivo_termino = motivo
    solicitud.save(update_fields=["estado", "terminada_por", "terminada", "motivo_termino"])
    firmable_get(solicitud.firmable_tipo).on_cancelled(
        object_id=solicitud.firmable_id, solicitud=solicitud_resumen(solicitud, motivo), actor=actor
    )
    audit_record(
        actor=actor,
        action=action,
        obj=solicitud,
        data={
            "uuid": str(solicitud.uuid),
            "firmable": f"{solicitud.firmable_tipo}:{solicitud.firmable_id}",
            "motivo": motivo,
            "firmas_hechas": solicitud.firmas.count(),
        },
        ip=ip,
    )
    return solicitud


def solicitud_cancel(*, actor, solicitud: SolicitudFirma, motivo: str, ip: str | None = None) -> SolicitudFirma:
    """The requester or Coordinación ends the request unsigned; signatures already made stay in its history."""
    motivo = _motivo(motivo)
    with transaction.atomic():
        solicitud = _abierta(solicitud)
        require_gestionar(actor, solicitud)
        return _terminar(
            actor=actor,
            solicitud=solicitud,
            estado=SolicitudFirma.Estado.CANCELADA,
            motivo=motivo,
            action="firma.solicitud_cancelar",
            ip=ip,
        )


def solicitud_decline(*, actor, solicitud: SolicitudFirma, motivo: str, ip: str | None = None) -> SolicitudFirma:
    """A signer who has not signed refuses to sign: the request ends, and says who declined and why."""
    motivo = _motivo(motivo)
    with transaction.atomic():
        solicitud = _abierta(solicitud)
        mine = solicitud.firmantes.filter(usuario=actor).first()
        if mine is None:
            raise PermissionDeniedError("Usted no es firmante de este documento.")
        if mine.estado == Firmante.Estado.FIRMADA:
            raise ConflictError("Usted ya firmó este documento; ya no puede rechazarlo.")
        Firmante.objects.filter(pk=mine.pk).update(estado=Firmante.Estado.RECHAZADA, preparado_atributos=None)
        return _terminar(
            actor=actor,
            solicitud=solicitud,
            estado=SolicitudFirma.Estado.RECHAZADA,
            motivo=motivo,
            action="firma.solicitud_rechazar",
            ip=ip,
        )


def firmante_reassign(
    *, actor, solicitud: SolicitudFirma, orden: int, usuario, cargo: str = "", motivo: str, ip: str | None = None
) -> Firmante:
    """Give a pending signer's place in the order to another person (same rules as naming a signer)."""
    motivo = _motivo(motivo)
    with transaction.atomic():
        solicitud = _abierta(solicitud)
        require_gestionar(actor, solicitud)
        firmante = solicitud.firmantes.select_related("usuario").filter(orden=orden).first()
        if firmante is None:
            raise ApplicationError(
                "No existe ese firmante.", errors={"orden": [f"la solicitud no tiene firmante {orden}"]}
            )
        if firmante.estado == Firmante.Estado.FIRMADA:
            raise ConflictError(f"El firmante {orden} ya firmó: su lugar no se reasigna.")
        if solicitud.firmantes.filter(usuario=usuario).exists():
            raise ApplicationError(
                "Esa persona ya es firmante de la solicitud.", errors={"usuario": ["cada persona firma una vez"]}
            )
        firmantes_check(tipo=solicitud.firmable_tipo, object_id=solicitud.firmable_id, usuarios=[usuario])
        anterior = firmante.usuario
        firmante.usuario, firmante.reasignado_de, firmante.motivo_reasignacion = usuario, anterior, motivo
        firmante.cargo = cargo or firmante.cargo
        firmante.estado, firmante.preparado_atributos, firmante.preparado_en = Firmante.Estado.PENDIENTE, None, None
        firmante.save()
        audit_record(
            actor=actor,
            action="firma.firmante_reasignar",
            obj=solicitud,
            data={
                "uuid": str(solicitud.uuid),
                "orden": orden,
                "antes": anterior.get_username(),
                "despues": usuario.get_username(),
                "motivo": motivo,
            },
            ip=ip,
        )
    return firmante
