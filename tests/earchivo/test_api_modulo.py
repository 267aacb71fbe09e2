"""The archive API opens only to roles with the archive module, like the archive pages."""

import pytest

from sai.org.roles import Rol

URLS = [
    "/api/v1/archivo/expedientes/",
    "/api/v1/archivo/cgca/versiones/",
    "/api/v1/archivo/transferencias/",
    "/api/v1/archivo/prestamos/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_role_without_archive_module_is_refused(client, make_user, url):
    """A role without the archive module (Administrador) is refused by the archive API."""
    client.force_login(make_user(Rol.ADMINISTRADOR))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_archive_roles_are_let_in(client, make_user, url):
    """The same endpoints answer 200 to the Coordinación de Archivos."""
    client.force_login(make_user(Rol.COORDINACION))
    assert client.get(url).status_code == 200
