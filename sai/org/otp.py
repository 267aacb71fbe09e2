"""Second factor (TOTP, django-otp): a step after the password for whoever enrolled, mandatory for SAI_2FA_ROLES.

At login the session learns what the person still owes: "verificar" (a code from their device) or "configurar"
(enrol one, their role requires it). Until then sai.org.middleware sends every page there and the API refuses
the session.
Token clients send the code as `otp` with username and password.
"""

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.exceptions import ValidationError

from sai.audit.services import audit_record

SESSION_KEY = "sai_segundo_factor"
VERIFICAR, CONFIGURAR = "verificar", "configurar"
DEVICE_NAME = "SAI"


def device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def otp_pending(user) -> str:
    """What the user owes after the password: VERIFICAR, CONFIGURAR or "" (nothing)."""
    if device_confirmed(user) is not None:
        return VERIFICAR
    if settings.SAI_2FA_ROLES and user.groups.filter(name__in=settings.SAI_2FA_ROLES).exists():
        return CONFIGURAR
    return ""


def _remember_pending(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = otp_pending(user)


user_logged_in.connect(_remember_pending, dispatch_uid="sai.org.otp.pending")


def otp_token_check(user, token: str) -> None:
    """The token endpoint's second step: refuse unless the account needs no code or `token` is its current one."""
    pending = otp_pending(user)
    if pending == CONFIGURAR:
        message = "Su rol exige verificación en dos pasos: configúrela en SAI antes de pedir un token."
        raise ValidationError({"otp": [message]})
    if pending == VERIFICAR and not token:
        raise ValidationError({"otp": ["Falta el código de verificación en dos pasos (campo otp)."]})
    if pending == VERIFICAR and not device_confirmed(user).verify_token(token):
        raise ValidationError({"otp": ["Código de verificación incorrecto o ya usado."]})


def otp_verify(request, token: str) -> bool:
    """Check a code from the user's confirmed device; on success the session is verified."""
    device = device_confirmed(request.user)
    if device is None or not device.verify_token(token):
        return False
    otp_login(request, device)
    request.session[SESSION_KEY] = ""
    return True


def otp_device_pending(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (its key is shown as a QR until a first code confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def otp_device_confirm(*, request, token: str) -> bool:
    """Enrolment ends when the first code matches: the device replaces any earlier one and the session is verified."""
    device = otp_device_pending(request.user)
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=request.user, action="org.segundo_factor_activar", obj=request.user)
    otp_login(request, device)
    request.session[SESSION_KEY] = ""
    return True


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as inline SVG markup (no data: URL, no script), for the authenticator app to scan."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4)
