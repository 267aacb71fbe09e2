"""The signed-in firma pages: certificates, pending signatures, sending to signature, detail, download, signing page."""

import pytest
from django.utils.timezone import localtime

from firma.models import Certificado, SolicitudFirma
from sai.audit.models import EntradaBitacora
from tests.firma.conftest import grant, identify, llave


def _login(client, user):
    client.force_login(user)
    return client


def test_register_certificate_page_shows_holder_data(client, make_user, pki):
    """Uploading a .cer shows holder, RFC, CURP, certificate number and validity."""
    user = grant(identify(make_user(), pki, "sat"), "firmar_documento")
    with open(pki.path("sat.cer"), "rb") as cer:
        response = _login(client, user).post("/firma/certificados/", {"cer": cer})
    assert response.status_code == 200
    html = response.text
    assert "Certificado registrado" in html
    for text in ("ALBA XKARAJAM MENDEZ", "XAMA620210DQ5", "XAMA620210MSLKNL04"):
        assert text in html
    certificado = Certificado.objects.get(propietario=user)
    assert certificado.numero_certificado in html and localtime(certificado.vigente_hasta).strftime("%d/%m/%Y") in html


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("expirado", "El certificado venció el"),
        ("sello", "Certificado de Sello Digital"),
        ("ajeno", "no es de confianza"),
    ],
)
def test_register_certificate_page_shows_the_exact_refusal(client, make_user, pki, name, reason):
    """An expired, CSD or untrusted certificate is refused on the page with its reason; nothing is stored."""
    user = grant(make_user(), "firmar_documento")
    with open(pki.path(f"{name}.cer"), "rb") as cer:
        response = _login(client, user).post("/firma/certificados/", {"cer": cer})
    assert response.status_code == 200
    assert reason in response.text
    assert not Certificado.objects.exists()


def test_pages_refuse_users_without_firma_permissions(client, make_user, solicitud_para, firmante, version_pdf):
    """Without firma permissions every page answers 403."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    _login(client, make_user())
    for url in (
        "/firma/",
        "/firma/certificados/",
        f"/firma/enviar/earchivo.version/{solicitud.firmable_id}/",
        f"/firma/solicitudes/{solicitud.uuid}/",
        f"/firma/solicitudes/{solicitud.uuid}/pdf/",
        f"/firma/solicitudes/{solicitud.uuid}/firmar/",
    ):
        assert client.get(url).status_code == 403, url


def test_pages_hide_requests_and_versions_the_user_cannot_see(client, make_user, solicitud_para, firmante):
    """A user with the permissions but outside the request and its expediente gets 404."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    stranger = grant(make_user(), "firmar_documento", "solicitar_firma")
    _login(client, stranger)
    for url in (
        f"/firma/enviar/earchivo.version/{solicitud.firmable_id}/",
        f"/firma/solicitudes/{solicitud.uuid}/",
        f"/firma/solicitudes/{solicitud.uuid}/pdf/",
        f"/firma/solicitudes/{solicitud.uuid}/firmar/",
    ):
        assert client.get(url).status_code == 404, url


def test_send_version_to_signature_from_the_page(client, solicitante, version_pdf, firmante):
    """The requester picks signers and cargos in order; the request is created and shown."""
    (u1, _), (u2, _) = firmante("firmante1"), firmante("firmante2")
    version = version_pdf()
    url = f"/firma/enviar/earchivo.version/{version.pk}/"
    page = _login(client, solicitante).get(url)
    assert page.status_code == 200 and 'name="firmante_1"' in page.text
    response = client.post(
        url,
        {"folio": "DA/0003/2026", "nivel": "B-B", "firmante_1": u2.pk, "cargo_1": "Director", "firmante_2": u1.pk,
         "cargo_2": "Subdirectora"},
    )  # fmt: skip
    solicitud = SolicitudFirma.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/firma/solicitudes/{solicitud.uuid}/"
    assert list(solicitud.firmantes.values_list("usuario", "cargo")) == [(u2.pk, "Director"), (u1.pk, "Subdirectora")]
    detail = client.get(response["Location"])
    assert "DA/0003/2026" in detail.text and "Subdirectora" in detail.text


def test_send_page_refuses_non_pdf_version(client, solicitante, version_pdf):
    """A non-PDF version shows a clear refusal instead of the form."""
    version = version_pdf(b"no es un pdf")
    response = _login(client, solicitante).get(f"/firma/enviar/earchivo.version/{version.pk}/")
    assert response.status_code == 400
    assert "Solo se pueden enviar a firma documentos PDF" in response.text


def test_por_firmar_lists_only_signatures_that_are_due(client, solicitud_para, firmante, pki):
    """The second signer sees the document in "Por firmar" only after the first has signed."""
    (u1, c1), (u2, _c2) = firmante("firmante1"), firmante("firmante2")
    solicitud = solicitud_para(u1, u2, nivel="B-B")
    assert solicitud.folio not in _login(client, u2).get("/firma/").text.split("Solicitudes de firma")[0]
    page = client.get(f"/firma/solicitudes/{solicitud.uuid}/firmar/")
    assert "Aún no le corresponde firmar" in page.text and 'id="firma-form"' not in page.text
    from firma.services import firma_sign

    key, password = llave(pki, "firmante1")
    firma_sign(actor=u1, solicitud=solicitud, certificado=c1, llave=key, contrasena=password)
    assert solicitud.folio in client.get("/firma/").text.split("Solicitudes de firma")[0]
    page = client.get(f"/firma/solicitudes/{solicitud.uuid}/firmar/")
    assert 'id="firma-form"' in page.text and "vendor/node-forge/forge.min.js" in page.text


def test_download_current_pdf_is_audited(client, solicitud_para, firmante):
    """A signer downloads the current PDF; the download is recorded in the bitácora."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    response = _login(client, user).get(f"/firma/solicitudes/{solicitud.uuid}/pdf/")
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF-")
    assert EntradaBitacora.objects.filter(accion="firma.descargar", actor=user).count() == 1
