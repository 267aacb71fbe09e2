from django.apps import AppConfig


class FirmaConfig(AppConfig):
    name = "firma"
    verbose_name = "Firma electrónica"

    def ready(self) -> None:
        from firma.asn1_sat import asn1crypto_patch

        asn1crypto_patch()
