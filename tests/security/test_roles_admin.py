"""Issue 8 item 3: an Administrador cannot make itself (or anyone) Auditor, and account changes are recorded."""

import pytest
from django.contrib.auth.models import Group
from django.utils.timezone import localtime
from rest_framework.authtoken.models import Token

from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.org.roles import INCOMPATIBLE_ROLES, PRIVILEGED_ROLES, Rol
from sai.org.services import perfil_update, unidad_set_responsables, usuario_acceso_set, usuario_password_reset
from tests.factories import UnidadFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrador(make_user):
    return make_user(Rol.ADMINISTRADOR, is_staff=True)


def _roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _change_form(user, **overrides) -> dict:
    """The user admin's change form as a non-superuser sees it (staff/superuser/permissions are read-only)."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": localtime(user.date_joined).strftime("%d/%m/%Y"),
        "date_joined_1": localtime(user.date_joined).strftime("%H:%M:%S"),
        "_save": "Guardar",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def _group_ids(*names: str) -> list[int]:
    return list(Group.objects.filter(name__in=names).values_list("pk", flat=True))


def test_constants_name_the_privileged_and_incompatible_roles():
    assert {Rol.AUDITOR, Rol.COORDINACION, Rol.ADMINISTRADOR} <= PRIVILEGED_ROLES
    assert frozenset({Rol.ADMINISTRADOR, Rol.AUDITOR}) in INCOMPATIBLE_ROLES


def test_administrador_cannot_make_itself_auditor_in_the_admin(client, administrador):
    """The attack of the issue: the Administrador adds Auditor to its own account in the user admin."""
    client.force_login(administrador)
    url = f"/admin/auth/user/{administrador.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="groups"' not in page.text, "own roles are shown read-only"
    client.post(url, _change_form(administrador, groups=_group_ids(Rol.ADMINISTRADOR, Rol.AUDITOR)))
    assert _roles(administrador) == {Rol.ADMINISTRADOR}


def test_nobody_changes_their_own_access_through_the_service(administrador, make_user):
    superuser = make_user(is_superuser=True, is_staff=True)
    with pytest.raises(PermissionDeniedError, match="propia cuenta"):
        usuario_acceso_set(actor=administrador, user=administrador, roles=[Rol.ADMINISTRADOR, Rol.CAPTURISTA])
    with pytest.raises(PermissionDeniedError, match="propia cuenta"):
        usuario_acceso_set(actor=superuser, user=superuser, roles=[Rol.AUDITOR])
    with pytest.raises(PermissionDeniedError, match="propia cuenta"):
        perfil_update(actor=administrador, user=administrador, unidad=UnidadFactory())
    assert _roles(administrador) == {Rol.ADMINISTRADOR} and not _roles(superuser)


def test_granting_a_privileged_role_is_for_superusers(client, administrador, make_user):
    """An Administrador may give a person the Capturista role, not Auditor; a superuser may."""
    persona = make_user(Rol.CAPTURISTA)
    client.force_login(administrador)
    url = f"/admin/auth/user/{persona.pk}/change/"
    response = client.post(url, _change_form(persona, groups=_group_ids(Rol.CAPTURISTA, Rol.AUDITOR)))
    assert response.status_code == 200
    assert "Solo un superusuario puede otorgar o retirar el rol Auditor" in response.text
    assert _roles(persona) == {Rol.CAPTURISTA}
    for role in PRIVILEGED_ROLES:
        with pytest.raises(PermissionDeniedError, match="superusuario"):
            usuario_acceso_set(actor=administrador, user=persona, roles=[role])

    superuser = make_user(is_superuser=True, is_staff=True)
    usuario_acceso_set(actor=superuser, user=persona, roles=[Rol.AUDITOR])
    assert _roles(persona) == {Rol.AUDITOR}


def test_administrador_cannot_touch_a_privileged_account(administrador, make_user):
    """Resetting an Auditor's password or deactivating another Administrador would be the same escalation."""
    auditor = make_user(Rol.AUDITOR)
    otro_admin = make_user(Rol.ADMINISTRADOR, is_staff=True)
    with pytest.raises(PermissionDeniedError):
        usuario_password_reset(actor=administrador, user=auditor, password="otra-contrasena-larga")
    with pytest.raises(PermissionDeniedError):
        usuario_acceso_set(actor=administrador, user=otro_admin, activo=False)
    with pytest.raises(PermissionDeniedError):
        usuario_acceso_set(actor=administrador, user=make_user(), staff=True)
    auditor.refresh_from_db()
    assert auditor.check_password("contrasena-de-prueba")


def test_administrador_cannot_reset_an_auditor_password_in_the_admin(client, administrador, make_user):
    auditor = make_user(Rol.AUDITOR)
    client.force_login(administrador)
    url = f"/admin/auth/user/{auditor.pk}/password/"
    assert client.get(url).status_code == 403
    body = {"password1": "otra-contrasena-larga", "password2": "otra-contrasena-larga", "usable_password": "true"}
    assert client.post(url, body).status_code == 403
    auditor.refresh_from_db()
    assert auditor.check_password("contrasena-de-prueba")


def test_incompatible_roles_are_refused_even_to_a_superuser(make_user):
    superuser = make_user(is_superuser=True, is_staff=True)
    persona = make_user()
    with pytest.raises(ApplicationError) as refusal:
        usuario_acceso_set(actor=superuser, user=persona, roles=[Rol.ADMINISTRADOR, Rol.AUDITOR])
    assert "no puede ser Administrador y Auditor a la vez" in refusal.value.errors["roles"][0]
    assert not _roles(persona)


def test_grants_and_revocations_are_recorded(client, administrador, make_user):
    """A role granted in the admin, and the flags a superuser changes, each leave their before/after."""
    persona = make_user(Rol.CAPTURISTA)
    client.force_login(administrador)
    url = f"/admin/auth/user/{persona.pk}/change/"
    response = client.post(url, _change_form(persona, groups=_group_ids(Rol.FIRMANTE)))
    assert response.status_code == 302
    assert _roles(persona) == {Rol.FIRMANTE}
    entry = EntradaBitacora.objects.get(accion="org.usuario_acceso", objeto_id=str(persona.pk))
    assert entry.actor == administrador
    assert entry.datos["roles"] == {"antes": [Rol.CAPTURISTA], "despues": [Rol.FIRMANTE]}

    superuser = make_user(is_superuser=True, is_staff=True)
    usuario_acceso_set(actor=superuser, user=persona, staff=True, superusuario=True)
    last = EntradaBitacora.objects.filter(accion="org.usuario_acceso").latest("seq")
    assert last.datos == {
        "is_staff": {"antes": False, "despues": True},
        "is_superuser": {"antes": False, "despues": True},
    }


def test_password_reset_by_someone_else_is_recorded_and_ends_sessions_and_tokens(client, administrador, make_user):
    persona = make_user(Rol.CAPTURISTA)
    token = Token.objects.create(user=persona)
    persona_client = client.__class__()
    persona_client.force_login(persona)
    assert persona_client.get("/").status_code == 200

    client.force_login(administrador)
    url = f"/admin/auth/user/{persona.pk}/password/"
    body = {"password1": "nueva-contrasena-segura", "password2": "nueva-contrasena-segura", "usable_password": "true"}
    assert client.post(url, body).status_code == 302

    persona.refresh_from_db()
    assert persona.check_password("nueva-contrasena-segura")
    entry = EntradaBitacora.objects.get(accion="org.usuario_password_restablecer")
    assert (entry.actor, entry.objeto_id) == (administrador, str(persona.pk))
    assert not Token.objects.filter(pk=token.pk).exists()
    assert persona_client.get("/").status_code == 302, "the old session is over"
    response = client.__class__().get("/api/v1/me/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code in (401, 403)


def test_deactivation_ends_sessions_and_tokens(client, administrador, make_user):
    persona = make_user(Rol.CAPTURISTA)
    token = Token.objects.create(user=persona)
    client.force_login(persona)
    usuario_acceso_set(actor=administrador, user=persona, activo=False)
    assert client.get("/").status_code == 302
    assert not Token.objects.filter(user=persona).exists()
    entry = EntradaBitacora.objects.get(accion="org.usuario_acceso", objeto_id=str(persona.pk))
    assert entry.datos == {"is_active": {"antes": True, "despues": False}}
    response = client.__class__().get("/api/v1/me/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code in (401, 403)


def test_nobody_moves_themselves_or_appoints_themselves(client, administrador):
    """Unidad and the unidad's titular / responsable carry access: not on one's own account."""
    client.force_login(administrador)
    perfil = administrador.perfil
    page = client.get(f"/admin/org/perfil/{perfil.pk}/change/")
    assert page.status_code == 200 and 'name="unidad"' not in page.text
    unidad = UnidadFactory()
    with pytest.raises(PermissionDeniedError):
        unidad_set_responsables(actor=administrador, unidad=unidad, titular=administrador)
    unidad.refresh_from_db()
    assert unidad.titular is None


def test_an_administrador_edits_someone_elses_profile_through_the_service(client, administrador):
    persona = UserFactory()
    unidad = UnidadFactory()
    client.force_login(administrador)
    url = f"/admin/org/perfil/{persona.perfil.pk}/change/"
    body = {"unidad": unidad.pk, "cargo": "Jefa", "rfc": "lopm800101ab1", "curp": "", "_save": "Guardar"}
    assert client.post(url, body).status_code == 302
    persona.perfil.refresh_from_db()
    assert (persona.perfil.unidad, persona.perfil.rfc) == (unidad, "LOPM800101AB1")
    entry = EntradaBitacora.objects.get(accion="org.perfil_actualizar")
    assert entry.datos["despues"]["rfc"] == "LOPM800101AB1"
