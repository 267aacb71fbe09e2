"""The archive's landing page (/archivo/) and the expediente page's links to retenciones and préstamo."""

import datetime
import re

import pytest
from django.urls import reverse

from earchivo.models import Prestamo
from earchivo.services.prestamos import prestamo_create
from sai.org.roles import ROLE_PERMISSIONS, Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado
from tests.earchivo.factories import ExpedienteFactory, user_in

pytestmark = pytest.mark.django_db
SECCIONES = {"expediente_list", "cgca", "calendario", "transferencia_list", "baja_list", "prestamo_list"}
CON_ARCHIVO = [rol for rol, perms in ROLE_PERMISSIONS.items() if "org.acceder_archivo" in perms]


def cards(response) -> set[str]:
    return set(re.findall(r'data-seccion="([a-z_]+)"', response.content.decode()))


def test_capturista_sees_expedientes_instruments_and_calendar_only(make_user):
    """A Capturista holds no transferencia, baja or préstamo permission: exactly three cards."""
    response = client_for(make_user(Rol.CAPTURISTA)).get(reverse("earchivo:index"))
    assert response.status_code == 200
    assert cards(response) == {"expediente_list", "cgca", "calendario"}


def test_coordinacion_sees_every_section(make_user):
    """The Coordinación de Archivos consults every part of the life cycle: all six cards."""
    response = client_for(make_user(Rol.COORDINACION)).get(reverse("earchivo:index"))
    assert cards(response) == SECCIONES


@pytest.mark.parametrize("rol", CON_ARCHIVO)
def test_a_card_shows_exactly_when_its_page_opens(make_user, rol):
    """For every archive role, each section's page answers 200 if its card shows and 403 if it does not."""
    client = client_for(make_user(rol))
    shown = cards(client.get(reverse("earchivo:index")))
    for seccion in SECCIONES:
        status = client.get(reverse(f"earchivo:{seccion}")).status_code
        assert status == (200 if seccion in shown else 403), (rol, seccion, status)


@pytest.mark.parametrize("rol", [Rol.ADMINISTRADOR, None])
def test_users_without_archive_access_are_refused(make_user, rol):
    """Without org.acceder_archivo (Administrador, no role at all) the index answers 403."""
    user = make_user(rol) if rol else make_user()
    assert client_for(user).get(reverse("earchivo:index")).status_code == 403


def test_cards_count_open_expedientes_due_ones_and_active_loans(make_user, django_assert_max_num_queries):
    """Open expedientes of the AT's unidad, this year's due expedientes and active loans, in a few queries."""
    at = make_user(Rol.RESPONSABLE_AT)
    unidad = at.perfil.unidad
    ExpedienteFactory.create_batch(2, unidad=unidad)
    ExpedienteFactory()  # another unidad's: not visible to the AT
    vencido = expediente_cerrado(unidad=unidad)
    prestamo_create(
        actor=at,
        expediente=vencido,
        solicitante=user_in(unidad, Rol.CAPTURISTA),
        fecha_vencimiento=datetime.date.today() + datetime.timedelta(days=7),
    )
    assert Prestamo.objects.count() == 1
    client = client_for(at)
    client.get(reverse("earchivo:index"))  # warm the session; the count below is the page's own work
    with django_assert_max_num_queries(10):
        html = client.get(reverse("earchivo:index")).content.decode()
    assert "2 abiertos" in html
    assert "1 por atender este año · 1 vencido" in html
    assert "1 préstamo activo" in html


def test_expediente_page_links_to_retenciones_and_lending_for_the_at(make_user):
    """The AT (gestionar_prestamo) sees both links; the préstamo form arrives with the clave filled in."""
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    client = client_for(at)
    html = client.get(reverse("earchivo:expediente_detail", args=[expediente.pk])).content.decode()
    assert reverse("earchivo:retenciones", kwargs={"expediente_id": expediente.pk}) in html
    prestar = f"{reverse('earchivo:prestamo_nuevo')}?clave="
    assert prestar in html
    form = client.get(reverse("earchivo:prestamo_nuevo"), {"clave": expediente.clave}).content.decode()
    assert f'value="{expediente.clave}"' in form


def test_expediente_page_hides_lending_from_a_capturista(make_user):
    """A Capturista may see the retenciones page but may not lend: no préstamo link."""
    capturista = make_user(Rol.CAPTURISTA)
    expediente = ExpedienteFactory(unidad=capturista.perfil.unidad)
    html = client_for(capturista).get(reverse("earchivo:expediente_detail", args=[expediente.pk])).content.decode()
    assert reverse("earchivo:retenciones", kwargs={"expediente_id": expediente.pk}) in html
    assert reverse("earchivo:prestamo_nuevo") not in html
