from django.apps import AppConfig


class FirmaConfig(AppConfig):
    name = "firma"
    verbose_name = "Firma electrónica"
