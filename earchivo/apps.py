from django.apps import AppConfig


class EarchivoConfig(AppConfig):
    name = "earchivo"
    verbose_name = "e-Archivo"

    def ready(self) -> None:
        from earchivo.bitacora import register_all
        from earchivo.firmables import VersionFirmable
        from sai.signing.registry import register

        register(VersionFirmable())
        register_all()
