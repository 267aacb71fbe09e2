"""Request middleware. Every page needs a signed-in user, except those marked `login_not_required` (login, health).

The API answers 401/403 itself (DRF authenticates tokens inside the view), so it is left to DRF's
IsAuthenticated default rather than redirected to the login page.
"""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError

from sai.core.api import error_body
from sai.core.exceptions import ApplicationError
from sai.core.uploads import UploadTooLargeError, too_large_error
from sai.core.web import error_page

API_PREFIX = "/api/"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class RequestSizeMiddleware:
    """413 with a Spanish message for a body larger than SAI allows, before a view (or CSRF) reads it; 400 for a
    malformed multipart body.

    The declared Content-Length is checked first (nothing is read); a multipart body is then parsed here, so the
    upload handler's limit (`sai.core.uploads`) ends a chunked or lying upload as it streams in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        multipart = request.content_type == "multipart/form-data"
        limit = settings.SAI_MULTIPART_MAX_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return self._refuse(request, too_large_error(limit))
        if multipart and request.method == "POST":
            try:
                request.POST  # noqa: B018 - parse now, through the size-limiting upload handler
            except UploadTooLargeError:
                return self._refuse(request, too_large_error(settings.SAI_UPLOAD_MAX_BYTES))
            except (MultiPartParserError, SuspiciousOperation):
                return self._refuse(request, ApplicationError("El cuerpo de la solicitud está mal formado."))
        return self.get_response(request)

    def _refuse(self, request, error: ApplicationError):
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse(error_body(error.message, error.errors), status=error.status_code)
        return error_page(request, error.message, errors=error.errors, status=error.status_code)
