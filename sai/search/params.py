"""Reading a search from a query string (the page, the export and the API share it)."""

from django.http import QueryDict

from sai.search.results import ORDENES
from sai.search.schema import FACETA_NOMBRES


def search_params(data: QueryDict) -> dict:
    """q, orden and the chosen facet values (each facet may repeat: ?anio=2023&anio=2024)."""
    orden = data.get("orden", "relevancia")
    return {
        "q": data.get("q", "").strip()[:1000],
        "orden": orden if orden in ORDENES else "relevancia",
        "facetas": {name: data.getlist(name) for name in FACETA_NOMBRES if data.getlist(name)},
    }


def facet_toggle_query(data: QueryDict, name: str, value: str) -> str:
    """The query string with one facet value switched on or off (and the page cursor dropped)."""
    query = data.copy()
    query.pop("cursor", None)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return query.urlencode()


def with_cursor(data: QueryDict, cursor: str) -> str:
    query = data.copy()
    query["cursor"] = cursor
    return query.urlencode()
