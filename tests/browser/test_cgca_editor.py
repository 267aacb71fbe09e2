"""The Coordinación's CGCA editor in real Chromium: a borrador copied from the vigente version, a node's panel
loaded beside the tree (htmx), a serie renamed and a new one added."""

import pytest

from earchivo.demo import cgca_demo_load
from earchivo.models import CuadroClasificacion
from tests.browser.test_archivo import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinacion_edits_a_borrador_in_the_browser(live_server, demo, page, tmp_path):
    cgca_demo_load()
    sign_in(page, live_server, "coordinacion")
    page.goto(f"{live_server.url}/archivo/cgca/versiones/")
    page.fill("#id_nombre", "Actualización 2026")
    page.click("text=Crear borrador")
    page.click("text=Editar este borrador")
    borrador = CuadroClasificacion.objects.get(estado="borrador")

    page.locator("tr[data-nodo='4C.4'] >> text=Editar").click()
    panel = page.locator("#panel")
    panel.locator("text=Renombrar o modificar").wait_for()
    assert "?nodo=" not in page.url, "the panel came by htmx, the page stayed"
    panel.locator("input[name=nombre]").first.fill("Nómina y prestaciones")
    panel.locator("form", has_text="Renombrar o modificar").locator("button[type=submit]").click()
    page.wait_for_selector("text=Se guardó 4C.4 Nómina y prestaciones.")
    page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)

    seccion = borrador.nodos.get(clave="4C")
    nuevo = page.locator("form", has_text="Agregar un nodo").last
    nuevo.locator("select[name=padre]").select_option(value=str(seccion.pk))
    nuevo.locator("select[name=nivel]").select_option(value="serie")
    nuevo.locator("input[name=clave]").fill("4C.30")
    nuevo.locator("input[name=nombre]").fill("Capacitación")
    nuevo.locator("button[type=submit]").click()
    page.wait_for_selector("text=Se agregó 4C.30 Capacitación.")
    assert borrador.nodos.get(clave="4C.4").nombre == "Nómina y prestaciones"
    assert borrador.nodos.get(clave="4C.30").padre == seccion
