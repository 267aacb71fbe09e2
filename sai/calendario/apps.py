from django.apps import AppConfig


class CalendarioConfig(AppConfig):
    name = "sai.calendario"
    label = "calendario"
    verbose_name = "Calendario de días hábiles"
