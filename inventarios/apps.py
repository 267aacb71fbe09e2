from django.apps import AppConfig


class InventariosConfig(AppConfig):
    name = "inventarios"
    verbose_name = "Inventarios"
