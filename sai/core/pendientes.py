""" "Mis pendientes": each app registers the kinds of pending work it has for a person (in AppConfig.ready).

The home page asks every registered source for a count and the first few items, so no app imports another's
internals to show what waits for someone. Each source must answer with a constant number of queries.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

SEMAFORO_TEXTO = {"verde": "En tiempo", "amarillo": "Por vencer", "rojo": "Vencido"}


@dataclass(frozen=True)
class Pendiente:
    titulo: str
    enlace: str
    detalle: str = ""
    fecha_limite: dt.date | None = None
    semaforo: str = ""  # "verde", "amarillo", "rojo" or "" when it has no deadline

    @property
    def semaforo_texto(self) -> str:
        return SEMAFORO_TEXTO.get(self.semaforo, "")


class FuentePendientes:
    """One kind of pending work, e.g. "Oficios por firmar". Subclass and register an instance."""

    clave: str = ""  # "<app>.<kind>", e.g. "firma.solicitudes"
    etiqueta: str = ""  # Spanish heading, e.g. "Documentos por firmar"
    enlace: str = ""  # the page listing all of them

    def contar(self, user) -> int:
        raise NotImplementedError

    def listar(self, user, *, limite: int) -> list[Pendiente]:
        """The `limite` most urgent items, most urgent first."""
        raise NotImplementedError


class FuenteConsulta(FuentePendientes):
    """A source over one queryset (counted, then sliced): one query each for the count and the items.

    `consulta(user)` is None when the user has no part in this kind of work (e.g. may not open its module).
    """

    vista: str = ""  # URL name of the page listing all of them

    @property
    def enlace(self) -> str:
        return reverse(self.vista)

    def consulta(self, user) -> QuerySet | None:
        raise NotImplementedError

    def pendiente(self, obj, user) -> Pendiente:
        raise NotImplementedError

    def contar(self, user) -> int:
        qs = self.consulta(user)
        return qs.count() if qs is not None else 0

    def listar(self, user, *, limite: int) -> list[Pendiente]:
        qs = self.consulta(user)
        return [self.pendiente(obj, user) for obj in qs[:limite]] if qs is not None else []


_registry: dict[str, FuentePendientes] = {}


def register(fuente: FuentePendientes) -> FuentePendientes:
    _registry[fuente.clave] = fuente
    return fuente


def fuentes() -> list[FuentePendientes]:
    return list(_registry.values())


@dataclass(frozen=True)
class Seccion:
    fuente: FuentePendientes
    total: int
    items: list[Pendiente]


def pendientes_de(user, *, limite: int = 5) -> list[Seccion]:
    """The sources the user has work in, each with its count and first `limite` items (nothing asked when 0)."""
    secciones = []
    for fuente in fuentes():
        total = fuente.contar(user)
        if total:
            secciones.append(Seccion(fuente=fuente, total=total, items=fuente.listar(user, limite=limite)))
    return secciones
