"""Access checks shared by the module views: one decorator, so no view copies a permission test.

Pages that also need their own permission(s), and want service refusals as 403/404, use `sai.core.web.guarded`,
which is built on this one.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


def module_access_required(permission: str):
    """Refuse (403) a signed-in user whose role does not open this module."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
