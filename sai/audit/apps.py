from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sai.audit"
    label = "audit"
    verbose_name = "Bitácora"

    def ready(self) -> None:
        from sai.audit import signals  # noqa: F401 - connects the session receivers
