from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sai.core"
    label = "core"
    verbose_name = "Núcleo"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from sai.core.orden import sqlite_natural_register

        connection_created.connect(sqlite_natural_register, dispatch_uid="sai_natural")
