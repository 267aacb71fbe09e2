"""The demo institution: the sample CSVs in deploy/samples/, imported like a real one, plus known passwords."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from sai.org.importer import org_import
from sai.org.services import usuario_password_reset

DEMO_PASSWORD = "sai-demo-2026"  # noqa: S105 - printed for the first run on purpose
DEMO_USERNAMES = (
    "capturista",
    "firmante",
    "tramite",
    "coordinacion",
    "concentracion",
    "historico",
    "auditor",
    "admin",
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    roles: list[str]
    unidad: str


@transaction.atomic
def demo_load() -> bool:
    """Import the sample institution once; return False (and change nothing) when it is already there."""
    User = get_user_model()
    if User.objects.filter(username="admin", perfil__unidad__siglas="SE").exists():
        return False
    samples = settings.BASE_DIR / "deploy" / "samples"
    org_import(areas_path=samples / "areas.csv", usuarios_path=samples / "usuarios.csv")
    for user in User.objects.filter(username__in=DEMO_USERNAMES):
        usuario_password_reset(actor=None, user=user, password=DEMO_PASSWORD)
    return True


def demo_users() -> list[DemoUser]:
    User = get_user_model()
    return [
        DemoUser(user.username, [group.name for group in user.groups.all()], user.perfil.unidad.siglas)
        for user in User.objects.filter(username__in=DEMO_USERNAMES)
        .select_related("perfil__unidad")
        .prefetch_related("groups")
        .order_by("id")
    ]
