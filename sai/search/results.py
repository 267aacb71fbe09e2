"""The shapes a search request and its answer take between the service layer and the backends."""

from dataclasses import dataclass, field

from django.core import signing

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
    desde: int = 0  # or: how many hits the previous pages showed (relevance pages, see results.cursor_sign)
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
    ultimo: list | None = None  # sort values of the last hit of a full page (server-side only, never sent out)
    siguiente: str | None = None  # the opaque token for the next page (set by search_run); None on the last page
    ms: float = 0.0


CURSOR_SALT = "sai.search.cursor"
CURSOR_MAX_AGE = 24 * 3600
# Relevance pages are walked by position: deeper than this, the user narrows the search (Elasticsearch's
# default result window).
MAX_OFFSET = 10_000


def _invalid(reason: str) -> ApplicationError:
    return ApplicationError("La página solicitada no es válida.", errors={"cursor": [reason]})


def cursor_sign(*, user_id, huella: str, offset: int | None = None, despues: list | None = None) -> str:
    """An opaque next-page token, signed and bound to the user and the query (`huella`).

    It carries no score or other index statistic: relevance pages go by position (`offset`), date orders by the
    date and key of the last hit shown (`despues`), both things the user already sees.
    """
    payload = {"u": user_id, "h": huella, "o": offset} if offset is not None else {"u": user_id, "h": huella}
    if despues is not None:
        payload["k"] = despues
    return signing.dumps(payload, salt=CURSOR_SALT, compress=True)


def cursor_open(token: str, *, user_id, huella: str) -> tuple[int | None, list | None]:
    """(offset, despues) of a token this user got for this query; ApplicationError (field `cursor`) otherwise."""
    try:
        payload = signing.loads(token, salt=CURSOR_SALT, max_age=CURSOR_MAX_AGE)
    except signing.SignatureExpired:
        raise _invalid("El cursor caducó; vuelva a la primera página.") from None
    except signing.BadSignature:
        raise _invalid("Cursor no reconocido.") from None
    if not isinstance(payload, dict) or payload.get("u") != user_id or payload.get("h") != huella:
        raise _invalid("El cursor es de otra búsqueda.")
    offset, despues = payload.get("o"), payload.get("k")
    if offset is not None and (not isinstance(offset, int) or not 0 < offset <= MAX_OFFSET):
        raise _invalid("Cursor no reconocido.")
    if despues is not None and not (isinstance(despues, list) and len(despues) == 2):
        raise _invalid("Cursor no reconocido.")
    if (offset is None) == (despues is None):
        raise _invalid("Cursor no reconocido.")
    return offset, despues
