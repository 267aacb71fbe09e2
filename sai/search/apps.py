from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _setup_database_backend(sender, using="default", **kwargs) -> None:
    # The database backend's FTS structures are vendor-specific, so they are made here, not in migrations.
    from django.db import connections

    from sai.search.backends.database import DatabaseBackend

    if using == "default" and connections[using].vendor in ("sqlite", "postgresql"):
        DatabaseBackend().setup()


class SearchConfig(AppConfig):
    name = "sai.search"
    label = "search"
    verbose_name = "Búsqueda"

    def ready(self) -> None:
        from sai.search import registry

        registry.autodiscover()
        post_migrate.connect(_setup_database_backend, sender=self)
