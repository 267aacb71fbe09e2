from django.apps import AppConfig


class EarchivoConfig(AppConfig):
    name = "earchivo"
    verbose_name = "e-Archivo"

    def ready(self) -> None:
        from earchivo.bitacora import register_all

        register_all()
