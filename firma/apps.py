from django.apps import AppConfig


class FirmaAppConfig(AppConfig):
    name = "firma"
    verbose_name = "Firma electrónica"

    def ready(self) -> None:
        from firma.engine.patches import asn1crypto_patch
        from firma.pendientes import PorFirmar
        from sai.core.pendientes import register

        asn1crypto_patch()
        register(PorFirmar())
