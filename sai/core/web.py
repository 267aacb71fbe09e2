"""Page plumbing shared by every module: one guard, one way to run a service from a page and show its refusal.

Services raise `ApplicationError`s; here they become what a browser expects: a 403/404 for refusals of access,
field errors on the form or a message on the page for business refusals. The API has its own single mapping
(`sai.core.api.exception_handler`).
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404

from sai.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from sai.core.permissions import module_access_required

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

    `guarded` includes it; a module with its own access rule (e.g. "either of two permissions") wraps with it.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFoundError:
            raise Http404 from None
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from None

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


def may_open(user, view) -> bool:
    """Whether `user` passes `view`'s guard; a view without one is never offered (fail closed)."""
    required = getattr(view, "required_permissions", None)
    return required is not None and all(user.has_perm(p) for p in required)


def client_ip(request) -> str | None:
    """The address recorded in the bitácora. One place, so a proxy setup changes only this."""
    return request.META.get("REMOTE_ADDR")


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
    response = FileResponse(stream, as_attachment=not inline, filename=filename, content_type=content_type)
    if size is not None:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
