"""Full-text pieces of the database backend: analyzed terms -> SQLite FTS5 / PostgreSQL tsquery, typo
expansion against the vocabulary, and snippets with the page of the best match.

Terms are analyzed in Python (sai.search.analysis) at index and query time, so both vendors index plain,
folded, stemmed words and behave alike; no database extension is needed.

The raw SQL here (noqa S608/S611) interpolates only constant table names; every value is a query parameter,
and engine query strings are built from analyzed terms that are word characters only (`safe_terms`).
"""

import html
import re

from django.db import connection
from django.db.models import BooleanField, IntegerField
from django.db.models.expressions import RawSQL

from sai.search.analysis import edit_distance, fuzziness, normalize_key, token_spans, tokens
from sai.search.models import TerminoBusqueda
from sai.search.query import CLAVE_LIKE, Frase, exact_only

TABLE = "search_entradabusqueda"
FTS_TABLE = "search_entrada_fts"
PG_VECTOR = f'to_tsvector(\'simple\'::regconfig, "{TABLE}"."titulo_texto" || \' \' || "{TABLE}"."texto")'
PG_TITLE = f'to_tsvector(\'simple\'::regconfig, "{TABLE}"."titulo_texto")'
MAX_EXPANSIONS = 30
# Relevance points per word by where it matched (the same constants as the Elasticsearch backend).
TEXT_BOOST, TITLE_BOOST, CLAVE_BOOST = 1, 3, 10


def setup_sql() -> list[str]:
    if connection.vendor == "sqlite":
        cols = "rowid, texto, titulo_texto"
        new = "new.id, new.texto, new.titulo_texto"
        old = "'delete', old.id, old.texto, old.titulo_texto"
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(texto, titulo_texto, content='{TABLE}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {TABLE} BEGIN "  # noqa: S608
            f"INSERT INTO {FTS_TABLE}({cols}) VALUES ({new}); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {TABLE} BEGIN "  # noqa: S608
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, {cols}) VALUES ({old}); END",
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {TABLE} BEGIN "  # noqa: S608
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, {cols}) VALUES ({old}); "
            f"INSERT INTO {FTS_TABLE}({cols}) VALUES ({new}); END",
        ]
    if connection.vendor == "postgresql":
        return [f"CREATE INDEX IF NOT EXISTS search_entrada_texto_gin ON {TABLE} USING gin (({PG_VECTOR}))"]
    return []


# --- terms ------------------------------------------------------------------------------------------------------


def expand(term: str, exact: bool) -> list[str]:
    """The vocabulary terms a query term matches: itself, plus those within fuzziness AUTO (same first letter)."""
    distance = 0 if exact else fuzziness(term)
    if distance == 0:
        return [term]
    candidates = TerminoBusqueda.objects.filter(
        inicial=term[:1], longitud__gte=len(term) - distance, longitud__lte=len(term) + distance
    ).values_list("termino", flat=True)
    scored = sorted(
        (d, c) for c in candidates.iterator(chunk_size=5000) if (d := edit_distance(term, c, distance)) <= distance
    )
    found = [c for _, c in scored[:MAX_EXPANSIONS]]
    return found if term in found else [term, *found[: MAX_EXPANSIONS - 1]]


def node_terms(node) -> list[list[str]]:
    """A Palabra/Frase as a sequence of positions, each a list of alternatives (typo expansions)."""
    words = tokens(node.texto)
    if isinstance(node, Frase) or CLAVE_LIKE.search(node.texto) or len(words) != 1:
        return [[w] for w in words]
    return [expand(words[0], exact_only(node.texto))]


# --- SQL per vendor ---------------------------------------------------------------------------------------------


def _fts5(positions: list[list[str]]) -> str:
    if len(positions) == 1:
        return "(" + " OR ".join(f'"{t}"' for t in positions[0]) + ")"
    return '"' + " ".join(p[0] for p in positions) + '"'


def _tsquery(positions: list[list[str]]) -> str:
    parts = ["(" + " | ".join(f"'{t}'" for t in alternatives) + ")" for alternatives in positions]
    return " <-> ".join(parts)


def match_expression(nodes_terms: list[list[list[str]]]) -> str:
    """One engine query string matching any of the given nodes (each a list of positions)."""
    if connection.vendor == "sqlite":
        return " OR ".join(_fts5(p) for p in nodes_terms if p)
    return " | ".join("(" + _tsquery(p) + ")" for p in nodes_terms if p)


def _match_sql(positions: list[list[str]], title_only: bool = False) -> tuple[str, list]:
    """SQL (and its parameters) true when the row's text, or only its title, contains the word/phrase."""
    expression = match_expression([positions])
    if connection.vendor == "sqlite":
        if title_only:
            expression = f"titulo_texto : ({expression})"
        return f'"{TABLE}"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)', [expression]  # noqa: S608
    vector = PG_TITLE if title_only else PG_VECTOR
    return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [expression]


def text_condition(positions: list[list[str]]) -> RawSQL:
    """A boolean SQL condition: the row's text contains the word/phrase."""
    sql, params = _match_sql(positions)
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611


def clave_condition(texto: str) -> RawSQL:
    return RawSQL(f'"{TABLE}"."claves" LIKE %s', [f"%|{_like_escape(normalize_key(texto))}|%"], BooleanField())  # noqa: S611


def _like_escape(value: str) -> str:
    # LIKE wildcards in user input are matched literally: claves never contain them, so drop them.
    return value.replace("%", "").replace("_", "")


def score_expression(nodes_terms: list[list[list[str]]], claves: list[str]) -> RawSQL:
    """An integer relevance from where each word matched (title, text, exact clave), as in the Elasticsearch
    backend. No term statistics (bm25, idf): they count reserved documents too, so the order of a user's own
    hits would tell whether hidden documents contain a word."""
    params: list = []
    parts = []
    for positions in nodes_terms:
        if not positions:
            continue
        for title_only, boost in ((False, TEXT_BOOST), (True, TITLE_BOOST)):
            sql, sql_params = _match_sql(positions, title_only)
            parts.append(f"CASE WHEN {sql} THEN {boost} ELSE 0 END")
            params += sql_params
    for clave in claves:
        parts.append(f'CASE WHEN "{TABLE}"."claves" LIKE %s THEN {CLAVE_BOOST} ELSE 0 END')
        params.append(f"%|{_like_escape(normalize_key(clave))}|%")
    return RawSQL("(" + (" + ".join(parts) or "0") + ")", params, output_field=IntegerField())  # noqa: S611


# --- snippets ---------------------------------------------------------------------------------------------------

WINDOW = 90


def _marked(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [html.escape(text[cursor:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        cursor = e
    out.append(html.escape(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(out).strip() + ("…" if end < len(text) else "")


def _hits_in(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    return [(s, e) for s, e, term in token_spans(text) if term in wanted]


def fragment(text: str, wanted: set[str]) -> str | None:
    """A ~180-character excerpt around the densest run of matches, matches marked; None if nothing matches."""
    spans = _hits_in(text, wanted)
    if not spans:
        return None
    best = max(spans, key=lambda span: sum(1 for s, _ in spans if span[0] <= s < span[0] + 2 * WINDOW))
    start = max(0, best[0] - WINDOW // 2)
    end = min(len(text), start + 2 * WINDOW)
    start = text.rfind(" ", 0, start) + 1 if start > 0 else 0
    space = text.find(" ", end)
    end = len(text) if space == -1 else space
    return _marked(text, spans, start, end)


def highlight(text: str, wanted: set[str]) -> str:
    spans = _hits_in(text, wanted)
    return _marked(text, spans, 0, len(text)) if spans else ""


def best_page(paginas: list[dict], wanted: set[str]) -> tuple[int | None, str | None]:
    """(page number, fragment) of the page with most matching words."""
    best, best_count = None, 0
    for pagina in paginas:
        count = sum(1 for _, _, term in token_spans(pagina["texto"]) if term in wanted)
        if count > best_count:
            best, best_count = pagina, count
    if best is None:
        return None, None
    return best["numero"], fragment(best["texto"], wanted)


def words_of(text: str) -> str:
    """The analyzed text stored for FTS: space-separated terms."""
    return " ".join(tokens(text))


_SAFE = re.compile(r"^\w+$")


def safe_terms(terms: list[str]) -> list[str]:
    """Terms are \\w+ after analysis; keep only those, so nothing reaches an engine's query syntax raw."""
    return [t for t in terms if _SAFE.match(t)]
