from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sai.core"
    label = "core"
    verbose_name = "Núcleo"
