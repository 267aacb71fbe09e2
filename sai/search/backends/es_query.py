"""Query trees -> Elasticsearch request bodies, and responses -> results.

The user's query goes in `must` (scored); the visibility rule and facet selections in `filter`, so hits,
`total` and facet counts all come from the same permitted set. An optional nested clause on the pages finds the
best page of each hit (inner_hits) without changing which items match.

Relevance uses no index statistics: each word or phrase adds a constant for where it matched (title, text,
exact clave). BM25 would weigh a word by how many documents in the whole index hold it, reserved ones
included, so the order of a user's own hits would tell whether hidden documents contain a word.
"""

from sai.search.query import CLAVE_LIKE, Frase, No, O, Palabra, Rango, Term, Y, exact_only, text_nodes
from sai.search.results import Consulta, Faceta, FacetaValor, Hit, Resultado
from sai.search.schema import FACETAS, facet_split

# Score of a word or phrase by where it matched (constant_score: the same for every document).
BOOSTS = {"titulo": 3.0, "contenido": 1.0}
CLAVE_BOOST = 10.0
SOURCE = ["key", "tipo", "objeto_id", "titulo", "fecha", "datos", "claves", *[f"faceta_{n}" for n, _ in FACETAS]]
MARK = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}
SORTS = {
    "relevancia": ["_score", {"fecha": {"order": "desc", "missing": "_last"}}, {"key": "asc"}],
    "fecha": [{"fecha": {"order": "desc", "missing": "_last"}}, {"key": "asc"}],
    "fecha_asc": [{"fecha": {"order": "asc", "missing": "_last"}}, {"key": "asc"}],
}


def _text_match(node, fields: list[str], fuzzy: bool = True) -> dict:
    if isinstance(node, Frase) or CLAVE_LIKE.search(node.texto):
        return {"multi_match": {"query": node.texto, "type": "phrase", "fields": fields}}
    match = {"query": node.texto, "fields": fields, "operator": "and"}
    if fuzzy and not exact_only(node.texto):
        match.update(fuzziness="AUTO", prefix_length=1, max_expansions=30)
    return {"multi_match": match}


def _constant(query: dict, boost: float) -> dict:
    return {"constant_score": {"filter": query, "boost": boost}}


def compile_node(node) -> dict:
    if isinstance(node, Palabra | Frase):
        clauses = [_constant(_text_match(node, [name]), boost) for name, boost in BOOSTS.items()]
        clauses.append(_constant({"term": {"claves": node.texto}}, CLAVE_BOOST))
        return {"bool": {"should": clauses, "minimum_should_match": 1}}
    if isinstance(node, Term):
        return {"terms": {node.campo: list(node.valores)}}
    if isinstance(node, Rango):
        bounds = {}
        if node.desde is not None:
            bounds["gte"] = str(node.desde)
        if node.hasta is not None:
            bounds["lte"] = str(node.hasta)
        return {"range": {node.campo: bounds}}
    if isinstance(node, Y):
        if not node.partes:
            return {"match_all": {}}
        return {"bool": {"must": [compile_node(p) for p in node.partes]}}
    if isinstance(node, O):
        if not node.partes:
            return {"match_none": {}}
        return {"bool": {"should": [compile_node(p) for p in node.partes], "minimum_should_match": 1}}
    if isinstance(node, No):
        return {"bool": {"must_not": [compile_node(node.parte)]}}
    raise TypeError(f"unknown query node {node!r}")


def _any_text(nodes: list, fields: list[str]) -> dict:
    """Exact (analyzed, not fuzzy) matching for pages and snippets: a fuzzy highlight query costs a Levenshtein
    automaton per hit and field (10x the search); a word found only by typo tolerance shows an unmarked excerpt."""
    return {"bool": {"should": [_text_match(n, fields, fuzzy=False) for n in nodes], "minimum_should_match": 1}}


def compile_search(consulta: Consulta) -> dict:
    positive = text_nodes(consulta.arbol)
    query: dict = {"bool": {"must": [compile_node(consulta.arbol)], "filter": [compile_node(consulta.filtro)]}}
    body: dict = {
        "query": query,
        "size": consulta.tamano,
        "sort": SORTS[consulta.orden],
        "track_total_hits": True,
        "_source": SOURCE,
    }
    if consulta.despues:
        body["search_after"] = consulta.despues
    elif consulta.desde:
        body["from"] = consulta.desde
    if positive and consulta.resaltar:
        query["bool"]["should"] = [
            {
                "nested": {
                    "path": "paginas",
                    "score_mode": "none",  # only finds the page; BM25 over pages would leak term statistics
                    "query": _any_text(positive, ["paginas.texto"]),
                    "inner_hits": {
                        "size": 1,
                        "_source": False,
                        "docvalue_fields": ["paginas.numero"],
                        "highlight": {
                            **MARK,
                            "fields": {"paginas.texto": {"fragment_size": 180, "number_of_fragments": 2}},
                        },
                    },
                }
            }
        ]
        body["highlight"] = {
            **MARK,
            "fields": {
                "titulo": {"number_of_fragments": 0, "highlight_query": _any_text(positive, ["titulo"])},
                "textos": {
                    "fragment_size": 180,
                    "number_of_fragments": 1,
                    "highlight_query": _any_text(positive, ["textos"]),
                },
            },
        }
    if consulta.facetas:
        body["aggs"] = {name: {"terms": {"field": f"faceta_{name}", "size": 50}} for name, _ in FACETAS}
    return body


def _hit(raw: dict) -> Hit:
    source = raw.get("_source", {})
    highlight = raw.get("highlight", {})
    fragments, page = [], None
    inner = raw.get("inner_hits", {}).get("paginas", {}).get("hits", {}).get("hits", [])
    if inner:
        fragments = inner[0].get("highlight", {}).get("paginas.texto", [])
        page = (inner[0].get("fields", {}).get("paginas.numero") or [None])[0]
    if not fragments:
        fragments = highlight.get("textos", [])
    return Hit(
        key=source.get("key", raw["_id"]),
        tipo=source.get("tipo", ""),
        objeto_id=source.get("objeto_id"),
        titulo=source.get("titulo", ""),
        fecha=source.get("fecha"),
        datos=source.get("datos") or {},
        facetas={n: facet_split(source[f"faceta_{n}"]) for n, _ in FACETAS if source.get(f"faceta_{n}")},
        claves=source.get("claves") or [],
        fragmentos=fragments,
        pagina=page if fragments else None,
        orden=raw.get("sort", []),
        titulo_html=(highlight.get("titulo") or [""])[0],
    )


def parse_response(response: dict, consulta: Consulta) -> Resultado:
    hits = [_hit(raw) for raw in response["hits"]["hits"]]
    facetas = []
    for name, label in FACETAS:
        buckets = response.get("aggregations", {}).get(name, {}).get("buckets", [])
        values = [FacetaValor(*facet_split(b["key"]), cuenta=b["doc_count"]) for b in buckets]
        facetas.append(Faceta(name, label, values))
    ultimo = hits[-1].orden if len(hits) == consulta.tamano and hits else None
    return Resultado(
        total=response["hits"]["total"]["value"],
        hits=hits,
        facetas=facetas if consulta.facetas else [],
        ultimo=ultimo,
        ms=float(response.get("took", 0)),
    )
