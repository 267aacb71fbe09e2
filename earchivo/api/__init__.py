"""E-archivo's API, one module per topic (joined by urls.py), all guarded the same way: `requires(...)`."""

from rest_framework.permissions import IsAuthenticated

from earchivo.permissions import ARCHIVO
from sai.audit.acceso import refusals_audited
from sai.core.api import has_perms


def requires(*perms: str, **by_method: str) -> list:
    """`permission_classes` of an archive endpoint: signed in, the archive module, `perms`, and a method's own
    (`requires(VER_EXPEDIENTES, post=ABRIR_EXPEDIENTE)`). Services still check scope (unidad, etapa, clasificación).
    A refusal of a method wrapped by `audited_access` is recorded like the method's own refusals.
    """
    return [IsAuthenticated, refusals_audited(has_perms(ARCHIVO, *perms, **by_method))]
