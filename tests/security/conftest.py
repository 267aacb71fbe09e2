"""Security tests reuse the search fixtures (each backend, private Elasticsearch indices)."""

from tests.search.conftest import backend, es_config  # noqa: F401
