"""The unidad's control de gestión dashboard: turnos by semáforo, response time, overdue list, monthly volume.

Every figure is one query (the response time reads at most MUESTRA closed turnos and counts their business days
in Python with one calendar); charts are drawn server-side as SVG from the numbers computed here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from eoficio.models import Turno
from eoficio.services.semaforo import AMARILLO, COLORES, ROJO, VERDE, cortes_hoy
from sai.calendario.services import Calendario

MUESTRA = 500
MESES = 12
NOMBRES_MES = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
RELLENO = {VERDE: "#2e7d32", AMARILLO: "#f9a825", ROJO: "#c62828"}


@dataclass(frozen=True)
class Barra:
    etiqueta: str
    valor: int
    x: int
    y: int
    alto: int
    relleno: str


@dataclass
class Tablero:
    unidad: object
    por_semaforo: dict[str, int]
    barras_semaforo: list[Barra]
    promedio_respuesta: float | None
    atendidos_medidos: int
    vencidos: list[Turno]
    barras_mes: list[Barra]


ALTO, ANCHO_BARRA, SEPARACION = 120, 28, 12


def _barras(pares: list[tuple[str, int, str]]) -> list[Barra]:
    maximo = max((v for _, v, _ in pares), default=0) or 1
    barras = []
    for i, (etiqueta, valor, relleno) in enumerate(pares):
        alto = round(ALTO * valor / maximo)
        barras.append(Barra(etiqueta, valor, i * (ANCHO_BARRA + SEPARACION), ALTO - alto, alto, relleno))
    return barras


def _meses(hoy: datetime.date) -> list[datetime.date]:
    mes, meses = hoy.replace(day=1), []
    for _ in range(MESES):
        meses.append(mes)
        mes = (mes - datetime.timedelta(days=1)).replace(day=1)
    return meses[::-1]


def tablero_unidad(*, unidad) -> Tablero:
    cortes = cortes_hoy()
    mios = Turno.objects.filter(unidad=unidad, copia=False)
    abiertos = mios.filter(estado__in=Turno.ABIERTOS)
    conteo = abiertos.aggregate(**{color: Count("id", filter=cortes.q(color)) for color in COLORES})
    por_semaforo = {color: conteo[color] for color in (VERDE, AMARILLO, ROJO)}

    calendario = Calendario()
    atendidos = mios.filter(cerrado__isnull=False, estado=Turno.Estado.ATENDIDO).order_by("-cerrado")[:MUESTRA]
    duraciones = [
        max(calendario.entre(timezone.localtime(t).date(), timezone.localtime(c).date()), 0)
        for t, c in atendidos.values_list("turnado", "cerrado")
    ]
    promedio = round(sum(duraciones) / len(duraciones), 1) if duraciones else None

    vencidos = list(
        abiertos.filter(fecha_limite__lt=cortes.hoy)
        .select_related("registro", "origen", "instruccion")
        .order_by("fecha_limite")[:50]
    )
    meses = _meses(cortes.hoy)
    volumen = dict(
        mios.filter(turnado__date__gte=meses[0])
        .annotate(mes=TruncMonth("turnado"))
        .values_list("mes")
        .annotate(n=Count("id"))
        .values_list("mes", "n")
    )
    volumen = {(m.date() if isinstance(m, datetime.datetime) else m): n for m, n in volumen.items()}
    barras_mes = _barras([(f"{NOMBRES_MES[m.month - 1]} {m:%y}", volumen.get(m, 0), "#691c32") for m in meses])
    return Tablero(
        unidad=unidad,
        por_semaforo=por_semaforo,
        barras_semaforo=_barras([(c.capitalize(), por_semaforo[c], RELLENO[c]) for c in (VERDE, AMARILLO, ROJO)]),
        promedio_respuesta=promedio,
        atendidos_medidos=len(duraciones),
        vencidos=vencidos,
        barras_mes=barras_mes,
    )
