"""The home page's "Mis pendientes" in real Chromium: the cards render under the CSP and their links open."""

import pytest
from django.contrib.auth import get_user_model

from earchivo.models import Prestamo
from tests.browser.test_archivo import sign_in
from tests.earchivo.ciclo_fixtures import expediente_cerrado, hace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinacion_sees_its_pendientes_and_opens_the_list(live_server, demo, page):
    coordinacion = get_user_model().objects.get(username="coordinacion")
    expediente = expediente_cerrado(unidad=coordinacion.perfil.unidad, titulo="Convenios de colaboración 2014")
    Prestamo.objects.create(
        expediente=expediente,
        solicitante=coordinacion,
        entregado_por=coordinacion,
        fecha_prestamo=hace(20),
        fecha_vencimiento=hace(5),
    )
    sign_in(page, live_server, "coordinacion")
    caducidades = page.locator('[data-fuente="earchivo.caducidades"]')
    assert "Convenios de colaboración 2014" in caducidades.inner_text()
    assert "Vencido" in page.locator('[data-fuente="earchivo.prestamos_vencidos"]').inner_text()
    caducidades.get_by_role("link", name="Ir a la lista").click()
    page.wait_for_url(f"{live_server.url}/archivo/calendario/")
    assert "Convenios de colaboración 2014" in page.content()
