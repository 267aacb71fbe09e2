"""API tokens that expire (SAI_API_TOKEN_HORAS) and die with a password change, reset or deactivation.

DRF's own Token model and `Authorization: Token <key>` header, so existing clients keep working; what SAI adds is
the age check on every request and a fresh key from `POST /api/v1/auth/token/` once the old one expired
(sai.org.api). No views imported here: DRF loads this module while building its own.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_expires(token: Token) -> datetime:
    return token.created + timedelta(hours=settings.SAI_API_TOKEN_HORAS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expires(token) <= timezone.now():
            raise exceptions.AuthenticationFailed("El token expiró; solicite uno nuevo en /api/v1/auth/token/.")
        return user, token


def api_token_issue(*, user) -> Token:
    """The user's current token, or a new one when it expired (a token is reused until then, like DRF's own)."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and token_expires(token) <= timezone.now():
            token.delete()
            token = None
        return token or Token.objects.create(user=user)


def api_tokens_revoke(user) -> None:
    Token.objects.filter(user=user).delete()
