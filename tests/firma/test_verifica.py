"""The public verification page /verifica/<uuid>: no login, full report for público documents, validity only for
reservado ones, an uploaded copy compared by hash and validated, downloads audited."""

import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from firma.services import firma_sign
from sai.audit.models import EntradaBitacora
from tests.firma.conftest import blob_bytes, llave, version_de


@pytest.fixture(autouse=True)
def _sin_cache():
    cache.clear()


@pytest.fixture
def firmada(firmante, solicitud_para, pki):
    """A request signed by two people at B-LT."""
    (u1, c1), (u2, c2) = firmante("firmante1"), firmante("sat")
    solicitud = solicitud_para(u1, u2, nivel="B-LT")
    for user, certificado, name in ((u1, c1, "firmante1"), (u2, c2, "sat")):
        key, password = llave(pki, name)
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    return solicitud


def _copia(data: bytes):
    return {"archivo": SimpleUploadedFile("copia.pdf", data, content_type="application/pdf")}


def test_valid_public_document_shows_every_signature(client, firmada):
    """Anonymous visitors see the document data and each signature's report, and can download the original."""
    response = client.get(f"/verifica/{firmada.uuid}")
    assert response.status_code == 200
    html = response.text
    assert "Las firmas electrónicas del documento son válidas." in html
    for text in ("DA/0001/2026", "MARIA LOPEZ PEREZ", "LOPM800101AB1", "XAMA620210DQ5", "Cargo 1", "Cargo 2"):
        assert text in html, text
    assert firmada.actual_blob.sha256 in html and "PAdES B-LT" in html and "No revocado" in html
    firma = firmada.firmas.get(orden=1)
    assert firma.sello[-8:] in html and firma.certificado.numero_certificado in html
    assert firma.sello in html and firma.cadena_original.replace("|", "") in html.replace("|", "")
    download = client.get(f"/verifica/{firmada.uuid}/pdf")
    assert download.status_code == 200 and download.content == blob_bytes(firmada.actual_blob)
    entry = EntradaBitacora.objects.get(accion="firma.verifica_descargar")
    assert entry.actor is None and entry.datos["sha256"] == firmada.actual_blob.sha256


def test_identical_copy_is_recognised(client, firmada):
    """Uploading the same signed PDF says it is identical and valid."""
    response = client.post(f"/verifica/{firmada.uuid}", _copia(blob_bytes(firmada.actual_blob)))
    assert response.status_code == 200
    assert "La copia es idéntica al documento firmado." in response.text
    assert "Validación de la copia: firmas válidas" in response.text


def test_tampered_copy_is_detected(client, firmada):
    """A copy with one byte altered inside the signed range is not the signed PDF and does not validate."""
    data = bytearray(blob_bytes(firmada.actual_blob))
    data[12] ^= 0x01  # inside the header comment: still a PDF, but covered by every signature's byte range
    response = client.post(f"/verifica/{firmada.uuid}", _copia(bytes(data)))
    assert response.status_code == 200
    assert "La copia NO es el documento firmado registrado" in response.text
    assert "Validación de la copia: firmas válidas" not in response.text
    assert "NO es válida" in response.text or "no válida" in response.text


def test_reservado_document_shows_only_validity(client, firmada):
    """A reservado document shows that its signatures are valid, but no title, folio, names nor download."""
    expediente = version_de(firmada).documento.expediente
    expediente.clasificacion = "reservada"
    expediente.save(update_fields=["clasificacion"])
    response = client.get(f"/verifica/{firmada.uuid}")
    assert response.status_code == 200
    html = response.text
    assert "Las firmas electrónicas del documento son válidas." in html
    assert "Documento clasificado" in html and "Firma 2: válida" in html
    for secret in (version_de(firmada).documento.titulo, "DA/0001/2026", "MARIA LOPEZ PEREZ", "LOPM800101AB1"):
        assert secret not in html, secret
    assert f"/verifica/{firmada.uuid}/pdf" not in html
    assert client.get(f"/verifica/{firmada.uuid}/pdf").status_code == 404
    assert not EntradaBitacora.objects.filter(accion="firma.verifica_descargar").exists()


def test_unknown_uuid_is_404(client, db):
    """An identifier that names no signed document answers 404."""
    assert client.get(f"/verifica/{uuid.uuid4()}").status_code == 404
    assert client.get(f"/verifica/{uuid.uuid4()}/pdf").status_code == 404


def test_copy_checks_are_rate_limited(client, firmada, settings):
    """After a handful of uploads per minute from one address, the page answers 429 without validating."""
    data = blob_bytes(firmada.actual_blob)
    statuses = [client.post(f"/verifica/{firmada.uuid}", _copia(data)).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_trailing_slash_redirects_to_the_page(client):
    """An address typed from the printed page with a trailing slash lands on the verification page."""
    response = client.get("/verifica/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 301
    assert response["Location"] == "/verifica/00000000-0000-4000-8000-000000000000"
