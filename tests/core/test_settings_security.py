import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sai.settings.audit import DEV_AUDIT_HMAC_KEY
from sai.settings.security import INSECURE_SECRET_KEY, check_production_settings

GOOD = {
    "debug": False,
    "secret_key": "x" * 50,
    "allowed_hosts": ["sai.example.gob.mx"],
    "session_cookie_secure": True,
    "csrf_cookie_secure": True,
    "audit_hmac_key": "k" * 40,
    "dev_audit_hmac_key": DEV_AUDIT_HMAC_KEY,
    "site_url": "https://sai.example.gob.mx",
}


def test_secure_production_settings_are_accepted():
    """A complete, secure production configuration starts."""
    check_production_settings(**GOOD)


@pytest.mark.parametrize(
    ("override", "variable"),
    [
        ({"secret_key": INSECURE_SECRET_KEY}, "SAI_SECRET_KEY"),
        ({"secret_key": "short"}, "SAI_SECRET_KEY"),
        ({"allowed_hosts": []}, "SAI_ALLOWED_HOSTS"),
        ({"session_cookie_secure": False, "csrf_cookie_secure": False}, "SAI_SECURE_COOKIES"),
        ({"audit_hmac_key": DEV_AUDIT_HMAC_KEY}, "SAI_AUDIT_HMAC_KEY"),
        ({"audit_hmac_key": "corta"}, "SAI_AUDIT_HMAC_KEY"),
        ({"site_url": "http://127.0.0.1:8000"}, "SAI_SITE_URL"),
        ({"site_url": "http://sai.example.gob.mx"}, "SAI_SITE_URL"),
    ],
)
def test_each_insecure_value_is_refused_by_name(override, variable):
    """With DEBUG off, each insecure default is refused and the message names the variable to set."""
    with pytest.raises(ImproperlyConfigured, match=variable):
        check_production_settings(**{**GOOD, **override})


def test_debug_mode_allows_development_defaults():
    """A development machine (DEBUG on) may use the defaults."""
    check_production_settings(
        debug=True,
        secret_key=INSECURE_SECRET_KEY,
        allowed_hosts=[],
        session_cookie_secure=False,
        csrf_cookie_secure=False,
        audit_hmac_key=DEV_AUDIT_HMAC_KEY,
        dev_audit_hmac_key=DEV_AUDIT_HMAC_KEY,
        site_url="http://127.0.0.1:8000",
    )


def test_process_refuses_to_start_with_defaults_in_production_mode():
    """Loading the real settings with DEBUG off and insecure values stops Django naming each one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAI_")}
    env.update(SAI_DEBUG="false", SAI_SECURE_COOKIES="false", DJANGO_SETTINGS_MODULE="sai.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    for variable in ("SAI_SECRET_KEY", "SAI_ALLOWED_HOSTS", "SAI_SECURE_COOKIES", "SAI_AUDIT_HMAC_KEY", "SAI_SITE_URL"):
        assert variable in result.stderr
