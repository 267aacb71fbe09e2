"""The database backend: SQLite FTS5 or PostgreSQL full-text over `EntradaBusqueda`, for small installations.

It answers the same query trees as Elasticsearch (same analysis, typo tolerance, exact claves, facets,
keyset pagination), with the permission filter in the same SQL statement as the text match.
"""

import datetime
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce

from sai.core.exceptions import ApplicationError
from sai.search.analysis import normalize_key
from sai.search.backends import db_text
from sai.search.models import EntradaBusqueda, TerminoBusqueda
from sai.search.query import Frase, No, O, Palabra, Rango, Term, Y, text_nodes
from sai.search.results import Consulta, Faceta, FacetaValor, Hit, Resultado
from sai.search.schema import FACETAS, facet_split

LIST_FIELDS = {"filtros", "claves", "acceso_usuarios", "acceso_grupos"}
MIN_DATE, MAX_DATE = datetime.date(1, 1, 1), datetime.date(9999, 12, 31)
MAX_TEXT = 600_000  # PostgreSQL's tsvector holds about 1 MB: very long texts are indexed up to here
ORDERS = {
    "relevancia": [("score", True), ("fecha_o", True), ("key", False)],
    "fecha": [("fecha_o", True), ("key", False)],
    "fecha_asc": [("fecha_o", False), ("key", False)],
}


def _listed(values) -> str:
    return "|" + "|".join(str(v) for v in values) + "|" if values else ""


def _row(body: dict, version: int) -> EntradaBusqueda:
    pages = " ".join(p["texto"] for p in body.get("paginas", []))
    other = " ".join([*body.get("claves", []), *body.get("textos", []), pages])
    return EntradaBusqueda(
        key=body["key"],
        tipo=body["tipo"],
        objeto_id=body["objeto_id"],
        titulo=body["titulo"][:500],
        fecha=datetime.date.fromisoformat(body["fecha"]) if body.get("fecha") else None,
        anio=body.get("anio"),
        firmado=body.get("firmado"),
        claves=_listed(normalize_key(c) for c in body.get("claves", [])),
        filtros=_listed(body.get("filtros", [])),
        **{f"faceta_{name}": body.get(f"faceta_{name}", "")[:300] for name, _ in FACETAS},
        acceso_unidad=body.get("acceso_unidad"),
        acceso_etapa=body.get("acceso_etapa") or "",
        acceso_clasificacion=body.get("acceso_clasificacion") or "",
        acceso_responsable=body.get("acceso_responsable"),
        acceso_usuarios=_listed(body.get("acceso_usuarios", [])),
        acceso_grupos=_listed(body.get("acceso_grupos", [])),
        texto=db_text.words_of(other[:MAX_TEXT]),
        titulo_texto=db_text.words_of(body["titulo"]),
        cuerpo=body,
        huella=body["huella"],
        version=version,
    )


class _Compiler:
    """Query tree -> Q, remembering each text node's analyzed terms (for scoring and snippets)."""

    def __init__(self) -> None:
        self.terms: dict = {}

    def positions(self, node) -> list[list[str]]:
        if node not in self.terms:
            self.terms[node] = [db_text.safe_terms(alts) for alts in db_text.node_terms(node)]
            self.terms[node] = [alts for alts in self.terms[node] if alts]
        return self.terms[node]

    def q(self, node) -> Q:
        if isinstance(node, Palabra | Frase):
            positions = self.positions(node)
            clave = Q(db_text.clave_condition(node.texto))
            return (Q(db_text.text_condition(positions)) | clave) if positions else clave
        if isinstance(node, Term):
            if node.campo in LIST_FIELDS:
                q = Q(pk__in=[])
                for value in node.valores:
                    q |= Q(**{f"{node.campo}__contains": f"|{value}|"})
                return q
            return Q(**{f"{node.campo}__in": list(node.valores)})
        if isinstance(node, Rango):
            q = Q()
            if node.desde is not None:
                q &= Q(**{f"{node.campo}__gte": node.desde})
            if node.hasta is not None:
                q &= Q(**{f"{node.campo}__lte": node.hasta})
            return q
        if isinstance(node, Y):
            q = Q()
            for parte in node.partes:
                q &= self.q(parte)
            return q
        if isinstance(node, O):
            q = Q(pk__in=[])
            for parte in node.partes:
                q |= self.q(parte)
            return q
        if isinstance(node, No):
            return ~self.q(node.parte)
        raise TypeError(f"unknown query node {node!r}")


def _after(fields: list[tuple[str, bool]], values: list) -> Q:
    """Keyset condition: rows strictly after `values` in the (field, descending) order."""
    q = None
    for (name, desc), value in reversed(list(zip(fields, values, strict=True))):
        strict = Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
        q = strict if q is None else strict | (Q(**{name: value}) & q)
    return q


class DatabaseBackend:
    name = "database"

    def ping(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return f"database:{connection.vendor}"

    def setup(self) -> None:
        statements = db_text.setup_sql()
        if not statements:
            return
        with connection.cursor() as cursor:
            created = False
            if connection.vendor == "sqlite":
                cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [db_text.FTS_TABLE])
                created = cursor.fetchone() is None
            for sql in statements:
                cursor.execute(sql)
            if created:
                cursor.execute(f"INSERT INTO {db_text.FTS_TABLE}({db_text.FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608

    # --- writes -------------------------------------------------------------------------------------------------

    def write(self, *, bodies: list[dict], deletes: list[str], version: int, refresh: bool = False) -> None:
        with transaction.atomic():
            keys = [b["key"] for b in bodies] + list(deletes)
            stored = dict(
                EntradaBusqueda.objects.select_for_update().filter(key__in=keys).values_list("key", "version")
            )
            rows = [_row(b, version) for b in bodies if stored.get(b["key"], -1) <= version]
            if rows:
                fields = [f.name for f in EntradaBusqueda._meta.concrete_fields if f.name not in ("id", "key")]
                EntradaBusqueda.objects.bulk_create(
                    rows, update_conflicts=True, unique_fields=["key"], update_fields=fields, batch_size=200
                )
                self._vocabulary(rows)
            if deletes:
                EntradaBusqueda.objects.filter(key__in=deletes, version__lte=version).delete()

    def _vocabulary(self, rows: list[EntradaBusqueda]) -> None:
        terms = {t for row in rows for t in f"{row.titulo_texto} {row.texto}".split() if len(t) <= 100}
        TerminoBusqueda.objects.bulk_create(
            [TerminoBusqueda(termino=t, inicial=t[:1], longitud=len(t)) for t in sorted(terms)],
            ignore_conflicts=True,
            batch_size=1000,
        )

    def write_into(self, *, index: str, bodies: list[dict], version: int) -> None:
        self.write(bodies=bodies, deletes=[], version=version)

    def refresh(self) -> None:
        """Rows are visible once committed."""

    def rebuild_begin(self, resume: str | None = None) -> str:
        """The database index is rebuilt in place (rows are upserted; stale ones removed by the repair)."""
        self.setup()
        return "database"

    def rebuild_abandon(self, index: str) -> None:
        """Nothing to drop: the rebuild wrote into the live table."""

    def rebuild_finish(self, index: str) -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {db_text.FTS_TABLE}({db_text.FTS_TABLE}) VALUES ('optimize')")  # noqa: S608

    def drop_all(self) -> None:
        EntradaBusqueda.objects.all().delete()
        TerminoBusqueda.objects.all().delete()

    # --- reads --------------------------------------------------------------------------------------------------

    def scan(self, tipo: str) -> Iterator[tuple[str, str]]:
        rows = EntradaBusqueda.objects.filter(tipo=tipo).order_by("key").values_list("key", "huella")
        for key, huella in rows.iterator(chunk_size=5000):
            yield key.split(":", 1)[1], huella

    def count(self) -> int:
        return EntradaBusqueda.objects.count()

    def search(self, consulta: Consulta) -> Resultado:
        compiler = _Compiler()
        base = EntradaBusqueda.objects.filter(compiler.q(consulta.filtro)).filter(compiler.q(consulta.arbol))
        positive = text_nodes(consulta.arbol)
        nodes_terms = [compiler.positions(n) for n in positive]
        fecha_default = MAX_DATE if consulta.orden == "fecha_asc" else MIN_DATE
        ranked = base.annotate(
            score=db_text.score_expression(nodes_terms, [n.texto for n in positive]),
            fecha_o=Coalesce("fecha", Value(fecha_default)),
        )
        fields = ORDERS[consulta.orden]
        if consulta.despues:
            values = list(consulta.despues)
            position = [name for name, _ in fields].index("fecha_o")
            try:
                values[position] = datetime.date.fromisoformat(values[position])
                if consulta.orden == "relevancia":
                    values[0] = int(values[0])
            except (TypeError, ValueError):
                raise ApplicationError(
                    "La página solicitada no es válida.", errors={"cursor": ["Cursor alterado."]}
                ) from None
            ranked = ranked.filter(_after(fields, values))
        ordering = [f"-{name}" if desc else name for name, desc in fields]
        window = slice(consulta.desde, consulta.desde + consulta.tamano)
        rows = list(ranked.order_by(*ordering).values("cuerpo", "score", "fecha_o", "key")[window])
        wanted = {t for positions in nodes_terms for alternatives in positions for t in alternatives}
        hits = [self._hit(row, fields, wanted if consulta.resaltar else set()) for row in rows]
        facetas = self._facets(base) if consulta.facetas else []
        return Resultado(
            total=base.count(),
            hits=hits,
            facetas=facetas,
            ultimo=hits[-1].orden if hits and len(hits) == consulta.tamano else None,
        )

    def _hit(self, row: dict, fields, wanted: set[str]) -> Hit:
        body = row["cuerpo"]
        page, fragment = db_text.best_page(body.get("paginas", []), wanted) if wanted else (None, None)
        fragments = [fragment] if fragment else []
        if not fragments and wanted:
            fragments = [f for f in (db_text.fragment(t, wanted) for t in body.get("textos", [])) if f][:1]
        values = {"score": row["score"], "fecha_o": row["fecha_o"].isoformat(), "key": row["key"]}
        return Hit(
            key=body["key"],
            tipo=body["tipo"],
            objeto_id=body["objeto_id"],
            titulo=body["titulo"],
            fecha=body.get("fecha"),
            datos=body.get("datos") or {},
            facetas={n: facet_split(body[f"faceta_{n}"]) for n, _ in FACETAS if body.get(f"faceta_{n}")},
            claves=body.get("claves", []),
            fragmentos=fragments,
            pagina=page if fragment else None,
            orden=[values[name] for name, _ in fields],
            titulo_html=db_text.highlight(body["titulo"], wanted) if wanted else "",
        )

    def _facets(self, base) -> list[Faceta]:
        facetas = []
        for name, label in FACETAS:
            column = f"faceta_{name}"
            buckets = base.exclude(**{column: ""}).values(column).annotate(n=Count("id")).order_by("-n", column)[:50]
            values = [FacetaValor(*facet_split(b[column]), cuenta=b["n"]) for b in buckets]
            facetas.append(Faceta(name, label, values))
        return facetas
