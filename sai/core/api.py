"""API plumbing shared by every app: the exception handler that turns any refusal into field-level JSON."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from sai.core.exceptions import ApplicationError
from sai.core.permissions import holds_all, holds_any

logger = logging.getLogger("django.request")
INTERNAL_ERROR = "Error interno del servidor; el incidente quedó registrado."


def error_body(detail: str, errors: dict | None = None) -> dict:
    """The one error shape of the API."""
    return {"detail": detail, "errors": errors or {}}


def exception_handler(exc, context):
    """Every error body has the same shape, {"detail": str, "errors": {field: [messages]}}, and is JSON even where
    the view renders files (a client that asked for `?format=archivo` still gets a readable error)."""
    request = context.get("request")
    if request is not None:
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return _error_response(exc, context)


def _error_response(exc, context):
    if isinstance(exc, ApplicationError):
        return Response({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"detail": "Datos inválidos.", "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        # A bug, not a refusal: logged with its traceback like Django's own 500, answered in the API's shape.
        set_rollback()
        logger.error("Error interno en %s", context["request"].path, exc_info=exc)
        return Response(error_body(INTERNAL_ERROR), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": "Datos inválidos.", "errors": errors}
    else:
        response.data = {"detail": str(exc.detail), "errors": {}}
    return response


def has_perms(*perms: str, **by_method: str) -> type[BasePermission]:
    """The one API permission idiom: `permission_classes = [IsAuthenticated, has_perms(...)]`.

    The caller must hold every one of `perms` (module access first, then the action), plus the permission named
    for the request's method when a view's methods differ: `has_perms(ARCHIVO, VER, post=ABRIR, patch=MODIFICAR)`.
    Services still check scope (unidad, etapa, classification).
    """
    extra = {method.upper(): perm for method, perm in by_method.items()}

    class HasPerms(BasePermission):
        message = "No tiene permiso para esta operación."

        def has_permission(self, request, view) -> bool:
            required = [*perms, extra[request.method]] if request.method in extra else perms
            return holds_all(request.user, required)

    return HasPerms


def has_any_perm(*perms: str) -> type[BasePermission]:
    """A DRF permission class: the caller must hold at least one of `perms` (e.g. "signs" or "asks for signatures")."""

    class HasAnyPerm(BasePermission):
        message = "No tiene permiso para esta operación."

        def has_permission(self, request, view) -> bool:
            return holds_any(request.user, perms)

    return HasAnyPerm
