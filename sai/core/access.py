"""Permission checks inside services: one helper, so every service refuses the same way."""

from sai.core.exceptions import PermissionDeniedError


def require_perm(actor, perm: str, message: str) -> None:
    """Refuse unless `actor` holds `perm`. actor=None is the system itself (commands, beat tasks)."""
    if actor is not None and not actor.has_perm(perm):
        raise PermissionDeniedError(message)
