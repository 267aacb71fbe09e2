"""Calendario de caducidades (domain.md §2.5): closed expedientes whose vigencia ends this year or already ended.

An expediente in trámite is due by `fin_tramite`, one in concentración by `fin_concentracion`; what is due follows
the destino frozen at cierre: trámite → transferencia primaria (or baja straight away when the serie has no
concentración years and its destino is eliminación); concentración → secundaria (conservación / muestreo) or baja.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, QuerySet, When
from django.utils import timezone

from earchivo.models import Expediente
from earchivo.selectors.acceso import expediente_list_for_user
from earchivo.selectors.ciclo import (
    ELIMINACION,
    destino_final,
    en_baja_q,
    en_transferencia_q,
    retencion_activa_q,
    sin_concentracion,
)
from sai.core.orden import natural

PRIMARIA, SECUNDARIA, BAJA = "primaria", "secundaria", "baja"
ACCIONES = {
    PRIMARIA: "Transferencia primaria",
    SECUNDARIA: "Transferencia secundaria",
    BAJA: "Baja documental",
}
# Closed expedientes, wherever they are: lent ones and those already in a transfer still count (flagged).
ESTADOS = (Expediente.Estado.CERRADO, Expediente.Estado.EN_PRESTAMO, Expediente.Estado.TRANSFERIDO)


@dataclass(frozen=True)
class Caducidad:
    expediente: Expediente
    accion: str
    fecha_limite: datetime.date
    vencido: bool
    retenido: bool
    en_proceso: bool

    @property
    def accion_display(self) -> str:
        return ACCIONES[self.accion]


def accion_debida(expediente: Expediente) -> str:
    """What the expediente's current etapa and frozen destino call for."""
    eliminar = destino_final(expediente) == ELIMINACION
    if expediente.etapa == Expediente.Etapa.TRAMITE:
        return BAJA if eliminar and sin_concentracion(expediente) else PRIMARIA
    return BAJA if eliminar else SECUNDARIA


def _vencimientos(user, hasta: datetime.date) -> QuerySet[Expediente]:
    """Closed expedientes the user may see whose etapa ends by `hasta` (overdue included), soonest first."""
    return (
        expediente_list_for_user(user=user)
        .filter(estado__in=ESTADOS, fecha_cierre__isnull=False)
        .filter(
            Q(etapa=Expediente.Etapa.TRAMITE, fin_tramite__lte=hasta)
            | Q(etapa=Expediente.Etapa.CONCENTRACION, fin_concentracion__lte=hasta)
        )
        .annotate(
            fecha_limite=Case(
                When(etapa=Expediente.Etapa.TRAMITE, then=F("fin_tramite")),
                default=F("fin_concentracion"),
                output_field=DateField(),
            ),
            retenido=retencion_activa_q(),
            en_transferencia=en_transferencia_q(),
            en_baja=en_baja_q(),
        )
        .order_by("fecha_limite", natural("clave"))
    )


def caducidades_pendientes(*, user, hasta: datetime.date) -> QuerySet[Expediente]:
    """Due by `hasta` or overdue and still waiting for someone: neither held nor already in a transfer or baja."""
    return _vencimientos(user, hasta).filter(retenido=False, en_transferencia=False, en_baja=False)


def calendario_caducidades(
    *, user, anio: int | None = None, unidad=None, hoy: datetime.date | None = None
) -> list[Caducidad]:
    """Due (this `anio`) or overdue expedientes the user may see, soonest first; `unidad` narrows to one area."""
    hoy = hoy or timezone.localdate()
    qs = _vencimientos(user, datetime.date(anio or hoy.year, 12, 31))
    if unidad is not None:
        qs = qs.filter(unidad=unidad)
    caducidades = []
    for expediente in qs:
        accion = accion_debida(expediente)
        # Baja straight from trámite counts from the end of the (zero-year) concentración plazo: the same date.
        fecha = expediente.fin_concentracion if accion == BAJA else expediente.fecha_limite
        caducidades.append(
            Caducidad(
                expediente=expediente,
                accion=accion,
                fecha_limite=fecha,
                vencido=fecha < hoy,
                retenido=expediente.retenido,
                en_proceso=expediente.en_transferencia or expediente.en_baja,
            )
        )
    return caducidades


def calendario_resumen(caducidades: list[Caducidad]) -> dict:
    """Counts for the page header: per acción, overdue, held and already in process."""
    por_accion = Counter(c.accion for c in caducidades)
    return {
        "total": len(caducidades),
        "por_accion": [{"accion": k, "nombre": v, "total": por_accion.get(k, 0)} for k, v in ACCIONES.items()],
        "vencidos": sum(c.vencido for c in caducidades),
        "retenidos": sum(c.retenido for c in caducidades),
        "en_proceso": sum(c.en_proceso for c in caducidades),
    }
