"""Préstamo de expedientes (LGA art. 31: the AC lends to the producing areas; each AT lends its own; the Archivo
Histórico lends and gives consultation of what it keeps, LGA art. 32).

The expediente becomes `en_prestamo` and gets its previous estado back on return. Only abierto (trámite) and
cerrado expedientes can be lent, and nothing else changes an expediente while it is out (close, reopen,
transfer and baja all refuse `en_prestamo`), so the previous estado is `cerrado` exactly when it has a
fecha de cierre; it is also recorded in the bitácora entry of the loan.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from earchivo.models import Expediente, Prestamo
from earchivo.permissions import CUSTODIAR_CONCENTRACION, CUSTODIAR_HISTORICO, works_in
from earchivo.selectors.acceso import expediente_list_for_user
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.search.services.indexing import search_enqueue

PERM = "earchivo.gestionar_prestamo"


def _require_lender(actor, expediente: Expediente) -> None:
    """Each archive lends what it keeps: trámite its unidad's, concentración and histórico theirs."""
    require_perm(actor, PERM, "No tiene permiso para prestar expedientes.")
    if actor is None:
        return
    if expediente.etapa == Expediente.Etapa.TRAMITE:
        if not works_in(actor, expediente.unidad_id):
            raise PermissionDeniedError("Sólo el archivo de trámite de la unidad presta sus expedientes.")
    elif expediente.etapa == Expediente.Etapa.CONCENTRACION:
        if not actor.has_perm(CUSTODIAR_CONCENTRACION):
            raise PermissionDeniedError("Sólo el Archivo de Concentración presta los expedientes que custodia.")
    elif expediente.etapa == Expediente.Etapa.HISTORICO:
        if not actor.has_perm(CUSTODIAR_HISTORICO):
            raise PermissionDeniedError("Sólo el Archivo Histórico presta los expedientes que custodia.")
    else:
        raise ConflictError(
            f"{expediente.clave}: no se prestan expedientes en baja documental "
            "(sólo los de los archivos de trámite, concentración e histórico)."
        )


def _estado_previo(expediente: Expediente) -> str:
    return Expediente.Estado.ABIERTO if expediente.fecha_cierre is None else Expediente.Estado.CERRADO


def prestamo_create(
    *,
    actor,
    expediente: Expediente,
    solicitante,
    fecha_vencimiento: datetime.date,
    observaciones: str = "",
    ip: str | None = None,
) -> Prestamo:
    """Lend an expediente to a person who may consult it, until `fecha_vencimiento`."""
    hoy = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if solicitante is None or not isinstance(solicitante, get_user_model()) or not solicitante.is_active:
        errors["solicitante"] = ["Indique una persona usuaria activa."]
    if fecha_vencimiento is None:
        errors["fecha_vencimiento"] = ["La fecha de vencimiento es obligatoria."]
    elif fecha_vencimiento < hoy:
        errors["fecha_vencimiento"] = ["La fecha de vencimiento no puede ser anterior a hoy."]
    with transaction.atomic():
        expediente = Expediente.objects.select_for_update().get(pk=expediente.pk)
        _require_lender(actor, expediente)
        if errors:
            raise ApplicationError("Revise los datos del préstamo.", errors=errors)
        if expediente.estado == Expediente.Estado.EN_PRESTAMO:
            activo = expediente.prestamos.filter(estado=Prestamo.Estado.PRESTADO).select_related("solicitante").first()
            quien = f" a {activo.solicitante.get_full_name() or activo.solicitante}" if activo else ""
            raise ConflictError(f"{expediente.clave}: ya está prestado{quien}.")
        if expediente.estado not in (Expediente.Estado.ABIERTO, Expediente.Estado.CERRADO):
            raise ConflictError(f"{expediente.clave}: no se puede prestar ({expediente.get_estado_display().lower()}).")
        if expediente.estado == Expediente.Estado.ABIERTO and expediente.etapa != Expediente.Etapa.TRAMITE:
            raise ConflictError(f"{expediente.clave}: sólo se prestan expedientes abiertos del archivo de trámite.")
        if not expediente_list_for_user(user=solicitante).filter(pk=expediente.pk).exists():
            raise ApplicationError(
                "El solicitante no puede consultar este expediente.",
                errors={"solicitante": [f"{solicitante.get_username()} no tiene acceso a {expediente.clave}."]},
            )
        anterior = expediente.estado
        try:
            with transaction.atomic():
                prestamo = Prestamo.objects.create(
                    expediente=expediente,
                    solicitante=solicitante,
                    entregado_por=actor,
                    fecha_prestamo=hoy,
                    fecha_vencimiento=fecha_vencimiento,
                    observaciones=(observaciones or "").strip(),
                )
        except IntegrityError:
            raise ConflictError(f"{expediente.clave}: ya está prestado.") from None
        expediente.estado = Expediente.Estado.EN_PRESTAMO
        expediente.save(update_fields=["estado"])
        search_enqueue(expediente)
        audit_record(
            actor=actor,
            action="prestamo.crear",
            obj=expediente,
            data={
                "prestamo": prestamo.pk,
                "solicitante": solicitante.get_username(),
                "fecha_vencimiento": fecha_vencimiento,
                "estado_anterior": anterior,
            },
            ip=ip,
        )
    return prestamo


def prestamo_return(*, actor, prestamo: Prestamo, ip: str | None = None) -> Prestamo:
    """Receive the expediente back: the préstamo closes and the expediente recovers its previous estado."""
    with transaction.atomic():
        prestamo = Prestamo.objects.select_for_update().get(pk=prestamo.pk)
        expediente = Expediente.objects.select_for_update().get(pk=prestamo.expediente_id)
        _require_lender(actor, expediente)
        if prestamo.estado != Prestamo.Estado.PRESTADO:
            raise ConflictError(f"{expediente.clave}: el préstamo ya fue devuelto.")
        hoy = timezone.localdate()
        prestamo.estado = Prestamo.Estado.DEVUELTO
        prestamo.fecha_devolucion, prestamo.recibido_por = hoy, actor
        prestamo.save(update_fields=["estado", "fecha_devolucion", "recibido_por"])
        restaurado = _estado_previo(expediente)
        if expediente.estado == Expediente.Estado.EN_PRESTAMO:
            expediente.estado = restaurado
            expediente.save(update_fields=["estado"])
            search_enqueue(expediente)
        audit_record(
            actor=actor,
            action="prestamo.devolver",
            obj=expediente,
            data={
                "prestamo": prestamo.pk,
                "solicitante": prestamo.solicitante.get_username(),
                "vencido": prestamo.fecha_vencimiento < hoy,
                "estado_restaurado": expediente.estado,
            },
            ip=ip,
        )
    return prestamo
