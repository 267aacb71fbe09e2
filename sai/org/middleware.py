"""Session plumbing for accounts: idle sessions end, and a pending second factor comes before anything else."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from sai.core.middleware import API_PREFIX
from sai.org.otp import SESSION_KEY, VERIFICAR, otp_pending

ACTIVITY_KEY = "sai_actividad"
TOUCH_EVERY = 60  # seconds: a session is re-saved (its expiry pushed) at most once a minute, not on every request


class IdleSessionMiddleware:
    """SESSION_COOKIE_AGE is the idle limit (SAI_SESION_MINUTOS): saving the session pushes its expiry, so a session
    untouched for that long is gone (give or take TOUCH_EVERY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(ACTIVITY_KEY, 0) >= TOUCH_EVERY:
                request.session[ACTIVITY_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Send a signed-in person who still owes a second factor to that step; the API refuses such a session."""

    EXEMPT = ("login", "logout", "segundo_factor_verificar", "segundo_factor_configurar")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending = ""
        if request.user.is_authenticated:
            if SESSION_KEY not in request.session:  # sessions from before this rule existed
                request.session[SESSION_KEY] = otp_pending(request.user)
            pending = request.session[SESSION_KEY]
        if not pending or request.path_info in {reverse(name) for name in self.EXEMPT}:
            return self.get_response(request)
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            detail = "Complete la verificación en dos pasos en SAI para usar la API con esta sesión."
            return JsonResponse({"detail": detail, "errors": {}}, status=403)
        name = "segundo_factor_verificar" if pending == VERIFICAR else "segundo_factor_configurar"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
