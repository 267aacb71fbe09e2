"""Issue 8 item 5: password guessing is locked out, the API throttled, tokens expire, idle sessions end, TOTP 2FA."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from sai.org.middleware import ACTIVITY_KEY
from sai.org.roles import Rol
from sai.org.services import usuario_password_reset

pytestmark = pytest.mark.django_db
PASSWORD = "contrasena-de-prueba"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def fresh_counters():
    """Throttle counters live in the cache: start and leave it empty so no other test inherits a 429."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def low_rates(monkeypatch):
    """DRF reads its rates once, at import: lower them on the class for this test (the suite runs with high ones)."""
    rates = {"anon": "3/minute", "user": "3/minute", "auth_token": "3/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    return rates


def _login(client, username, password, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def _code(device: TOTPDevice) -> str:
    """The device's current TOTP code, computed from its key like an authenticator app would."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(value).zfill(device.digits)


def test_thirty_wrong_passwords_then_the_right_one_is_locked_out(client, make_user, settings):
    """The issue's reproduction: after SAI_LOGIN_INTENTOS failures even the right password is refused, in Spanish."""
    user = make_user(Rol.CAPTURISTA)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, user.username, "equivocada").status_code == 200
    assert _login(client, user.username, "equivocada").status_code == 429, "the last allowed failure locks"
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.text and "15 minutos" in response.text
    assert not response.wsgi_request.user.is_authenticated


def test_lockout_also_counts_per_address(client, make_user, settings):
    """Many user names from one address: the address is locked, so a valid account there is refused too."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nadie{n}", "equivocada")
    user = make_user()
    assert _login(client, user.username, PASSWORD).status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, make_user, settings):
    user = make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "equivocada")
    assert _login(client, user.username, PASSWORD).status_code == 302


def test_admin_login_is_locked_out_too(client, make_user, settings):
    admin = make_user(Rol.ADMINISTRADOR, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, admin.username, "equivocada", "/admin/login/")
    assert _login(client, admin.username, PASSWORD, "/admin/login/").status_code == 429


def test_token_endpoint_is_locked_out_with_the_json_error_shape(client, make_user, settings):
    user = make_user()
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/api/v1/auth/token/", {"username": user.username, "password": "equivocada"})
        assert response.status_code == (400 if attempt < settings.AXES_FAILURE_LIMIT else 429)
    response = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.json()["detail"]
    assert not Token.objects.filter(user=user).exists()


def test_token_endpoint_is_throttled(client, make_user, low_rates):
    """Beyond its rate the token endpoint answers 429 whatever the credentials (SAI_API_THROTTLE_TOKEN)."""
    user = make_user()
    for _ in range(3):
        assert client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).status_code == 200
    response = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert set(response.json()) == {"detail", "errors"}


def test_api_is_throttled_per_user(client, make_user, low_rates):
    client.force_login(make_user())
    for _ in range(3):
        assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 429


def test_token_has_an_expiry_and_an_expired_token_is_refused_then_replaced(client, make_user, settings):
    user = make_user()
    body = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).json()
    expira = dt.datetime.fromisoformat(body["expira"])
    assert abs(expira - (timezone.now() + dt.timedelta(hours=settings.SAI_API_TOKEN_HORAS))) < dt.timedelta(minutes=1)
    auth = {"Authorization": f"Token {body['token']}"}
    assert client.get("/api/v1/me/", headers=auth).status_code == 200

    Token.objects.filter(key=body["token"]).update(
        created=timezone.now() - dt.timedelta(hours=settings.SAI_API_TOKEN_HORAS, seconds=1)
    )
    refused = client.get("/api/v1/me/", headers=auth)
    assert refused.status_code in (401, 403) and "expiró" in refused.json()["detail"]
    renewed = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).json()
    assert renewed["token"] != body["token"]
    assert client.get("/api/v1/me/", headers={"Authorization": f"Token {renewed['token']}"}).status_code == 200


def test_own_password_change_revokes_tokens(client, make_user):
    user = make_user()
    key = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).json()["token"]
    usuario_password_reset(actor=user, user=user, password="una-nueva-contrasena")
    assert client.get("/api/v1/me/", headers={"Authorization": f"Token {key}"}).status_code in (401, 403)


def test_idle_session_ends_after_the_configured_minutes(client, make_user, settings):
    """Sliding expiry of 30 minutes by default: activity pushes it (once a minute at most), an idle session is gone."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(make_user())
    assert client.get("/").status_code == 200
    key = client.session.session_key
    # 25 idle minutes later: the next request gives the session its 30 minutes again.
    store = SessionStore(session_key=key)
    store[ACTIVITY_KEY] -= 25 * 60
    store.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    assert client.get("/").status_code == 200
    remaining = Session.objects.get(pk=key).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)
    # 30 idle minutes: the session is over.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_required_second_factor_is_enrolled_with_a_qr_then_verified(client, make_user, settings):
    """SAI_2FA_ROLES: an Auditor must enrol a TOTP app after the password before any page opens."""
    settings.SAI_2FA_ROLES = [Rol.AUDITOR]
    auditor = make_user(Rol.AUDITOR)
    response = _login(client, auditor.username, PASSWORD)
    assert response.status_code == 302
    home = client.get("/archivo/")
    assert home.status_code == 302 and home["Location"].startswith("/accounts/verificacion/configurar/")
    assert client.get("/api/v1/me/").status_code == 403
    page = client.get(home["Location"])
    assert page.status_code == 200 and "<svg" in page.text and "Verificación en dos pasos" in page.text
    device = TOTPDevice.objects.get(user=auditor, confirmed=False)

    wrong = client.post(home["Location"], {"codigo": "000000" if _code(device) != "000000" else "111111"})
    assert "El código no corresponde" in wrong.text
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    done = client.post(home["Location"], {"codigo": _code(device), "next": "/archivo/"})
    assert done.status_code == 302 and done["Location"] == "/archivo/"
    assert client.get("/archivo/").status_code == 200
    assert TOTPDevice.objects.get(user=auditor).confirmed


def test_anyone_may_enrol_from_the_home_page(client, make_user):
    """The second factor is optional outside SAI_2FA_ROLES: the home page links to the enrolment."""
    client.force_login(make_user(Rol.CAPTURISTA))
    assert 'href="/accounts/verificacion/configurar/"' in client.get("/").text
    assert "<svg" in client.get("/accounts/verificacion/configurar/").text


def test_enrolled_user_verifies_a_code_after_the_password(client, make_user):
    """Anyone who enrolled gets the second step; the password alone opens nothing and cannot replace the device."""
    user = make_user(Rol.COORDINACION)
    device = TOTPDevice.objects.create(user=user, name="SAI", confirmed=True)
    _login(client, user.username, PASSWORD)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/verificacion/?next=")
    assert client.get("/accounts/verificacion/configurar/").status_code == 302
    assert client.post("/accounts/verificacion/", {"codigo": "12345"}).status_code == 200
    verified = client.post("/accounts/verificacion/", {"codigo": _code(device), "next": "/"})
    assert verified.status_code == 302
    assert client.get("/").status_code == 200


def test_token_endpoint_asks_for_the_code_of_an_enrolled_user(client, make_user, settings):
    user = make_user()
    device = TOTPDevice.objects.create(user=user, name="SAI", confirmed=True)
    credentials = {"username": user.username, "password": PASSWORD}
    refused = client.post("/api/v1/auth/token/", credentials)
    assert refused.status_code == 400 and "otp" in refused.json()["errors"]
    assert client.post("/api/v1/auth/token/", {**credentials, "otp": _code(device)}).status_code == 200
    settings.SAI_2FA_ROLES = [Rol.CAPTURISTA]
    other = make_user(Rol.CAPTURISTA)
    response = client.post("/api/v1/auth/token/", {"username": other.username, "password": PASSWORD})
    assert response.status_code == 400 and "configúrela" in response.json()["errors"]["otp"][0]


def test_load_demo_refuses_to_run_with_debug_off(settings):
    """Demo users share a printed password: not on a production instance unless forced."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="SAI_DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()


def test_browser_style_login_still_works_after_one_failure(make_user):
    """The browser suite logs in with a wrong password once and then the right one: that must not lock anybody."""
    user = make_user()
    browser = Client()
    _login(browser, user.username, "equivocada")
    assert _login(browser, user.username, PASSWORD).status_code == 302
