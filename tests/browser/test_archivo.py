"""The archivist's daily journey in real Chromium: open an expediente, add a PDF, close it, see the frozen index."""

import pytest

from earchivo.demo import cgca_demo_load, tipos_demo_load
from earchivo.models import Expediente
from tests.earchivo.factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "sai-demo-2026")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def archivo(demo):
    """The demo organisation, CGCA and tipos documentales (not firma's demo: its asyncio clashes with Playwright's)."""
    cgca_demo_load()
    tipos_demo_load()


def test_responsable_opens_fills_and_closes_an_expediente(live_server, archivo, page, tmp_path):
    """Teresa (Responsable de Archivo de Trámite, DEA) does the whole cycle through the pages."""
    oficio = tmp_path / "oficio-solicitud.pdf"
    oficio.write_bytes(pdf_bytes(pages=2, text="Solicitud de mantenimiento"))
    sign_in(page, live_server, "tramite")

    page.goto(f"{live_server.url}/archivo/expedientes/")
    page.click("text=Nuevo expediente")
    page.select_option("#id_serie", label=page.locator("#id_serie option", has_text="7C").first.inner_text())
    page.fill("#id_titulo", "Mantenimiento del edificio sede 2026")
    page.fill("#id_fecha_apertura", "2026-03-02")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1")
    expediente = Expediente.objects.get(titulo="Mantenimiento del edificio sede 2026")
    assert expediente.clave.startswith("INST/DEA/7C.") and page.locator(f"text={expediente.clave}").count() > 0

    form = page.locator("section[aria-labelledby=nuevo-documento] form")
    form.locator("select[name=tipo_documental]").select_option(label="Oficio")
    form.locator("input[name=titulo]").fill("Oficio de solicitud de mantenimiento")
    form.locator("input[name=fecha]").fill("2026-03-02")
    form.locator("input[name=archivo]").set_input_files(str(oficio))
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Oficio de solicitud de mantenimiento")
    assert expediente.documentos.get().fojas == 2

    page.locator("section[aria-labelledby=cerrar] button[type=submit]").click()
    page.wait_for_selector("text=Verificar")
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.CERRADO
    assert expediente.indices.get().hash in page.content()
