from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrgConfig(AppConfig):
    name = "sai.org"
    label = "org"
    verbose_name = "Organización"

    def ready(self) -> None:
        from sai.org.roles import roles_sync_after_migrate

        # Roles are configuration: every migrate (and every test-database flush) brings them up to date.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="sai.org.roles_sync")
