"""Search backends behind one small interface (`base.SearchBackend`), chosen by SAI_SEARCH.

The database backend is a supported backend for small installations (SQLite FTS5 / PostgreSQL full-text);
Elasticsearch is the production one. Only `elasticsearch.py` imports the Elasticsearch client.
"""

from functools import cache

from django.conf import settings

from sai.search.backends.base import BackendUnavailable, IndexingError, SearchBackend

__all__ = ["BackendUnavailable", "IndexingError", "SearchBackend", "get_backend"]


@cache
def _backend_for(kind: str, config_items: tuple):
    if kind == "elasticsearch":
        from sai.search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(dict(config_items))
    from sai.search.backends.database import DatabaseBackend

    return DatabaseBackend()


def get_backend() -> SearchBackend:
    """The configured backend (one client per configuration, reused across requests)."""
    return _backend_for(settings.SAI_SEARCH, tuple(sorted(settings.SAI_ELASTICSEARCH.items())))
