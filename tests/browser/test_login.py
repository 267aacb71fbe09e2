import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_archivist_logs_in_and_sees_her_navigation(live_server, demo, page):
    """In real Chromium, the demo Coordinación de Archivos user logs in and sees her four modules."""
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "coordinacion")
    page.fill("#id_password", "sai-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    nav = page.locator("nav.mainnav a")
    assert nav.all_inner_texts() == ["Archivo", "Búsqueda", "Inventarios", "Firma"]
    assert "Claudia" in page.inner_text("h1")


def test_wrong_password_shows_a_spanish_error(live_server, demo, page):
    """A wrong password keeps the visitor on the login page with a clear message in Spanish."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "capturista")
    page.fill("#id_password", "equivocada")
    page.click("button[type=submit]")
    assert "Usuario o contraseña incorrectos" in page.inner_text("[role=alert]")
