"""Access checks shared by the module views: one decorator, so no view copies a permission test.

Pages that also need their own permission(s), and want service refusals as 403/404, use `sai.core.web.guarded`,
which is built on this one.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


def holds_all(user, perms) -> bool:
    """Whether `user` holds every one of `perms` (the question every page and API guard asks)."""
    return all(user.has_perm(perm) for perm in perms)


def holds_any(user, perms) -> bool:
    return any(user.has_perm(perm) for perm in perms)


def module_access_required(permission: str):
    """Refuse (403) a signed-in user whose role does not open this module."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not holds_all(request.user, [permission]):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
