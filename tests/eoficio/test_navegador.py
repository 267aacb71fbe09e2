"""In real Chromium: the borrador's body is typed in the editor with bold text and saves itself, with no button."""

import pytest

from eoficio.models import Oficio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_saves_the_draft(live_server, page, borrador, capturista):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", capturista.username)
    page.fill("#id_password", "contrasena-de-prueba")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/bandeja/oficios/{borrador.pk}/editar/")
    area = page.locator(".editor-area")
    area.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Le informo que el plazo vence ")
    page.click("button[aria-label=Negrita]")
    page.keyboard.type("mañana")
    page.wait_for_selector("#guardado:has-text('Guardado a las')")
    page.wait_for_function("() => document.querySelector('#guardado').textContent.includes('Guardado')", timeout=5000)
    page.wait_for_timeout(1500)  # the last keystrokes' save
    cuerpo = Oficio.objects.get(pk=borrador.pk).cuerpo
    assert "Le informo que el plazo vence" in cuerpo and "<b>mañana</b>" in cuerpo
