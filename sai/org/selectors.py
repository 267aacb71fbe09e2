"""Reads of the organisation that pages and API views need: unidades and people by a request's parameters.

Views never touch `Model.objects` (tests/security/test_una_puerta.py); a parameter that is not a valid id finds
nothing instead of failing.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from sai.org.models import UnidadAdministrativa

_MAX_ID = 2**63 - 1  # the largest primary key a database holds: beyond it a lookup would overflow


def _id(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) <= _MAX_ID else None


def unidades() -> QuerySet[UnidadAdministrativa]:
    return UnidadAdministrativa.objects.all()


def unidades_activas() -> QuerySet[UnidadAdministrativa]:
    return UnidadAdministrativa.objects.filter(activa=True)


def unidades_buscar(*, q: str = "") -> QuerySet[UnidadAdministrativa]:
    """Active unidades by siglas, then name; `q` narrows by siglas or name (the API's lookup)."""
    qs = unidades_activas().order_by("siglas")
    text = (q or "").strip()
    return qs.filter(Q(siglas__icontains=text) | Q(nombre__icontains=text)) if text else qs


def unidad_por_id(value) -> UnidadAdministrativa | None:
    """The unidad a `?unidad=` parameter names, or None (absent, not a number, or no such unidad)."""
    pk = _id(value)
    return UnidadAdministrativa.objects.filter(pk=pk).first() if pk is not None else None


def usuarios_activos() -> QuerySet:
    return get_user_model().objects.filter(is_active=True)


def usuario_por_username(username: str, *, activo: bool = False):
    """The person with that user name (only an active one if `activo`), or None."""
    usuarios = usuarios_activos() if activo else get_user_model().objects.all()
    return usuarios.filter(username=(username or "").strip()).first()
