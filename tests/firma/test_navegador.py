"""Two-phase signing in real Chromium: the .key is chosen in the page, decrypted and used by JavaScript, and never
sent; only the certificate id and the signature value travel. The signed PDF validates."""

import base64
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from firma.conf import firma_config
from firma.engine.certificates import certificado_load
from firma.engine.original_string import sello_verify
from firma.engine.validation import pdf_validate
from firma.models import SolicitudFirma
from tests.firma.conftest import blob_bytes, version_de
from tests.firma.testpki.pki import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _aparte(fn, *args):
    """Run `fn` in another thread: Playwright's sync API keeps an event loop running in this one, and pyHanko's
    sync wrappers call asyncio.run (committed data is shared: this test is transactional)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_con_conexion_propia, fn, *args).result()


def _con_conexion_propia(fn, *args):
    try:
        return fn(*args)
    finally:
        connection.close()


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])


def test_browser_signs_without_sending_the_key(live_server, page, firmante, solicitud_para, pki):
    """Wrong password: a message and nothing sent. Right password: signed, valid, and no request carried the key."""
    user, certificado = _aparte(firmante, "firmante1")
    solicitud = solicitud_para(user, nivel="B-LT")
    _sign_in(page, live_server, user)
    sent: list[tuple[str, str, bytes]] = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))

    page.goto(f"{live_server.url}/firma/solicitudes/{solicitud.uuid}/firmar/")
    key_path = pki.path("firmante1.key")
    page.set_input_files("#llave", str(key_path))
    page.fill("#contrasena", "equivocada1")
    page.click("#firmar")
    page.wait_for_selector("#firma-estado.error")
    assert "contraseña de la llave privada es incorrecta" in page.inner_text("#firma-estado")
    assert not [s for s in sent if s[0] == "POST"], "nothing is sent when the password is wrong"

    page.fill("#contrasena", PASSWORD)
    page.click("#firmar")
    page.wait_for_url(f"{live_server.url}/firma/solicitudes/{solicitud.uuid}/", timeout=30_000)

    posts = [s for s in sent if s[0] == "POST"]
    assert [url.rsplit("/", 2)[-2] for _m, url, _b in posts] == ["preparar", "completar"]
    key = key_path.read_bytes()
    forbidden = [key[:64], key[-64:], base64.b64encode(key)[:64], key.hex()[:64].encode(), PASSWORD.encode()]
    for _method, url, body in sent:
        assert not any(part in body for part in forbidden), url
        assert PASSWORD not in url
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    reporte = _aparte(lambda: pdf_validate(blob_bytes(solicitud.actual_blob), firma_config()))
    assert reporte.valido and reporte.firmas[0].rfc == "LOPM800101AB1" and reporte.firmas[0].nivel == "B-LT"
    assert version_de(solicitud).documento.versiones.filter(blob=solicitud.actual_blob).exists()
    assert certificado.firmas.count() == 1
    firma = _aparte(certificado.firmas.get)
    assert sello_verify(certificado_load(pki.cer("firmante1")).public_key(), firma.cadena_original, firma.sello)


def test_browser_signs_a_batch_of_twenty_with_one_unlock(live_server, page, firmante, solicitud_para, pki):
    """The .key is chosen and unlocked once; 20 requests are prepared, signed and completed in turn, the progress
    bar reaches 20, and neither the key nor the password travels."""
    user, certificado = _aparte(firmante, "firmante1")
    solicitudes = [solicitud_para(user, nivel="B-B") for _ in range(20)]
    _sign_in(page, live_server, user)
    sent: list[tuple[str, str, bytes]] = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data_buffer or b"")))

    page.goto(f"{live_server.url}/firma/lote/")
    assert page.locator("input[name=solicitud]:checked").count() == 20
    page.set_input_files("#llave", str(pki.path("firmante1.key")))
    page.fill("#contrasena", PASSWORD)
    page.click("#firmar")
    page.wait_for_selector("#firma-estado[data-terminado='1']", timeout=180_000)

    assert page.inner_text("#firma-estado") == "20 de 20 documentos firmados."
    assert page.eval_on_selector("#lote-progreso", "p => [p.value, p.max]") == [20, 20]
    assert page.locator("#lote-resultados li.ok").count() == 20
    posts = [url.rsplit("/", 2)[-2] for method, url, _body in sent if method == "POST"]
    assert posts == ["preparar", "completar"] * 20
    key = pki.key("firmante1")
    for _method, _url, body in sent:
        assert key[:64] not in body and PASSWORD.encode() not in body
    for solicitud in solicitudes:
        solicitud.refresh_from_db()
        assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    assert certificado.firmas.count() == 20
