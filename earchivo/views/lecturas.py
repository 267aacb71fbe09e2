"""`audited_access`: wraps an expediente or document view (page or API method) to record classified reads and refusals.

Placed outermost (above `guarded`), it sees the role refusal (403) as well as the door's "not found" (404).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from rest_framework import exceptions as api_exceptions

from earchivo.services.lecturas import lectura_registrar, rechazo_registrar
from sai.core.exceptions import NotFoundError, PermissionDeniedError
from sai.core.web import client_ip

NOT_FOUND = (Http404, NotFoundError, api_exceptions.NotFound)
FORBIDDEN = (PermissionDenied, PermissionDeniedError, api_exceptions.PermissionDenied)


def audited_access(vista: str, *, tipo: str = "expediente", lectura: bool = False, kwarg: str = "pk"):
    """Record refusals of the view's object (`tipo` says what the URL's `kwarg` names); lectura=True: also its reads."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            request = args[0] if isinstance(args[0], HttpRequest) else args[1]  # a function view or an API method
            context = {"actor": request.user, "vista": vista, "ip": client_ip(request)}
            try:
                response = view(*args, **kwargs)
            except NOT_FOUND + FORBIDDEN as exc:
                estado = 404 if isinstance(exc, NOT_FOUND) else 403
                rechazo_registrar(tipo=tipo, pk=kwargs[kwarg], estado=estado, **context)
                raise
            if lectura and response.status_code < 400:
                lectura_registrar(expediente_id=kwargs[kwarg], **context)
            return response

        return wrapped

    return decorator
