from django.apps import AppConfig


class NumeracionConfig(AppConfig):
    name = "sai.numeracion"
    label = "numeracion"
    verbose_name = "Numeración"
