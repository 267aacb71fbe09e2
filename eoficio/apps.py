from django.apps import AppConfig


class EoficioConfig(AppConfig):
    name = "eoficio"
    verbose_name = "e-Oficio"
