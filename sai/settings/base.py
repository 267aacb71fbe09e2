"""SAI settings: everything is read from the environment once, here and in the integration modules.

The defaults give the embedded first run (SQLite, local files, database search, eager tasks); every real
service is switched on by its variables (see .env.example). With DEBUG off, insecure values refuse to start.
"""

from django.utils.translation import gettext_lazy as _

from sai.settings.audit import *  # noqa: F403
from sai.settings.audit import DEV_AUDIT_HMAC_KEY, SAI_AUDIT_HMAC_KEY
from sai.settings.calendario import *  # noqa: F403
from sai.settings.celery import *  # noqa: F403
from sai.settings.conversion import *  # noqa: F403
from sai.settings.cuentas import *  # noqa: F403
from sai.settings.database import DATABASE_URL, DATABASES  # noqa: F401
from sai.settings.earchivo import (  # noqa: F401
    EARCHIVO_ENUM_NAME_OVERRIDES,
    SAI_BAJA_SERIE,
    SAI_EXPEDIENTE_CLAVE_PATTERN,
)
from sai.settings.email import *  # noqa: F403
from sai.settings.env import env_bool, env_list, env_str
from sai.settings.eoficio import *  # noqa: F403
from sai.settings.firma import *  # noqa: F403
from sai.settings.gestion import *  # noqa: F403
from sai.settings.inventarios import *  # noqa: F403
from sai.settings.paths import BASE_DIR
from sai.settings.search import SAI_ELASTICSEARCH, SAI_SEARCH  # noqa: F401
from sai.settings.security import DEVELOPMENT_SITE_URL, INSECURE_SECRET_KEY, check_production_settings
from sai.settings.storage import *  # noqa: F403
from sai.settings.web import *  # noqa: F403

DEBUG = env_bool("SAI_DEBUG", False)
SECRET_KEY = env_str("SAI_SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("SAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("SAI_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_SECURE = env_bool("SAI_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SAI_SITE_URL = env_str("SAI_SITE_URL", DEVELOPMENT_SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "sai.core",
    "sai.org",
    "sai.audit",
    "sai.storage",
    "sai.search",
    "sai.numeracion",
    "sai.calendario",
    "earchivo",
    "eoficio",
    "firma",
    "inventarios",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sai.core.middleware.RequestSizeMiddleware",
    "sai.core.middleware.LoginRequiredMiddleware",
    "sai.org.middleware.IdleSessionMiddleware",
    "sai.org.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sai.urls"
WSGI_APPLICATION = "sai.wsgi.application"
ASGI_APPLICATION = "sai.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sai.core.context_processors.navigation",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out users and addresses before checking the password
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "AnonymousUser" row: anonymous visitors get nothing but the login page.
ANONYMOUS_USER_NAME = None
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", _("Español (México)"))]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "sai" / "locale"]
FORMAT_MODULE_PATH = ["sai.formats"]  # dates read dd/mm/aaaa everywhere (sai/formats/es_MX/formats.py)

STATIC_URL = "/static/"
STATIC_ROOT = env_str("SAI_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "sai" / "static"]
# Production serves the collected, hashed and compressed files; development serves them from the apps.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "sai.org.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": SAI_API_THROTTLE_RATES,  # noqa: F405
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "sai.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SAI API",
    "DESCRIPTION": "Sistema de Archivos Institucional: REST API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        **EARCHIVO_ENUM_NAME_OVERRIDES,
        **INVENTARIOS_ENUM_NAME_OVERRIDES,  # noqa: F405
        **GESTION_ENUM_NAME_OVERRIDES,  # noqa: F405
        **EOFICIO_ENUM_NAME_OVERRIDES,  # noqa: F405
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SAI_LOG_LEVEL", "INFO")},
    # pyHanko logs every OCSP/CRL fetch, and the Elasticsearch client every request, at INFO.
    "loggers": {
        "pyhanko": {"level": "WARNING"},
        "pyhanko_certvalidator": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}

check_production_settings(
    debug=DEBUG,
    secret_key=SECRET_KEY,
    allowed_hosts=ALLOWED_HOSTS,
    session_cookie_secure=SESSION_COOKIE_SECURE,
    csrf_cookie_secure=CSRF_COOKIE_SECURE,
    audit_hmac_key=SAI_AUDIT_HMAC_KEY,
    dev_audit_hmac_key=DEV_AUDIT_HMAC_KEY,
    site_url=SAI_SITE_URL,
)
