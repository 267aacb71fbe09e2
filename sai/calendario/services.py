"""Business days: Mexico's official holidays (the `holidays` package) plus the institution's días inhábiles.

Deadlines in e-oficio are counted in business days from the day a document counts as received. A `Calendario`
loads one year of institutional days with one query and keeps it, so counting over a list of turnos costs a
query per year touched, not per day. The module-level functions build a fresh one per call (callers that count
many deadlines keep their own).
"""

import datetime

import holidays
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sai.audit.services import audit_record
from sai.calendario.models import DiaInhabil
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError

GESTIONAR_DIAS_INHABILES = "calendario.add_diainhabil"
UN_DIA = datetime.timedelta(days=1)


class Calendario:
    """Which days are business days; remembers each year it has looked at."""

    def __init__(self) -> None:
        self._inhabiles: dict[int, set[datetime.date]] = {}

    def _anio(self, anio: int) -> set[datetime.date]:
        if anio not in self._inhabiles:
            oficiales = set(holidays.Mexico(years=anio))
            propios = set(DiaInhabil.objects.filter(fecha__year=anio).values_list("fecha", flat=True))
            self._inhabiles[anio] = oficiales | propios
        return self._inhabiles[anio]

    def habil(self, fecha: datetime.date) -> bool:
        return fecha.weekday() < 5 and fecha not in self._anio(fecha.year)

    def siguiente(self, fecha: datetime.date) -> datetime.date:
        """The first business day after `fecha`."""
        fecha += UN_DIA
        while not self.habil(fecha):
            fecha += UN_DIA
        return fecha

    def sumar(self, fecha: datetime.date, n: int) -> datetime.date:
        """The day `n` business days after `fecha` (which itself does not count, as legal plazos run)."""
        if n < 0:
            raise ValueError("n must not be negative")
        for _ in range(n):
            fecha = self.siguiente(fecha)
        return fecha

    def entre(self, desde: datetime.date, hasta: datetime.date) -> int:
        """Business days in (desde, hasta]: `entre(a, sumar(a, n)) == n`; negative when `hasta` is earlier."""
        if hasta < desde:
            return -self.entre(hasta, desde)
        cuenta, fecha = 0, desde + UN_DIA
        while fecha <= hasta:
            cuenta += self.habil(fecha)
            fecha += UN_DIA
        return cuenta

    def recepcion_efectiva(self, momento: datetime.datetime) -> datetime.date:
        """The day a filing counts from: its own day if it is a business day and the office had not closed yet
        (SAI_HORARIO_FIN), else the next business day."""
        local = timezone.localtime(momento)
        dia = local.date()
        if self.habil(dia) and local.time() < settings.SAI_HORARIO_FIN:
            return dia
        return self.siguiente(dia)


def dia_habil(fecha: datetime.date) -> bool:
    return Calendario().habil(fecha)


def dias_habiles_sumar(fecha: datetime.date, n: int) -> datetime.date:
    return Calendario().sumar(fecha, n)


def dias_habiles_entre(a: datetime.date, b: datetime.date) -> int:
    return Calendario().entre(a, b)


def recepcion_efectiva(momento: datetime.datetime) -> datetime.date:
    return Calendario().recepcion_efectiva(momento)


def feriados_oficiales(anio: int) -> list[tuple[datetime.date, str]]:
    """Mexico's official holidays of the year, named in Spanish."""
    return sorted(holidays.Mexico(years=anio, language="es").items())


# --- institutional días inhábiles -------------------------------------------------------------------------------


@transaction.atomic
def dia_inhabil_create(*, actor, fecha: datetime.date, descripcion: str) -> DiaInhabil:
    """Declare an institutional día inhábil; deadlines computed from now on skip it."""
    require_perm(actor, GESTIONAR_DIAS_INHABILES, "Sólo Administración declara días inhábiles.")
    descripcion = (descripcion or "").strip()
    errors = {}
    if fecha is None:
        errors["fecha"] = ["La fecha es obligatoria."]
    if not descripcion:
        errors["descripcion"] = ["Indique el motivo del día inhábil (p. ej. el acuerdo que lo declara)."]
    if errors:
        raise ApplicationError("Revise los datos del día inhábil.", errors=errors)
    try:
        with transaction.atomic():
            dia = DiaInhabil.objects.create(fecha=fecha, descripcion=descripcion[:200], registrado_por=actor)
    except IntegrityError:
        raise ConflictError(
            f"El {fecha:%d/%m/%Y} ya es día inhábil.", errors={"fecha": ["Ya está registrado."]}
        ) from None
    datos = {"fecha": fecha, "motivo": descripcion}
    audit_record(actor=actor, action="calendario.dia_inhabil.crear", obj=dia, data=datos)
    return dia


@transaction.atomic
def dia_inhabil_delete(*, actor, dia: DiaInhabil) -> None:
    require_perm(actor, "calendario.delete_diainhabil", "Sólo Administración retira días inhábiles.")
    datos = {"fecha": dia.fecha, "motivo": dia.descripcion}
    audit_record(actor=actor, action="calendario.dia_inhabil.eliminar", obj=dia, data=datos)
    dia.delete()
