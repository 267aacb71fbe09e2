"""e-oficio's API under /api/v1/oficios/: the same selectors and services as the pages, as JSON."""

from rest_framework.permissions import IsAuthenticated

from eoficio.permissions import BANDEJA
from sai.core.api import has_perms


def requires(*perms: str, **by_method: str) -> list:
    """Signed in, the bandeja module, `perms`; services still apply the oficio door and each action's rule."""
    return [IsAuthenticated, has_perms(BANDEJA, *perms, **by_method)]
