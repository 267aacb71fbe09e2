"""Cierre and reapertura: freeze the índice electrónico and the CADIDO values, start or stop the retention clocks.

Same habits as `earchivo/services/expedientes.py`: permission and unidad scope first, one transaction, audited.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from earchivo.models import Expediente, IndiceElectronico, Transferencia, TransferenciaExpediente
from earchivo.permissions import CERRAR_EXPEDIENTE, REABRIR_EXPEDIENTE, require_unidad
from earchivo.services.expediente_reglas import canonical_hash, plazos_calcular, serie_disposicion
from earchivo.services.expedientes import lock_expediente, require_abierto, require_visible
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError
from sai.search.services.indexing import search_enqueue


def indice_contenido(expediente: Expediente) -> dict:
    """The índice electrónico as it would be frozen now: documents in order with their current version hash."""
    documentos = []
    for documento in expediente.documentos.select_related("tipo_documental").prefetch_related("versiones__blob"):
        actual = max(documento.versiones.all(), key=lambda v: v.numero, default=None)
        documentos.append(
            {
                "uuid": str(documento.uuid),
                "orden": documento.orden,
                "titulo": documento.titulo,
                "tipo": documento.tipo_documental.nombre,
                "fecha": documento.fecha.isoformat(),
                "fojas": documento.fojas,
                "version": actual.numero if actual else None,
                "sha256": actual.blob_id if actual else None,
            }
        )
    return {"expediente": expediente.clave, "documentos": documentos}


def expediente_close(
    *, actor, expediente: Expediente, fecha_cierre: datetime.date | None = None, ip: str | None = None
) -> Expediente:
    """Close: freeze the índice electrónico and the CADIDO values, and start the retention clocks."""
    require_perm(actor, CERRAR_EXPEDIENTE, "No tiene permiso para cerrar expedientes.")
    require_unidad(actor, expediente.unidad, "Sólo puede cerrar expedientes de su propia unidad.")
    require_visible(actor, expediente)
    with transaction.atomic():
        expediente = lock_expediente(expediente)
        require_abierto(expediente, "El expediente ya no está abierto.")
        contenido = indice_contenido(expediente)
        if not contenido["documentos"]:
            raise ApplicationError(
                "No se puede cerrar un expediente sin documentos.",
                errors={"documentos": ["El expediente no tiene documentos."]},
            )
        ultimo = max(datetime.date.fromisoformat(d["fecha"]) for d in contenido["documentos"])
        if fecha_cierre is None:
            fecha_cierre = min(max(ultimo, expediente.fecha_apertura), timezone.localdate())
        if fecha_cierre < expediente.fecha_apertura:
            raise ApplicationError(
                "Fecha de cierre inválida.",
                errors={"fecha_cierre": ["La fecha de cierre no puede ser anterior a la de apertura."]},
            )
        if fecha_cierre < ultimo:
            # The retention clocks start at the cierre: an earlier date would shorten every one of them.
            raise ApplicationError(
                "Fecha de cierre inválida.",
                errors={
                    "fecha_cierre": [
                        f"La fecha de cierre no puede ser anterior a la del último documento ({ultimo:%d/%m/%Y})."
                    ]
                },
            )
        if fecha_cierre > timezone.localdate():
            raise ApplicationError("Fecha de cierre inválida.", errors={"fecha_cierre": ["No puede ser futura."]})
        disposicion = serie_disposicion(expediente.serie)
        congelada = disposicion.snapshot()
        indice = IndiceElectronico.objects.create(
            expediente=expediente, contenido=contenido, hash=canonical_hash(contenido)
        )
        expediente.fecha_cierre = fecha_cierre
        expediente.disposicion_congelada = congelada
        expediente.fin_tramite, expediente.fin_concentracion = plazos_calcular(
            fecha_cierre=fecha_cierre, disposicion=congelada
        )
        expediente.fojas = sum(d["fojas"] for d in contenido["documentos"])
        expediente.estado = Expediente.Estado.CERRADO
        expediente.save(
            update_fields=[
                "fecha_cierre",
                "disposicion_congelada",
                "fin_tramite",
                "fin_concentracion",
                "fojas",
                "estado",
            ]
        )
        search_enqueue(expediente)
        audit_record(
            actor=actor,
            action="expediente.cerrar",
            obj=expediente,
            data={
                "fecha_cierre": fecha_cierre.isoformat(),
                "indice_hash": indice.hash,
                "documentos": len(contenido["documentos"]),
                "fin_tramite": expediente.fin_tramite.isoformat(),
                "fin_concentracion": expediente.fin_concentracion.isoformat(),
            },
            ip=ip,
        )
    return expediente


def expediente_reopen(*, actor, expediente: Expediente, motivo: str, ip: str | None = None) -> Expediente:
    """Reopen a closed expediente still in trámite (Coordinación de Archivos): the clocks stop until it closes."""
    require_perm(actor, REABRIR_EXPEDIENTE, "Sólo la Coordinación de Archivos puede reabrir expedientes.")
    require_visible(actor, expediente)
    if not (motivo or "").strip():
        raise ApplicationError("Indique el motivo.", errors={"motivo": ["El motivo de la reapertura es obligatorio."]})
    with transaction.atomic():
        expediente = lock_expediente(expediente)
        if expediente.estado != Expediente.Estado.CERRADO or expediente.etapa != Expediente.Etapa.TRAMITE:
            raise ConflictError("Sólo se puede reabrir un expediente cerrado que sigue en el archivo de trámite.")
        en_transferencia = TransferenciaExpediente.objects.filter(
            expediente=expediente,
            transferencia__estado__in=[Transferencia.Estado.PREPARADA, Transferencia.Estado.REVISADA],
            rechazado=False,
        ).exists()
        if en_transferencia:
            raise ConflictError("El expediente está en una transferencia en curso: no se puede reabrir.")
        anterior = {
            "fecha_cierre": expediente.fecha_cierre.isoformat() if expediente.fecha_cierre else None,
            "fin_tramite": expediente.fin_tramite.isoformat() if expediente.fin_tramite else None,
        }
        expediente.estado = Expediente.Estado.ABIERTO
        expediente.fecha_cierre = None
        expediente.disposicion_congelada = None
        expediente.fin_tramite = None
        expediente.fin_concentracion = None
        expediente.save(
            update_fields=["estado", "fecha_cierre", "disposicion_congelada", "fin_tramite", "fin_concentracion"]
        )
        search_enqueue(expediente)
        audit_record(
            actor=actor,
            action="expediente.reabrir",
            obj=expediente,
            data={"motivo": motivo.strip(), **anterior},
            ip=ip,
            secret_fields=("motivo",),
        )
    return expediente
