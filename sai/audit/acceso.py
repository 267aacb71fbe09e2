"""Reads of classified objects and refused attempts at them, recorded around the views that open them.

The platform wraps the view (a page, or an API method) and the API's permission check, which DRF runs before the
method and which therefore never reaches the method's wrapper. The app says what to record: `refusal` and `read`
are its services, given the key of the object the request names (a URL kwarg, or a field of the request body) and
deciding themselves whether that object exists and is classified. Only signed-in users' attempts are recorded: an
anonymous one identifies nobody, and recording it would let anyone fill the bitácora.
"""

from collections.abc import Callable, Mapping
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from rest_framework import exceptions as api_exceptions
from rest_framework.permissions import BasePermission

from sai.core.exceptions import NotFoundError, PermissionDeniedError
from sai.core.web import client_ip

NOT_FOUND = (Http404, NotFoundError, api_exceptions.NotFound)
FORBIDDEN = (PermissionDenied, PermissionDeniedError, api_exceptions.PermissionDenied)


def _body_key(request, campo: str) -> str | None:
    """The object's id posted in field `campo`, if it is one (the body is not validated yet)."""
    try:
        data = request.data if hasattr(request, "data") else request.POST
    except api_exceptions.ParseError:
        return None
    value = str(data.get(campo, "")) if isinstance(data, Mapping) else ""
    return value if value.isdigit() and len(value) < 19 else None


def audited_access(
    vista: str, *, refusal: Callable, read: Callable | None = None, kwarg: str = "pk", campo: str | None = None
):
    """Record refusals (403/404) of the object named by the URL's `kwarg` (or the body's `campo`), and its reads
    when `read` is given. Placed outermost on a page, it sees the role refusal as well as the door's "not found";
    on an API method, `refusals_audited` covers the permission classes."""

    def decorator(view):
        def record_refusal(request, kwargs: dict, estado: int) -> None:
            key = _body_key(request, campo) if campo else kwargs.get(kwarg)
            if key is not None and request.user.is_authenticated:
                refusal(actor=request.user, pk=key, vista=vista, estado=estado, ip=client_ip(request))

        @wraps(view)
        def wrapped(*args, **kwargs):
            request = args[0] if isinstance(args[0], HttpRequest) else args[1]  # a function view or an API method
            try:
                response = view(*args, **kwargs)
            except NOT_FOUND + FORBIDDEN as exc:
                record_refusal(request, kwargs, 404 if isinstance(exc, NOT_FOUND) else 403)
                raise
            if read is not None and response.status_code < 400:
                read(actor=request.user, pk=kwargs[kwarg], vista=vista, ip=client_ip(request))
            return response

        wrapped.record_refusal = record_refusal
        return wrapped

    return decorator


def refusals_audited(permission: type[BasePermission]) -> type[BasePermission]:
    """`permission` that, when it refuses, records the refusal as the view method's `audited_access` would."""

    class AuditedPermission(permission):
        def has_permission(self, request, view) -> bool:
            if super().has_permission(request, view):
                return True
            handler = getattr(view, request.method.lower(), None)
            record_refusal = getattr(handler, "record_refusal", None)
            if record_refusal is not None:
                record_refusal(request, view.kwargs, 403)
            return False

    return AuditedPermission
