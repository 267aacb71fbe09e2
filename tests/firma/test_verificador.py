"""The public verifier /verifica/ and POST /api/v1/firma/verificar/: any signed PDF from anywhere, no login, never
stored, reported per signature in Spanish; bad uploads get a Spanish error, never a 500."""

import base64
import datetime as dt
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from firma.engine import pki as pki_builder
from firma.engine.certificates import llave_load
from firma.engine.pades import LlaveSigner
from firma.services import firma_sign
from firma.verificador import VERIFICACIONES_POR_MINUTO
from sai.audit.models import EntradaBitacora
from sai.storage.models import Blob
from tests.firma.conftest import blob_bytes, llave, oficio_pdf
from tests.firma.testpki.pki import PASSWORD

API = "/api/v1/firma/verificar/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sin_cache():
    cache.clear()


def _sign(pdf: bytes, *, cert, key, cadena, campo="FirmaExterna") -> bytes:
    meta = signers.PdfSignatureMetadata(
        field_name=campo, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    signer = LlaveSigner(cert=cert, key=key, cadena=cadena)
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer).getvalue()


@pytest.fixture
def foranea(tmp_path):
    """A PDF signed under another institution's CA, made here, and that CA's root as a PEM file."""
    now = dt.datetime.now(dt.UTC)
    root_key, key = pki_builder.rsa_key(), pki_builder.rsa_key()
    root = pki_builder.ca_certificate(
        subject=pki_builder.ca_subject("AC Raíz del Gobierno Estatal", "Gobierno Estatal"),
        key=root_key,
        serial=8101,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=365),
    )
    leaf = pki_builder.leaf_certificate(
        subject=pki_builder.sat_subject(nombre="ROSA DIAZ LUNA", rfc="DILR700101AA1", curp="DILR700101MDFZNS01"),
        public_key=key.public_key(),
        emisor=pki_builder.Emisor(root, root_key),
        serial=8102,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=365),
        perfil=pki_builder.EFIRMA,
    )
    root_pem = tmp_path / "estatal.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return _sign(oficio_pdf(), cert=leaf, key=key, cadena=[root]), root_pem


@pytest.fixture
def firmado_en_sai(firmante, solicitud_para, pki):
    """A request signed in SAI at B-LT (revocation evidence embedded), and its Firma record."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-LT")
    key, password = llave(pki, "firmante1")
    firma = firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    return blob_bytes(firma.blob), firma


def _post(client, data: bytes, name: str = "documento.pdf", url: str = "/verifica/"):
    return client.post(url, {"archivo": SimpleUploadedFile(name, data, content_type="application/pdf")})


def _firma_html(html: str, orden: int) -> str:
    start = html.index(f'data-orden="{orden}"')
    end = html.find('class="card firma"', start)
    return html[start : end if end > 0 else len(html)]


def test_page_is_public_printable_and_linked_from_the_qr_page(client, firmado_en_sai):
    """/verifica/ opens without login, loads no inline script or style, and the QR page links to it."""
    _, firma = firmado_en_sai
    response = client.get("/verifica/")
    assert response.status_code == 200
    assert "Verificar un PDF firmado electrónicamente" in response.text
    assert "style=" not in response.text and "<script>" not in response.text
    assert "no-imprimir" in response.text
    css = b"".join(client.get("/static/sai/sai.css").streaming_content)
    assert b"@media print { .no-imprimir { display: none; }" in css
    assert 'href="/verifica/"' in client.get(f"/verifica/{firma.solicitud.uuid}").text


def test_outside_signed_pdf_is_reported_per_signature(client, foranea, settings):
    """A PDF signed under a foreign CA: signer, RFC, CURP, issuer; trusted only once its root is configured."""
    pdf, root_pem = foranea
    html = _post(client, pdf).text
    assert "Al menos una firma del documento no es válida." in html
    for text in ("ROSA DIAZ LUNA", "DILR700101AA1", "DILR700101MDFZNS01", "AC Raíz del Gobierno Estatal"):
        assert text in html, text
    assert "NO llega a una autoridad certificadora de confianza" in html
    assert "vigente al firmar" in html and "Intacta" in html and "Cambios posteriores</dt><dd>ninguno" in html

    settings.SAI_FIRMA_RAICES = [*settings.SAI_FIRMA_RAICES, str(root_pem)]
    response = _post(client, pdf)
    assert response.status_code == 200
    assert "Todas las firmas electrónicas del documento son válidas." in response.text
    assert "llega a una autoridad certificadora de confianza" in response.text
    assert "Cadena original" not in response.text  # not signed by SAI: no cadena nor sello to show


def test_expired_certificate_is_reported_as_expired(client, pki):
    """A signature made with a certificate that had expired says so, with the expiry date."""
    key = llave_load(llave=pki.key("expirado"), contrasena=PASSWORD)
    intermedia = x509.load_pem_x509_certificate(pki.path("intermedia.pem").read_bytes())
    pdf = _sign(oficio_pdf(), cert=pki.cert("expirado"), key=key, cadena=[intermedia])
    html = _post(client, pdf).text
    assert "LUIS MARTINEZ GOMEZ" in html and "NO válida" in html
    assert "VENCIDO al firmar" in html and "estaba vencido al firmar" in html

    body = _post(client, pdf, url=API).json()
    (firma,) = body["firmas"]
    assert body["valido"] is False and firma["firma"]["vigencia"] == "vencido" and firma["sai"] is None


def test_pdf_signed_in_sai_shows_its_cadena_and_sello(client, firmado_en_sai):
    """A signature SAI made: valid, revocation checked from the embedded evidence, cadena and sello verified."""
    pdf, firma = firmado_en_sai
    html = _post(client, pdf).text
    assert "Todas las firmas electrónicas del documento son válidas." in html
    assert "No revocado, según OCSP" in html and "PAdES B-LT" in html
    assert firma.sello in html and "verificado con el certificado del firmante" in html
    assert firma.cadena_original.replace("|", "") in html.replace("&#x27;", "'").replace("|", "")
    # Nothing else about SAI's document: not its request, title nor QR page.
    assert str(firma.solicitud.uuid) not in html and firma.solicitud.titulo not in html

    body = _post(client, pdf, url=API).json()
    (revisada,) = body["firmas"]
    assert body["valido"] is True and body["error"] == ""
    assert revisada["sai"] == {"cadena_original": firma.cadena_original, "sello": firma.sello, "verificado": True}
    assert revisada["firma"]["rfc"] == "LOPM800101AB1" and revisada["firma"]["revocacion"] == "vigente"
    assert base64.b64decode(firma.sello)  # the sello shown is the stored base64 one


def test_tampered_pdf_is_reported_altered(client, firmado_en_sai):
    """One byte changed inside the signed range: the signature is reported altered, the document not valid."""
    pdf = bytearray(firmado_en_sai[0])
    offset = pdf.find(b"/Producer")
    pdf[offset + 1] ^= 0x20
    html = _post(client, bytes(pdf)).text
    assert "Al menos una firma del documento no es válida." in html
    assert "ALTERADA" in _firma_html(html, 1) and "alterado después de firmarse" in html


def test_content_added_after_signing_is_reported(client, firmado_en_sai):
    """An incremental update that draws on the page after the signature is reported as a later change."""
    writer = IncrementalPdfFileWriter(io.BytesIO(firmado_en_sai[0]))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 400 Td (ANULADO) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    body = _post(client, out.getvalue(), url=API).json()
    (revisada,) = body["firmas"]
    assert body["valido"] is False
    assert revisada["firma"]["intacta"] is True and revisada["firma"]["modificacion"] == "otra"
    assert "cambios posteriores a la firma" in " ".join(revisada["firma"]["mensajes"])


def test_unsigned_pdf_is_reported_as_unsigned(client):
    """A PDF without signatures: the page and the API say so."""
    html = _post(client, oficio_pdf()).text
    assert "No se pudo verificar el documento:</strong> El PDF no tiene firmas electrónicas." in html
    body = _post(client, oficio_pdf(), url=API).json()
    assert body["valido"] is False and body["error"] == "El PDF no tiene firmas electrónicas." and body["firmas"] == []


@pytest.mark.parametrize(
    ("data", "mensaje"),
    [
        (b"GIF89a no soy un pdf", "El archivo no es un PDF."),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "El PDF está dañado o mal formado: "),
        (oficio_pdf()[:400], "El PDF está dañado o mal formado: "),
    ],
    ids=["no-pdf", "sin-xref", "truncado"],
)
def test_malformed_upload_gets_a_spanish_error(client, data, mensaje):
    """Not a PDF, or a broken one: a Spanish explanation on the page and in the API, never a 500."""
    page = _post(client, data)
    assert page.status_code == 200 and mensaje in page.text
    api = _post(client, data, url=API)
    assert api.status_code == 200 and api.json()["error"].startswith(mensaje)


def test_bad_requests_get_field_errors(client, firmado_en_sai):
    """No file, an empty file, or a JSON body: 400 with a Spanish message naming the file (both upload pages)."""
    for url in ("/verifica/", f"/verifica/{firmado_en_sai[1].solicitud.uuid}"):
        response = client.post(url, {})
        assert response.status_code == 400 and "Adjunte el PDF que desea verificar." in response.text
    empty = _post(client, b"")
    assert empty.status_code == 400 and "El archivo adjunto está vacío." in empty.text
    missing = client.post(API, {})
    assert missing.status_code == 400
    assert missing.json() == {"detail": "Falta el archivo PDF.", "errors": {"archivo": ["adjunte el archivo PDF"]}}
    json_body = client.post(API, {"archivo": "x"}, content_type="application/json")
    assert json_body.status_code == 415 and set(json_body.json()) == {"detail", "errors"}


def test_uploads_are_rate_limited_and_never_stored(client, firmado_en_sai):
    """Page and API share one per-address limit (429 in Spanish); the upload leaves no blob, only an audit hash."""
    pdf = firmado_en_sai[0]
    blobs = Blob.objects.count()
    for _ in range(VERIFICACIONES_POR_MINUTO // 2):
        assert _post(client, pdf).status_code == 200
        assert _post(client, pdf, url=API).status_code == 200
    page = _post(client, pdf)
    assert page.status_code == 429 and "Demasiadas verificaciones" in page.text
    api = _post(client, pdf, url=API)
    assert api.status_code == 429 and "Demasiadas verificaciones" in api.json()["detail"]
    assert Blob.objects.count() == blobs
    entry = EntradaBitacora.objects.filter(accion="firma.validar").latest("pk")
    assert entry.actor is None and set(entry.datos) == {"sha256", "valido", "firmas", "error"}
