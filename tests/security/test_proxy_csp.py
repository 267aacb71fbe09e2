"""The HTTP edge (issue 8, item 12): client address behind trusted proxies only, oversized bodies refused before
they are read, a Content-Security-Policy the pages live with, download names by detected type, a terse /healthz."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from earchivo.demo import cgca_demo_load, tipos_demo_load
from earchivo.models import Documento, NodoClasificacion
from sai.audit.models import EntradaBitacora
from sai.core.web import client_ip
from sai.org.roles import Rol
from sai.storage.models import Blob
from tests.browser.test_archivo import sign_in
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, pdf_bytes, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db


# --- client address -------------------------------------------------------------------------------------------


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return client_ip(RequestFactory().get("/", **extra))


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.SAI_TRUSTED_PROXIES = []
    assert _ip("198.51.100.7", "1.2.3.4") == "198.51.100.7"


def test_forwarded_for_is_honoured_only_from_a_trusted_proxy(settings):
    import ipaddress

    settings.SAI_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("::1/128")]
    # From the proxy: the right-most address that is not a proxy (what the client wrote on the left is ignored).
    assert _ip("10.0.0.2", "6.6.6.6, 203.0.113.9") == "203.0.113.9"
    assert _ip("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.3") == "203.0.113.9"
    assert _ip("::1", "2001:db8::5") == "2001:db8::5"
    # Not from the proxy: the header is the client's own claim.
    assert _ip("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    # Garbage, or only proxies: the last address a trusted proxy vouched for.
    assert _ip("10.0.0.2", "basura") == "10.0.0.2"
    assert _ip("10.0.0.2", "10.0.0.9") == "10.0.0.9"
    assert _ip("10.0.0.2", "") == "10.0.0.2"


def test_bitacora_records_the_client_behind_the_proxy(settings):
    """An audited action through the proxy records the client's address, not the proxy's."""
    import ipaddress

    settings.SAI_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    auditor = user_in(UnidadFactory(), Rol.AUDITOR)
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    client.force_login(auditor)
    assert client.get("/busqueda/", {"q": "algo"}).status_code == 200
    assert EntradaBitacora.objects.filter(accion="busqueda.consultar").latest("seq").ip == "203.0.113.9"


# --- body size --------------------------------------------------------------------------------------------------


@pytest.fixture
def rat():
    return user_in(UnidadFactory(siglas="LIM"), Rol.RESPONSABLE_AT)


def _upload(client, expediente, size: int):
    archivo = SimpleUploadedFile("grande.txt", b"x" * size, content_type="text/plain")
    return client.post(
        f"/archivo/expedientes/{expediente.pk}/documentos/nuevo/", {"titulo": "Grande", "archivo": archivo}
    )


def test_declared_oversized_body_is_refused_before_reading(rat, settings):
    client = Client()
    client.force_login(rat)
    response = client.generic(
        "POST", "/api/v1/me/", b"{}", content_type="application/json", CONTENT_LENGTH=str(50 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "La solicitud es demasiado grande."
    settings.SAI_MULTIPART_MAX_BYTES = 1000
    expediente = ExpedienteFactory(unidad=rat.perfil.unidad, responsable=rat)
    response = _upload(client, expediente, 5000)
    assert response.status_code == 413
    assert "demasiado grande" in response.content.decode()


def test_upload_past_the_document_limit_stops_while_streaming(rat, settings):
    """A body whose declared size passes the first check is still cut at SAI_UPLOAD_MAX_BYTES by the upload
    handler: a Spanish 413 (page and API), and nothing is stored."""
    settings.SAI_UPLOAD_MAX_BYTES = 4000
    expediente = ExpedienteFactory(unidad=rat.perfil.unidad, responsable=rat)
    blobs = Blob.objects.count()
    client = Client()
    client.force_login(rat)
    response = _upload(client, expediente, 10_000)
    assert response.status_code == 413
    assert "Supera el límite de 4 000 bytes" in response.content.decode()
    api = APIClient()
    api.force_authenticate(rat)
    archivo = SimpleUploadedFile("grande.txt", b"x" * 10_000, content_type="text/plain")
    response = api.post(f"/api/v1/archivo/expedientes/{expediente.pk}/documentos/", {"titulo": "G", "archivo": archivo})
    assert response.status_code == 413
    assert set(response.json()) == {"detail", "errors"}
    assert Blob.objects.count() == blobs
    assert not Documento.objects.filter(expediente=expediente).exists()


def test_malformed_multipart_body_is_a_400_not_a_500(rat):
    api = APIClient()
    api.force_authenticate(rat)
    response = api.generic("POST", "/api/v1/me/", b"sin frontera", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["detail"] == "El cuerpo de la solicitud está mal formado."


# --- download names ---------------------------------------------------------------------------------------------


def test_download_name_takes_the_extension_of_the_detected_type(rat):
    expediente = ExpedienteFactory(unidad=rat.perfil.unidad, responsable=rat)
    disfrazado = DocumentoFactory(
        expediente=expediente, version__contenido=b"texto plano", version__nombre_archivo="factura.pdf"
    )
    pdf = DocumentoFactory(expediente=expediente, version__contenido=pdf_bytes(), version__nombre_archivo="acta.PDF")
    client = Client()
    client.force_login(rat)
    response = client.get(f"/archivo/documentos/{disfrazado.pk}/v/1/descargar/")
    assert response.status_code == 200
    assert 'filename="factura.txt"' in response["Content-Disposition"]
    response = client.get(f"/archivo/documentos/{pdf.pk}/v/1/descargar/")
    assert 'filename="acta.PDF"' in response["Content-Disposition"]


# --- health check -----------------------------------------------------------------------------------------------


def test_anonymous_healthz_says_only_ok_or_down(settings):
    settings.SAI_HEALTHZ_TOKEN = "secreto-del-monitor"
    assert Client().get("/healthz").json() == {"status": "ok"}
    detalle = Client(headers={"X-SAI-Healthz-Token": "secreto-del-monitor"}).get("/healthz").json()
    assert detalle["services"]["database"]["ok"]
    assert set(Client(headers={"X-SAI-Healthz-Token": "otro"}).get("/healthz").json()) == {"status"}
    staff = user_in(UnidadFactory(), Rol.ADMINISTRADOR, is_staff=True)
    client = Client()
    client.force_login(staff)
    assert "services" in client.get("/healthz").json()


# --- Content-Security-Policy ------------------------------------------------------------------------------------


def test_pages_carry_the_policy(rat):
    client = Client()
    client.force_login(rat)
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_live_with_the_policy(live_server, page, demo):
    """Real Chromium on the pages with scripts or styles of their own (search, CGCA tree, API docs, a PDF shown
    inline): the `page` fixture fails the test on any CSP violation logged to the console."""
    cgca_demo_load()
    tipos_demo_load()
    tramite = get_user_model().objects.get(username="tramite")
    serie = NodoClasificacion.objects.filter(nivel=NodoClasificacion.Nivel.SERIE).first()
    expediente = ExpedienteFactory(serie=serie, unidad=tramite.perfil.unidad, responsable=tramite)
    documento = DocumentoFactory(
        expediente=expediente, version__contenido=pdf_bytes(text="Visor"), version__nombre_archivo="v.pdf"
    )
    sign_in(page, live_server, "tramite")
    for path in (
        "/busqueda/?q=visor",
        "/archivo/cgca/",
        f"/archivo/expedientes/{expediente.pk}/",
        "/archivo/transferencias/nueva/",
        "/api/docs/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status < 400, path
        page.wait_for_load_state("networkidle")
    assert page.locator("#swagger-ui .information-container").count() == 1  # the API docs did render
    response = page.goto(f"{live_server.url}/archivo/documentos/{documento.pk}/v/1/ver/")
    assert response.headers["content-type"] == "application/pdf"
    page.wait_for_timeout(1000)
