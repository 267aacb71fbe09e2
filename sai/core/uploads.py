"""Request size limits: an oversized body is refused with 413 before (or while) it is read, never stored."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

from sai.core.exceptions import ApplicationError

TOO_LARGE = "La solicitud es demasiado grande."


class UploadTooLargeError(RequestDataTooBig):
    """A file in a multipart body passed SAI_UPLOAD_MAX_BYTES (a 400 if anything but the middleware sees it)."""


def too_large_error(limit: int) -> ApplicationError:
    error = ApplicationError(TOO_LARGE, errors={"archivo": [f"Supera el límite de {limit:,} bytes.".replace(",", " ")]})
    error.status_code = 413
    return error


class SizeLimitUploadHandler(FileUploadHandler):
    """First upload handler: stops a file as soon as it passes the document size limit, whatever the body claims
    (a chunked body has no Content-Length to refuse up front)."""

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.SAI_UPLOAD_MAX_BYTES:
            raise UploadTooLargeError(TOO_LARGE)
        return raw_data

    def file_complete(self, file_size):
        return None
