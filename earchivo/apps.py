from django.apps import AppConfig


class EarchivoConfig(AppConfig):
    name = "earchivo"
    verbose_name = "e-Archivo"

    def ready(self) -> None:
        from earchivo.bitacora import register_all
        from earchivo.firmables import VersionFirmable
        from earchivo.pendientes import register_all as pendientes_register
        from sai.signing.registry import register

        register(VersionFirmable())
        register_all()
        pendientes_register()
