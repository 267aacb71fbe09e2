from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sai.audit"
    label = "audit"
    verbose_name = "Bitácora"
