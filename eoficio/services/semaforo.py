"""The semáforo of a turno's deadline, from the business days left (SAI_SEMAFORO_AMARILLO_DIAS/_ROJO_DIAS).

Colours are decided by two cut-off dates computed once per day, so a list filters and paints its rows in the
database with no per-row calendar work:
- rojo: overdue, or fewer than SAI_SEMAFORO_ROJO_DIAS business days left (fecha_limite < rojo_hasta);
- amarillo: at most SAI_SEMAFORO_AMARILLO_DIAS business days left (rojo_hasta <= fecha_limite < verde_desde);
- verde: more than that (fecha_limite >= verde_desde).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from sai.calendario.services import Calendario

VERDE, AMARILLO, ROJO = "verde", "amarillo", "rojo"
COLORES = (ROJO, AMARILLO, VERDE)


@dataclass(frozen=True)
class Cortes:
    hoy: datetime.date
    rojo_hasta: datetime.date
    verde_desde: datetime.date

    def color_de(self, fecha_limite: datetime.date | None) -> str:
        if fecha_limite is None:
            return ""
        if fecha_limite < self.rojo_hasta:
            return ROJO
        return AMARILLO if fecha_limite < self.verde_desde else VERDE

    def color(self, turno) -> str:
        return self.color_de(turno.fecha_limite)

    def q(self, color: str, prefix: str = "") -> Q:
        campo = f"{prefix}fecha_limite"
        if color == ROJO:
            return Q(**{f"{campo}__lt": self.rojo_hasta})
        if color == AMARILLO:
            return Q(**{f"{campo}__gte": self.rojo_hasta, f"{campo}__lt": self.verde_desde})
        if color == VERDE:
            return Q(**{f"{campo}__gte": self.verde_desde})
        raise ValueError(color)


def cortes_para(hoy: datetime.date, calendario: Calendario | None = None) -> Cortes:
    calendario = calendario or Calendario()
    rojo = settings.SAI_SEMAFORO_ROJO_DIAS
    rojo_hasta = calendario.sumar(hoy, rojo) if rojo > 0 else hoy
    return Cortes(hoy, rojo_hasta, calendario.sumar(hoy, settings.SAI_SEMAFORO_AMARILLO_DIAS + 1))


def cortes_hoy() -> Cortes:
    return cortes_para(timezone.localdate())
