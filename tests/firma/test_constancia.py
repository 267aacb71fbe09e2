"""Constancia de firma: a PDF/A per request (who signed what, when, hashes, levels, folio, certificate numbers) for
whoever may see the request, from its page and the API; refused to anyone else."""

import io

import pytest
from pypdf import PdfReader
from rest_framework.authtoken.models import Token

from firma.services import firma_sign
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo.factories import user_in
from tests.factories import UnidadFactory
from tests.firma.conftest import grant, llave
from tests.pdfa import assert_pdfa


@pytest.fixture
def firmada(firmante, solicitud_para, pki):
    """A request signed by two people: the first at B-LT (timestamped), the second at the same level."""
    (u1, c1), (u2, c2) = firmante("firmante1"), firmante("sat")
    solicitud = solicitud_para(u1, u2, nivel="B-LT")
    for user, certificado, name in ((u1, c1, "firmante1"), (u2, c2, "sat")):
        key, password = llave(pki, name)
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    return solicitud


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_requester_downloads_a_pdfa_constancia_with_every_signature(client, firmada, solicitante):
    """The requester gets a PDF/A-2B naming folio, signers, certificates, dates, levels and every hash."""
    client.force_login(solicitante)
    response = client.get(f"/firma/solicitudes/{firmada.uuid}/constancia/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()
    text = _text(pdf)
    compact = text.replace(" ", "")
    for value in ("DA/0001/2026", "Firmada", "Cargo 1", "Cargo 2", "B-LT", "sello de tiempo (TSA)"):
        assert value in text, value
    assert firmada.base_blob.sha256 in compact and firmada.actual_blob.sha256 in compact
    for firma in firmada.firmas.select_related("certificado", "blob"):
        assert firma.certificado.titular in text and firma.certificado.rfc in text
        assert firma.certificado.numero_certificado in compact
        assert firma.hash_firmado in compact and firma.blob.sha256 in compact
        assert firma.sello.replace("\n", "") in compact
    assert_pdfa(pdf)
    entry = EntradaBitacora.objects.get(accion="firma.constancia")
    assert entry.actor == solicitante and entry.datos == {"uuid": str(firmada.uuid)}
    assert (
        f'href="/firma/solicitudes/{firmada.uuid}/constancia/"'
        in client.get(f"/firma/solicitudes/{firmada.uuid}/").text
    )


def test_signer_gets_it_through_the_api(client, firmada):
    """A signer of the request downloads the same constancia from the API with a token."""
    signer = firmada.firmantes.get(orden=1).usuario
    token = Token.objects.create(user=signer)
    url = f"/api/v1/firma/solicitudes/{firmada.uuid}/constancia/"
    response = client.get(url, headers={"Authorization": f"Token {token.key}"})
    pdf = response.getvalue()
    assert response.status_code == 200 and pdf.startswith(b"%PDF-")
    assert response["X-Content-Type-Options"] == "nosniff"  # like every other download (sai.core.web)
    assert response["Content-Disposition"] == f'attachment; filename="constancia-{firmada.uuid}.pdf"'
    assert "DA/0001/2026" in _text(pdf)


def test_refused_to_who_may_not_see_the_request(client, firmada):
    """A signer of another unidad (who cannot see the document) gets 404 on page and API; anonymous is refused."""
    outsider = grant(user_in(UnidadFactory(), Rol.FIRMANTE), "firmar_documento", "solicitar_firma")
    page = f"/firma/solicitudes/{firmada.uuid}/constancia/"
    api = f"/api/v1/firma/solicitudes/{firmada.uuid}/constancia/"
    anonymous = client.get(page)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client.get(api).status_code in (401, 403)
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    response = client.get(api)
    assert response.status_code == 404 and "no tiene permiso" in response.json()["detail"]
    assert not EntradaBitacora.objects.filter(accion="firma.constancia").exists()
