import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from sai.org.roles import Rol

_CONVERTERS = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}
# The only pages an anonymous visitor may open (besides static files); /verifica/ is the QR's public page.
PUBLIC = {"/accounts/login/", "/healthz", "/admin/login/", "/api/v1/auth/token/", "/api/v1/firma/verificar/"} | {
    "/verifica/",
    f"/verifica/{_CONVERTERS['uuid']}",
    f"/verifica/{_CONVERTERS['uuid']}/",
    f"/verifica/{_CONVERTERS['uuid']}/pdf",
}


def concrete_urls(patterns=None, prefix=""):
    """Every URL the project routes, with path parameters filled in (admin regex routes use a sample value)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: _CONVERTERS[m.group(1) or "str"], route)
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "auth", route).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            yield from concrete_urls(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def test_url_walk_covers_the_project():
    """The walk below sees the app, API and admin routes (so the anonymous test cannot pass on an empty list)."""
    urls = set(concrete_urls())
    assert {"/", "/bandeja/", "/archivo/", "/busqueda/", "/inventarios/", "/api/v1/me/", "/api/schema/"} <= urls
    assert sum(url.startswith("/admin/") for url in urls) > 20


@pytest.mark.django_db
def test_anonymous_is_refused_everywhere_but_login_health_and_static(client):
    """Every routed URL except login and health redirects an anonymous visitor to login (pages) or 401/403 (API)."""
    for url in sorted(set(concrete_urls()) - PUBLIC):
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 302, url
            assert "/login/" in response["Location"], url
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/static/sai/sai.css").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (Rol.FIRMANTE, ["/bandeja/", "/archivo/", "/busqueda/"], ["/inventarios/"]),
        (Rol.COORDINACION, ["/archivo/", "/busqueda/", "/inventarios/"], ["/bandeja/"]),
        (Rol.AUDITOR, ["/archivo/", "/busqueda/", "/inventarios/"], ["/bandeja/"]),
    ],
)
def test_modules_open_only_for_roles_that_grant_them(client, make_user, role, allowed, refused):
    """A module's page answers 200 to roles that grant it and 403 to the others."""
    client.force_login(make_user(role))
    for url in allowed:
        assert client.get(url).status_code == 200, url
    for url in refused:
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_admin_only_for_administrador(client, make_user):
    """The Django admin opens for the Administrador role and not for an archivist."""
    client.force_login(make_user(Rol.COORDINACION))
    assert client.get("/admin/").status_code == 302
    admin = make_user(Rol.ADMINISTRADOR, is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Administración del Sistema de Archivos Institucional" in response.text


@pytest.mark.django_db
def test_navigation_follows_the_role(client, make_user):
    """The menu lists exactly the modules the user's role opens."""
    client.force_login(make_user(Rol.FIRMANTE))
    html = client.get("/").text
    assert 'data-nav="eoficio:index"' in html and 'data-nav="search:index"' in html
    assert 'data-nav="earchivo:index"' in html  # the titular classifies its unidad's expedientes
    assert 'data-nav="inventarios:index"' not in html and 'data-nav="admin:index"' not in html


@pytest.mark.django_db
def test_api_me_with_token(client, make_user):
    """The API accepts a token and reports the caller's unidad, roles and modules."""
    user = make_user(Rol.FIRMANTE)
    token = Token.objects.create(user=user)
    response = client.get("/api/v1/me/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200
    body = response.json()
    assert body["roles"] == ["Firmante"]
    assert body["modulos"] == ["eoficio", "earchivo", "search", "firma"]
    assert body["unidad"] == user.perfil.unidad.siglas


@pytest.mark.django_db
def test_api_errors_have_field_level_shape(client, make_user):
    """A refused API call answers with {"detail", "errors": {field: [...]}}, here for the token login."""
    response = client.post("/api/v1/auth/token/", {"username": "nadie"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Datos inválidos."
    assert "password" in body["errors"]
    anonymous = client.get("/api/v1/me/")
    assert anonymous.status_code in (401, 403)
    assert set(anonymous.json()) == {"detail", "errors"}


@pytest.mark.django_db
def test_openapi_schema_for_signed_in_users(client, make_user):
    """The OpenAPI schema and its docs page are served (locally, no CDN) to signed-in users."""
    client.force_login(make_user(Rol.AUDITOR))
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()


@pytest.mark.django_db
def test_administrador_cannot_grant_superuser_status(client, make_user):
    """A non-superuser Administrador edits others' roles, never their own, and cannot make anyone superuser."""
    admin = make_user(Rol.ADMINISTRADOR, is_staff=True)
    client.force_login(admin)
    page = client.get(f"/admin/auth/user/{make_user().pk}/change/")
    assert page.status_code == 200
    assert 'name="groups"' in page.text
    assert 'name="is_superuser"' not in page.text
    assert 'name="user_permissions"' not in page.text
    own = client.get(f"/admin/auth/user/{admin.pk}/change/")
    assert own.status_code == 200 and 'name="groups"' not in own.text


@pytest.mark.django_db
def test_schema_is_valid_openapi(db):
    """The generated OpenAPI document validates (drf-spectacular --validate, warnings are failures)."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
