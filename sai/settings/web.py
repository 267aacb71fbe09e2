"""The HTTP edge: which proxies may name the client, how large a request may be, the Content-Security-Policy,
and who sees the health check's details."""

import ipaddress

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from sai.settings.env import env_int, env_list, env_str
from sai.settings.storage import SAI_UPLOAD_MAX_BYTES


def _networks(name: str) -> list:
    try:
        return [ipaddress.ip_network(item, strict=False) for item in env_list(name)]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc} (expected addresses or CIDRs, comma-separated)") from None


# X-Forwarded-For is believed only when the connection comes from one of these (e.g. the nginx in deploy/).
SAI_TRUSTED_PROXIES = _networks("SAI_TRUSTED_PROXIES")

# Request bodies: a form or JSON body past SAI_REQUEST_MAX_BYTES, or an upload past SAI_UPLOAD_MAX_BYTES, is
# refused with 413 before it is read (sai.core.middleware.RequestSizeMiddleware, sai.core.uploads).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("SAI_REQUEST_MAX_BYTES", 2_621_440)  # Django's default, 2.5 MiB
SAI_MULTIPART_MAX_BYTES = SAI_UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_HANDLERS = [
    "sai.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Everything SAI serves comes from its own origin: no inline script or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# /healthz shows which service is down, and why, only to staff or to a caller sending this token
# (header `X-SAI-Healthz-Token`); anyone else reads just ok/down.
SAI_HEALTHZ_TOKEN = env_str("SAI_HEALTHZ_TOKEN")
