"""The engine configuration (firma.engine.config.FirmaConfig) built from django.conf.settings at call time.

Defaults come from sai/settings/firma.py, so the module works whether or not the project settings import it, and
tests can override any value with pytest-django's `settings` fixture.
"""

from django.conf import settings

from firma.engine.config import FirmaConfig
from sai.settings import firma as defaults


def _setting(name: str):
    return getattr(settings, name, getattr(defaults, name))


def firma_config() -> FirmaConfig:
    return FirmaConfig(
        nivel_default=_setting("SAI_FIRMA_NIVEL_DEFAULT"),
        niveles=dict(_setting("SAI_FIRMA_NIVELES")),
        raices=tuple(_setting("SAI_FIRMA_RAICES")),
        intermedios=tuple(_setting("SAI_FIRMA_INTERMEDIOS")),
        tsa_url=_setting("SAI_FIRMA_TSA_URL"),
        revocacion=dict(_setting("SAI_FIRMA_REVOCACION")),
        revocacion_aia=_setting("SAI_FIRMA_REVOCACION_AIA"),
        on_service_failure=_setting("SAI_FIRMA_ON_SERVICE_FAILURE"),
        http_timeout=_setting("SAI_FIRMA_HTTP_TIMEOUT"),
        bytes_reservados=_setting("SAI_FIRMA_BYTES_RESERVADOS"),
        widget_tipos=tuple(_setting("SAI_FIRMA_WIDGET_TIPOS")),
        site_url=getattr(settings, "SAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
    )
