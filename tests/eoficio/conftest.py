from tests.eoficio.gestion_fixtures import gestion  # noqa: F401
