"""The receiving archive refuses a reviewed transfer, or one box of it, with a reason (domain.md §2.4).

Checking the boxes against the inventory is the receiving archive's job: a box whose contents do not match, or
that arrives damaged, goes back while the rest of the transfer proceeds; rejecting every box rejects the whole
transfer. Rejected expedientes return to `cerrado` in the etapa they left, that is to the custody of whoever sent
them (the producing unidad for a primaria, the Archivo de Concentración for a secundaria).
"""

from django.db import transaction

from earchivo.models import Expediente, Transferencia
from earchivo.services.transferencias import PERM_RECIBIR, PRIMARIA
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError
from sai.search.services.indexing import search_enqueue


def transferencia_reject(
    *, actor, transferencia: Transferencia, motivo: str, caja: int | None = None, ip: str | None = None
) -> Transferencia:
    """Reject box `caja` (or, with caja None, every box still pending) of a reviewed transfer, with `motivo`."""
    require_perm(
        actor,
        PERM_RECIBIR[transferencia.tipo],
        "Sólo el archivo que recibe (concentración en las primarias, histórico en las secundarias) puede rechazar.",
    )
    motivo = (motivo or "").strip()
    if not motivo:
        raise ApplicationError("Indique el motivo del rechazo.", errors={"motivo": ["El motivo es obligatorio."]})
    with transaction.atomic():
        transferencia = Transferencia.objects.select_for_update().select_related("unidad").get(pk=transferencia.pk)
        if transferencia.estado != Transferencia.Estado.REVISADA:
            raise ConflictError(
                "Sólo se rechaza al recibir una transferencia revisada "
                f"(ésta está {transferencia.get_estado_display().lower()})."
            )
        pendientes = transferencia.renglones.filter(rechazado=False).select_related("expediente")
        if caja is not None:
            pendientes = pendientes.filter(caja=caja)
        renglones = list(pendientes.select_for_update(of=("self",)))
        if not renglones:
            raise ApplicationError(
                f"La caja {caja} no está en la transferencia o ya fue rechazada.",
                errors={"caja": [f"No hay expedientes pendientes en la caja {caja}."]},
            )
        ids = [r.expediente_id for r in renglones]
        transferencia.renglones.filter(pk__in=[r.pk for r in renglones]).update(rechazado=True, motivo_rechazo=motivo)
        Expediente.objects.filter(pk__in=ids).update(estado=Expediente.Estado.CERRADO)
        search_enqueue(label="earchivo.expediente", pks=ids)
        completa = not transferencia.renglones.filter(rechazado=False).exists()
        if completa:
            transferencia.estado = Transferencia.Estado.RECHAZADA
            transferencia.motivo_rechazo = motivo
            transferencia.save(update_fields=["estado", "motivo_rechazo"])
        custodia = "archivo de trámite de la unidad" if transferencia.tipo == PRIMARIA else "archivo de concentración"
        for r in renglones:
            audit_record(
                actor=actor,
                action="expediente.transferencia.devolver",
                obj=r.expediente,
                data={"transferencia": str(transferencia), "caja": r.caja, "motivo": motivo, "regresa_a": custodia},
                ip=ip,
            )
        audit_record(
            actor=actor,
            action="transferencia.rechazar_recepcion" if completa else "transferencia.rechazar_caja",
            obj=transferencia,
            data={
                "cajas": sorted({r.caja for r in renglones}),
                "expedientes": [f"{r.caja}/{r.numero_en_caja} {r.expediente.clave}" for r in renglones],
                "motivo": motivo,
            },
            ip=ip,
        )
    return transferencia
