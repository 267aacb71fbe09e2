from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sai.search"
    label = "search"
    verbose_name = "Búsqueda"
