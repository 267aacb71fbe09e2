"""Sessions in the bitácora: every login (successful or failed) and every logout, from Django's auth signals.

The signals fire for the login page, the admin's login and the API token endpoint alike. A failed attempt records
the username typed (never the password: Django hands over credentials already cleansed) and the address.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sai.audit.services import audit_record
from sai.core.web import client_ip


def _ip(request) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="sesion.iniciar", ip=_ip(request))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    usuario = str(credentials.get("username", ""))[:150]
    audit_record(actor=None, action="sesion.fallida", data={"usuario": usuario}, ip=_ip(request))


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action="sesion.cerrar", ip=_ip(request))
