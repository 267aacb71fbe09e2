"""Production: base settings plus the HTTPS hardening a public deployment needs."""

from sai.settings.base import *  # noqa: F403
from sai.settings.env import env_bool, env_int

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SAI_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SAI_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
