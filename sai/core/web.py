"""Page plumbing shared by every module: one guard, one way to run a service from a page and show its refusal.

Services raise `ApplicationError`s; here they become what a browser expects: a 403/404 for refusals of access,
field errors on the form or a message on the page for business refusals. The API has its own single mapping
(`sai.core.api.exception_handler`).
"""

import ipaddress
import os
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from csp.constants import SELF
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render

from sai.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from sai.core.permissions import module_access_required
from sai.storage.mime import mime_extensions

T = TypeVar("T")

# Refusals that answer 403/404 through `guarded`, never as a message on the page.
PASS_THROUGH = (PermissionDeniedError, NotFoundError)

# Types a browser may show in the page's own origin without running anything the uploader wrote. Anything else
# (XML with XHTML script, SVG, HTML…) is offered as a download even when the view was asked to show it.
INLINE_SAFE = frozenset(
    {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", "text/plain"}
)


def refusals_as_http(view):
    """A service's refusal of access answers like Django's own: NotFoundError → 404, PermissionDeniedError → 403.

    Any other refusal that reaches here (a malformed query parameter, a rule the view did not handle) is an error
    page with its Spanish message and status, never a 500. `guarded` includes it; a module with its own access
    rule (e.g. "either of two permissions") wraps with it.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFoundError:
            raise Http404 from None
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from None
        except ApplicationError as exc:
            return error_page(request, exc.message, errors=exc.errors, status=exc.status_code)

    return wrapped


def guarded(module_permission: str, *permissions: str):
    """Module access plus every listed permission, or 403; a service's NotFoundError → 404, PermissionDenied → 403.

    The decorated view keeps `required_permissions`, so a page that links to it (a module index) can ask the same
    question the view will ask instead of repeating it.
    """
    required = (module_permission, *permissions)

    def decorator(view):
        answered = refusals_as_http(view)

        @module_access_required(module_permission)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not all(request.user.has_perm(p) for p in permissions):
                raise PermissionDenied
            return answered(request, *args, **kwargs)

        wrapped.required_permissions = required
        return wrapped

    return decorator


def error_page(request, message: str, *, errors: dict | None = None, status: int = 400):
    """The page for a request SAI cannot serve as asked: the message and, per field, why."""
    context = {"mensaje": message, "errores": errors or {}}
    return render(request, "400.html", context, status=status)


def may_open(user, view) -> bool:
    """Whether `user` passes `view`'s guard; a view without one is never offered (fail closed)."""
    required = getattr(view, "required_permissions", None)
    return required is not None and all(user.has_perm(p) for p in required)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address) -> bool:
    return address is not None and any(address in network for network in settings.SAI_TRUSTED_PROXIES)


def client_ip(request) -> str | None:
    """The address recorded in the bitácora: the connection's peer, or, when that peer is a trusted proxy
    (SAI_TRUSTED_PROXIES), the right-most X-Forwarded-For address that is not one. Addresses left of it were
    written by the client itself and prove nothing."""
    peer = request.META.get("REMOTE_ADDR")
    if not _trusted(_address(peer or "")):
        return peer
    candidate = peer
    for text in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(text)
        if address is None:
            break  # garbage a trusted proxy would not have written: stop at the last hop it vouched for
        candidate = str(address)
        if not _trusted(address):
            break
    return candidate


def download_name(filename: str, content_type: str) -> str:
    """The file name with the extension of the detected type, so a saved file opens as what it is
    (a "factura.pdf" that is really text is saved as "factura.txt"; an unknown type as ".bin", never as ".html")."""
    stem, suffix = os.path.splitext(filename)
    extensions = mime_extensions(content_type)
    if suffix.lower() in extensions:
        return filename
    return (stem or "documento") + extensions[0]


def form_errors_apply(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's field errors on the form's fields (unknown fields, and a bare message, as non-field errors).

    A form whose fields are named unlike the service's error keys maps them with an `error_field(key)` method
    (returning None for keys it does not map).
    """
    error_field = getattr(form, "error_field", None)
    if not exc.errors:
        form.add_error(None, exc.message)
    for name, errors in exc.errors.items():
        target = error_field(name) if error_field else None
        if target is None:
            target = name if name in form.fields else None
        for message in errors:
            form.add_error(target, message)


def refusal_message(request, exc: ApplicationError) -> None:
    """A business refusal of a button (no form to hold it): a message with its details on the next page."""
    details = "; ".join(message for errors in exc.errors.values() for message in errors)
    messages.error(request, f"{exc.message} {details}".strip())


def attempt(
    request,
    action: Callable[[], T],
    success: str | Callable[[T], str] | None = None,
    *,
    form: forms.Form | None = None,
) -> T | bool | None:
    """Run one service call from a page: its result (True if it returns nothing), or None when refused.

    A refusal goes on `form` when given, else into a message; refusals of access propagate so `guarded` answers
    403/404. On success, `success` (text, or a function of the result) is shown as a message.
    """
    try:
        result = action()
    except PASS_THROUGH:
        raise
    except ApplicationError as exc:
        if form is not None:
            form_errors_apply(form, exc)
        else:
            refusal_message(request, exc)
        return None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return True if result is None else result


def stream_response(
    stream, *, filename: str, content_type: str, size: int | None = None, inline: bool = False
) -> FileResponse:
    """Stream stored content to the browser as itself: never sniffed into another type, shown only when harmless."""
    inline = inline and content_type in INLINE_SAFE
    filename = download_name(filename, content_type)
    response = FileResponse(stream, as_attachment=not inline, filename=filename, content_type=content_type)
    if size is not None:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    if inline and content_type == "application/pdf":
        response._csp_replace = {"object-src": [SELF]}  # Chromium's PDF viewer embeds the document in itself
    return response
