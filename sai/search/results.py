"""The shapes a search request and its answer take between the service layer and the backends."""

import base64
import binascii
import json
from dataclasses import dataclass, field

from sai.core.exceptions import ApplicationError
from sai.search.query import TODO

ORDENES = {
    "relevancia": "Relevancia",
    "fecha": "Fecha (recientes primero)",
    "fecha_asc": "Fecha (antiguos primero)",
}


@dataclass
class Consulta:
    """A compiled request: `arbol` is the user's query, `filtro` the visibility rule and facet selections."""

    arbol: object = TODO
    filtro: object = TODO
    orden: str = "relevancia"
    despues: list | None = None  # search_after: the sort values of the last hit of the previous page
    tamano: int = 20
    facetas: bool = True
    resaltar: bool = True


@dataclass
class Hit:
    key: str
    tipo: str
    objeto_id: int
    titulo: str
    fecha: str | None
    datos: dict
    facetas: dict[str, tuple[str, str]]
    claves: list[str] = field(default_factory=list)
    fragmentos: list[str] = field(default_factory=list)  # safe HTML: escaped text with <mark> around matches
    titulo_html: str = ""  # the title with its matches marked (safe HTML), "" when nothing matched in it
    pagina: int | None = None  # page of the best matching fragment
    orden: list = field(default_factory=list)
    url: str = ""  # the item's page (for a document: its expediente)
    url_contenido: str = ""  # the content itself, at the page of the hit when there is one


@dataclass
class FacetaValor:
    valor: str
    etiqueta: str
    cuenta: int
    seleccionado: bool = False
    enlace: str = ""  # the page's query string with this value toggled


@dataclass
class Faceta:
    nombre: str
    etiqueta: str
    valores: list[FacetaValor]


@dataclass
class Resultado:
    total: int
    hits: list[Hit]
    facetas: list[Faceta] = field(default_factory=list)
    siguiente: list | None = None  # pass as Consulta.despues for the next page; None on the last page
    ms: float = 0.0


def cursor_encode(values: list | None) -> str:
    if not values:
        return ""
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def cursor_decode(token: str | None) -> list | None:
    """The search_after values of a page cursor; ApplicationError for a cursor that was not ours."""
    if not token:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error):
        values = None
    if not isinstance(values, list) or not values or len(values) > 4:
        raise ApplicationError("La página solicitada no es válida.", errors={"cursor": ["Cursor no reconocido."]})
    if not all(isinstance(v, str | int | float) or v is None for v in values):
        raise ApplicationError("La página solicitada no es válida.", errors={"cursor": ["Cursor no reconocido."]})
    return values
