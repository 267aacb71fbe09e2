from django.apps import AppConfig


class EarchivoConfig(AppConfig):
    name = "earchivo"
    verbose_name = "e-Archivo"

    def ready(self) -> None:
        from earchivo.firmables import VersionFirmable
        from sai.signing.registry import register

        register(VersionFirmable())
