"""Production refuses to start with the development defaults: one clear message per insecure value."""

from django.core.exceptions import ImproperlyConfigured

INSECURE_SECRET_KEY = "django-insecure-sai-development-only-change-me"  # noqa: S105
AUDIT_HMAC_KEY_MIN_LENGTH = 32
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def check_production_settings(
    *,
    debug: bool,
    secret_key: str,
    allowed_hosts: list[str],
    session_cookie_secure: bool,
    csrf_cookie_secure: bool,
    audit_hmac_key: str,
    dev_audit_hmac_key: str,
    site_url: str,
) -> None:
    if debug:
        return
    problems = []
    if secret_key == INSECURE_SECRET_KEY or len(secret_key) < 40:
        problems.append("SAI_SECRET_KEY is the development default or shorter than 40 characters")
    if not allowed_hosts:
        problems.append("SAI_ALLOWED_HOSTS is empty: list the host names SAI is served under")
    if not (session_cookie_secure and csrf_cookie_secure):
        problems.append("SAI_SECURE_COOKIES is off: session and CSRF cookies must be HTTPS-only")
    if audit_hmac_key == dev_audit_hmac_key or len(audit_hmac_key) < AUDIT_HMAC_KEY_MIN_LENGTH:
        problems.append(
            "SAI_AUDIT_HMAC_KEY (or SAI_AUDIT_HMAC_KEY_FILE) is unset, the development key or shorter than "
            f"{AUDIT_HMAC_KEY_MIN_LENGTH} characters: the bitácora's chain needs a secret key kept outside the database"
        )
    if site_url.rstrip("/") == DEVELOPMENT_SITE_URL or not site_url.startswith("https://"):
        problems.append(
            "SAI_SITE_URL is the development default or not https: set the public address (it goes into the QR "
            "codes and verification links printed on signed documents)"
        )
    if problems:
        raise ImproperlyConfigured(
            "SAI refuses to start with SAI_DEBUG off:\n  - "
            + "\n  - ".join(problems)
            + "\nSet these variables (see .env.example), or SAI_DEBUG=true for a development machine."
        )
