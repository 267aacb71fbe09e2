"""What every inventory and report is to the writers: a title, typed columns and a stream of rows.

A report never holds its table: `renglones` is a generator over a server-side cursor, and `pie` is computed as the
rows pass (totals, years, boxes), so the writers can ask for it once the last row is written.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

TEXTO, ENTERO, DECIMAL, FECHA = "texto", "entero", "decimal", "fecha"
CHUNK = 2000  # rows fetched per round trip from the server-side cursor


@dataclass(frozen=True)
class Columna:
    titulo: str
    ancho: int  # characters in XLSX; the PDF's text columns share the page width in the same proportions
    tipo: str = TEXTO


@dataclass(frozen=True)
class Firma:
    """A signature block: the role (entrega, revisa, recibe), the person's name and cargo, and a line to sign on."""

    rol: str
    nombre: str = ""
    cargo: str = ""


@dataclass
class Reporte:
    titulo: str
    archivo: str  # file name without extension
    columnas: list[Columna]
    renglones: Iterator[tuple]
    total: int
    encabezado: list[tuple[str, str]] = field(default_factory=list)
    pie: Callable[[], list[tuple[str, str]]] = list
    firmas: list[Firma] = field(default_factory=list)
    enlace: str = ""  # the page in SAI the report is about (box labels print it as a QR)


# The columns every list of expedientes shares, so they read the same in each inventory.
CLAVE = Columna("Código de clasificación", 24)
NOMBRE = Columna("Nombre del expediente", 40)
UNIDAD = Columna("Unidad", 10)
APERTURA = Columna("Fecha de apertura", 12, FECHA)
CIERRE = Columna("Fecha de cierre", 12, FECHA)
FOJAS = Columna("Fojas", 7, ENTERO)


def fecha(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class Totales:
    """Running totals of an inventory's footer, fed row by row (expedientes, fojas, years, boxes)."""

    def __init__(self) -> None:
        self.expedientes = self.fojas = 0
        self.anio_min: int | None = None
        self.anio_max: int | None = None
        self.cajas: set[int] = set()

    def add(self, *, fojas: int, apertura: datetime.date | None, cierre: datetime.date | None, caja=None) -> None:
        self.expedientes += 1
        self.fojas += fojas or 0
        for value in (apertura, cierre):
            if value:
                self.anio_min = min(self.anio_min or value.year, value.year)
                self.anio_max = max(self.anio_max or value.year, value.year)
        if caja is not None:
            self.cajas.add(caja)

    @property
    def periodo(self) -> str:
        if self.anio_min is None:
            return "—"
        return str(self.anio_min) if self.anio_min == self.anio_max else f"{self.anio_min}–{self.anio_max}"

    def lineas(self, *, kg_por_caja: float | None = None) -> list[tuple[str, str]]:
        lineas = [("Total de expedientes", f"{self.expedientes}"), ("Periodo", self.periodo)]
        if kg_por_caja is not None:
            peso = len(self.cajas) * kg_por_caja
            lineas += [("Cajas", f"{len(self.cajas)}"), ("Peso estimado", f"{peso:.1f} kg")]
        lineas.append(("Fojas", f"{self.fojas}"))
        return lineas
