"""Test settings: the real services from the environment (`make test` exports them), fast hashing.

Tests load the development security profile (pytest-django still runs them with DEBUG off);
tests/core/test_settings_security.py proves the production refusals separately.
"""

import os

os.environ.setdefault("SAI_DEBUG", "true")
# The suite (and its API fuzzing) calls the API far faster than a person; tests/security lower these to prove them.
os.environ.setdefault("SAI_API_THROTTLE_USUARIO", "100000/minute")
os.environ.setdefault("SAI_API_THROTTLE_ANONIMO", "100000/minute")
os.environ.setdefault("SAI_API_THROTTLE_TOKEN", "100000/minute")

from sai.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
