"""POST /api/v1/auth/token/: username + password (+ `otp` when the account has a second factor) → a token."""

from django.db import transaction
from rest_framework import exceptions
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from sai.audit.services import audit_record
from sai.core.web import client_ip
from sai.org.bloqueo import lockout_message
from sai.org.otp import otp_token_check
from sai.org.tokens import api_token_issue, token_expires


class ObtainExpiringToken(ObtainAuthToken):
    """The caller's current token, or a new one when it expired. Locked out by django-axes like the login page."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    def post(self, request, *args, **kwargs):
        # No transaction around the whole request: django-axes' record of a failed attempt must survive the 400.
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):  # set by django-axes while refusing the attempt
                raise exceptions.Throttled(detail=lockout_message())
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        otp_token_check(user, request.data.get("otp", ""))
        with transaction.atomic():
            token = api_token_issue(user=user)
            # A token is a session for the API: recorded like a login (DRF sends no user_logged_in signal).
            audit_record(actor=user, action="sesion.token", ip=client_ip(request))
        return Response({"token": token.key, "expira": token_expires(token).isoformat()})
