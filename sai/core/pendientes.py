""" "Mis pendientes": each app registers the kinds of pending work it has for a person (in AppConfig.ready).

The home page asks every registered source for a count and the first few items, so no app imports another's
internals to show what waits for someone. Each source must answer with a constant number of queries.
"""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Pendiente:
    titulo: str
    enlace: str
    detalle: str = ""
    fecha_limite: dt.date | None = None
    semaforo: str = ""  # "verde", "amarillo", "rojo" or "" when it has no deadline


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


_registry: dict[str, FuentePendientes] = {}


def register(fuente: FuentePendientes) -> FuentePendientes:
    _registry[fuente.clave] = fuente
    return fuente


def fuentes() -> list[FuentePendientes]:
    return list(_registry.values())
