from django.apps import AppConfig


class EarchivoConfig(AppConfig):
    name = "earchivo"
    verbose_name = "e-Archivo"
