"""E-mail: printed to the console unless an SMTP server is configured."""

from sai.settings.env import env_bool, env_int, env_str

EMAIL_HOST = env_str("SAI_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("SAI_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("SAI_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("SAI_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("SAI_EMAIL_USE_TLS", True)
# Seconds before an unanswering server fails the sending task (retried) instead of holding a worker forever.
EMAIL_TIMEOUT = env_int("SAI_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("SAI_EMAIL_FROM", "SAI <sai@localhost>")
