"""Business-day calendar settings: the office's working hours (sai/calendario)."""

import datetime

from django.core.exceptions import ImproperlyConfigured

from sai.settings.env import env_str

__all__ = ["SAI_HORARIO_FIN", "SAI_HORARIO_INICIO"]


def _hora(name: str, default: str) -> datetime.time:
    value = env_str(name, default)
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} must be a time of day, e.g. 09:00") from None


# Oficialía de partes receives from SAI_HORARIO_INICIO until SAI_HORARIO_FIN (local time, TIME_ZONE): anything
# filed outside those hours, or on a non-business day, counts as received on the next business day.
SAI_HORARIO_INICIO = _hora("SAI_HORARIO_INICIO", "09:00")
SAI_HORARIO_FIN = _hora("SAI_HORARIO_FIN", "18:00")
if SAI_HORARIO_INICIO >= SAI_HORARIO_FIN:
    raise ImproperlyConfigured("SAI_HORARIO_INICIO must be earlier than SAI_HORARIO_FIN")
