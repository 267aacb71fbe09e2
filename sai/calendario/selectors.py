"""Reads of the calendar: a year's non-business days, official and institutional, for the page and the API."""

import datetime
from dataclasses import dataclass

from sai.calendario.models import DiaInhabil
from sai.calendario.services import feriados_oficiales
from sai.core.exceptions import NotFoundError


@dataclass(frozen=True)
class DiaNoLaborable:
    fecha: datetime.date
    descripcion: str
    origen: str  # "oficial" or "institucional"
    id: int | None = None


def dias_no_laborables(*, anio: int) -> list[DiaNoLaborable]:
    oficiales = [DiaNoLaborable(fecha, nombre, "oficial") for fecha, nombre in feriados_oficiales(anio)]
    propios = [
        DiaNoLaborable(dia.fecha, dia.descripcion, "institucional", dia.id)
        for dia in DiaInhabil.objects.filter(fecha__year=anio)
    ]
    return sorted(oficiales + propios, key=lambda d: d.fecha)


def dia_inhabil_get(*, id: int) -> DiaInhabil:
    dia = DiaInhabil.objects.filter(id=id).first()
    if dia is None:
        raise NotFoundError("El día inhábil no existe.")
    return dia
