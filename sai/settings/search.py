"""Search: the database full-text backend by default, Elasticsearch 8 with SAI_SEARCH=elasticsearch."""

from .env import env_choice, env_int, env_str

SAI_SEARCH = env_choice("SAI_SEARCH", ("database", "elasticsearch"), "database")
SAI_ELASTICSEARCH = {
    "URL": env_str("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
    "USERNAME": env_str("SAI_ELASTICSEARCH_USERNAME"),
    "PASSWORD": env_str("SAI_ELASTICSEARCH_PASSWORD"),
    "CA_CERTS": env_str("SAI_ELASTICSEARCH_CA_CERTS"),
    "INDEX_PREFIX": env_str("SAI_ELASTICSEARCH_INDEX_PREFIX", "sai"),
    "TIMEOUT": env_int("SAI_ELASTICSEARCH_TIMEOUT", 10),
}
