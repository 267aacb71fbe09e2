"""Search backends behind one small interface; the only module that imports `elasticsearch`.

The database backend is a supported backend for small installations (SQLite FTS5 / PostgreSQL full-text);
Elasticsearch is the production one. The Búsqueda issue fills indexing and querying in; the platform needs
the selection and a health check.
"""

from functools import cache

from django.conf import settings
from django.db import connection


class DatabaseBackend:
    name = "database"

    def ping(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return f"database:{connection.vendor}"


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, config: dict) -> None:
        from elasticsearch import Elasticsearch

        auth = (config["USERNAME"], config["PASSWORD"]) if config["USERNAME"] else None
        self.client = Elasticsearch(
            config["URL"],
            basic_auth=auth,
            ca_certs=config["CA_CERTS"] or None,
            request_timeout=config["TIMEOUT"],
            max_retries=1,
        )
        self.index_prefix = config["INDEX_PREFIX"]

    def ping(self) -> str:
        health = self.client.options(request_timeout=3).cluster.health()
        if health["status"] not in ("green", "yellow"):
            raise ConnectionError(f"el clúster está en estado {health['status']}")
        return f"elasticsearch:{health['cluster_name']}:{health['status']}"


@cache
def _backend_for(kind: str, config_items: tuple):
    return ElasticsearchBackend(dict(config_items)) if kind == "elasticsearch" else DatabaseBackend()


def get_backend():
    """The configured backend (one client per configuration, reused across requests)."""
    return _backend_for(settings.SAI_SEARCH, tuple(sorted(settings.SAI_ELASTICSEARCH.items())))
