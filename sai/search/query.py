"""The query language and the filter tree both backends compile.

Users type words, "exact phrases", -exclusions, OR, (groups) and field filters:
`serie:4C.3 unidad:UTTyPDP año:2020..2023 tipo:"Acta de entrega" etapa:concentración firmado:sí
fecha:2024-01..2024-06 clave:4C.3/0012/2024`. `query_parse` turns that into a small tree of nodes; the
visibility rules of each indexed type are trees of the same filter nodes, so one compiler per backend
translates everything and the permission filter sits inside the query itself.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from sai.core.exceptions import ApplicationError
from sai.search.analysis import normalize_key

# --- nodes ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Palabra:
    """A word: matched on the analyzed text with typo tolerance, or exactly on claves/folios."""

    texto: str


@dataclass(frozen=True)
class Frase:
    """An exact phrase (also matched exactly on claves/folios)."""

    texto: str


@dataclass(frozen=True)
class Term:
    """`campo` (a keyword field of the schema) equals any of `valores`."""

    campo: str
    valores: tuple


@dataclass(frozen=True)
class Rango:
    """`campo` (fecha or anio) between `desde` and `hasta`, both inclusive, either may be None."""

    campo: str
    desde: object = None
    hasta: object = None


@dataclass(frozen=True)
class Y:
    partes: tuple


@dataclass(frozen=True)
class O:  # noqa: E742 - the Spanish "or", next to Y
    partes: tuple


@dataclass(frozen=True)
class No:
    parte: object


TODO = Y(())
NADA = O(())


def y(*partes) -> object:
    """AND that simplifies: drops TODO, collapses to NADA if any part is NADA."""
    flat = []
    for parte in partes:
        if parte == TODO:
            continue
        if parte == NADA:
            return NADA
        flat.extend(parte.partes if isinstance(parte, Y) else [parte])
    return flat[0] if len(flat) == 1 else Y(tuple(flat))


def o(*partes) -> object:
    """OR that simplifies: drops NADA, collapses to TODO if any part is TODO."""
    flat = []
    for parte in partes:
        if parte == NADA:
            continue
        if parte == TODO:
            return TODO
        flat.extend(parte.partes if isinstance(parte, O) else [parte])
    return flat[0] if len(flat) == 1 else O(tuple(flat))


def filtro(campo: str, valor) -> str:
    """The key stored in the `filtros` keyword list for one field value: "unidad=uttypdp"."""
    return f"{campo}={normalize_key(valor)}"


CLAVE_LIKE = re.compile(r"\w[/.\-_]\w")


def exact_only(word: str) -> bool:
    """Claves, folios and numbers are never matched approximately (2024 must not find 2023)."""
    return bool(CLAVE_LIKE.search(word) or re.search(r"\d", word))


def text_nodes(node, negated: bool = False) -> list:
    """The positive Palabra/Frase nodes of a tree: what snippets highlight and pages are chosen by."""
    if isinstance(node, Palabra | Frase):
        return [] if negated else [node]
    if isinstance(node, Y | O):
        return [n for parte in node.partes for n in text_nodes(parte, negated)]
    if isinstance(node, No):
        return text_nodes(node.parte, not negated)
    return []


# --- parsing ----------------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<lparen>\() | (?P<rparen>\)) |
        (?P<neg>-)(?=\S) |
        (?P<field>[^\s:()"]+):(?:"(?P<fquoted>[^"]*)"?|(?P<fvalue>[^\s()"]+)) |
        "(?P<phrase>[^"]*)"? |
        (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
_SI = {"si", "true", "1", "yes"}
_NO = {"no", "false", "0"}
_FECHA = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _fecha_limites(texto: str) -> tuple[datetime.date, datetime.date]:
    """AAAA, AAAA-MM or AAAA-MM-DD as the first and last day it covers."""
    match = _FECHA.match(texto.strip())
    if not match:
        raise ValueError
    year, month, day = int(match[1]), match[2], match[3]
    if month is None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = int(month)
    if day is None:
        return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    fecha = datetime.date(year, month, int(day))
    return fecha, fecha


def _rango(valor: str, parse) -> tuple:
    if ".." in valor:
        desde, hasta = valor.split("..", 1)
        return (parse(desde)[0] if desde else None), (parse(hasta)[1] if hasta else None)
    return parse(valor)


def _anio(texto: str) -> tuple[int, int]:
    year = int(texto)
    if not 1000 <= year <= 9999:
        raise ValueError
    return year, year


def _campo(nombre: str, valor: str):
    """A field filter node, None for an unknown field (then the token is a plain word), ValueError if malformed."""
    campo = normalize_key(nombre)
    if campo in ("serie", "unidad", "etapa", "expediente", "objeto"):
        return Term("filtros", (filtro(campo, valor),))
    if campo in ("clasificacion", "clasif"):
        return Term("filtros", (filtro("clasificacion", valor),))
    if campo in ("tipo", "tipo_documental"):
        return Term("filtros", (filtro("tipo_documental", valor),))
    if campo in ("clave", "folio"):
        return Term("claves", (normalize_key(valor),))
    if campo == "firmado":
        flag = normalize_key(valor)
        if flag not in _SI | _NO:
            raise ValueError("firmado: use «sí» o «no».")
        return Term("filtros", (filtro("firmado", "si" if flag in _SI else "no"),))
    if campo in ("ano", "anio"):
        try:
            desde, hasta = _rango(valor, _anio)
        except ValueError:
            raise ValueError(f"año: «{valor}» no es un año (AAAA o AAAA..AAAA).") from None
        return Rango("anio", desde, hasta)
    if campo in ("fecha", "desde", "hasta"):
        try:
            desde, hasta = _rango(valor, _fecha_limites)
        except ValueError:
            raise ValueError(f"{campo}: «{valor}» no es una fecha (AAAA, AAAA-MM o AAAA-MM-DD).") from None
        if campo == "desde":
            return Rango("fecha", desde, None)
        if campo == "hasta":
            return Rango("fecha", None, hasta)
        return Rango("fecha", desde, hasta)
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = [m for m in _TOKEN.finditer(text) if m.lastgroup or m.group().strip()]
        self.pos = 0
        self.errors: list[str] = []

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def sequence(self, closing: bool = False):
        parts = []
        while (token := self.peek()) is not None:
            if token["rparen"]:
                if closing:
                    break
                self.take()  # a stray ")" is ignored
                continue
            node = self.disjunction()
            if node is not None:
                parts.append(node)
        return y(*parts) if parts else TODO

    def disjunction(self):
        node = self.unary()
        while (token := self.peek()) is not None and token["word"] in ("OR", "|"):
            self.take()
            other = self.unary()
            if node is None:
                node = other
            elif other is not None:
                node = o(node, other)
        return node

    def unary(self):
        token = self.take()
        if token is None:
            return None
        if token["neg"] or token["word"] == "NOT":
            inner = self.unary()
            return No(inner) if inner is not None and inner != TODO else None
        if token["lparen"]:
            inner = self.sequence(closing=True)
            if (closing := self.peek()) is not None and closing["rparen"]:
                self.take()
            return inner
        if token["phrase"] is not None:
            text = token["phrase"].strip()
            return Frase(text) if re.search(r"\w", text) else None
        if token["field"]:
            value = token["fquoted"] if token["fquoted"] is not None else token["fvalue"]
            try:
                node = _campo(token["field"], value or "")
            except ValueError as exc:
                self.errors.append(str(exc))
                return None
            if node is not None:
                return node
            return Palabra(token.group().strip())
        word = token["word"]
        if word in ("AND", "OR", "|") or not re.search(r"\w", word):
            return None
        return Palabra(word)


def query_parse(text: str):
    """The tree for what the user typed; ApplicationError (field `q`) naming each malformed filter."""
    parser = _Parser((text or "")[:1000])
    node = parser.sequence()
    if parser.errors:
        raise ApplicationError("Revise la búsqueda.", errors={"q": parser.errors})
    return node


def facet_filters(selected: dict[str, list[str]]):
    """Facet selections (exact values, OR within a facet, AND across facets) as a filter tree."""
    parts = [Term("filtros", tuple(filtro(name, v) for v in values)) for name, values in selected.items() if values]
    return y(*parts)
