"""Validation of signed PDFs: tampering is detected by SAI and by pdfsig; bad input gets a report, not a crash."""

import io

import pytest
from cryptography import x509
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfStreamError
from pyhanko.sign import fields, signers

from firma.conf import firma_config
from firma.engine.certificates import llave_load
from firma.engine.errors import PdfInvalidoError
from firma.engine.pades import LlaveSigner
from firma.engine.pdf import pdf_check
from firma.engine.validation import OTRA, pdf_validate
from firma.services import firma_sign
from tests.firma.conftest import blob_bytes, llave, oficio_pdf, pdfsig
from tests.firma.testpki.pki import PASSWORD


def _signed(firmante, solicitud_para, pki, nivel="B-B"):
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel=nivel)
    key, password = llave(pki, "firmante1")
    firma = firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    return blob_bytes(firma.blob)


def test_byte_changed_after_signing_is_detected_by_sai_and_pdfsig(firmante, solicitud_para, pki, tmp_path):
    """Flipping one signed byte makes the signature not intact for pyHanko and a digest mismatch for pdfsig."""
    pdf = bytearray(_signed(firmante, solicitud_para, pki))
    offset = pdf.find(b"/Producer")
    pdf[offset + 1] ^= 0x20  # /Producer -> /producer: inside the signed byte range
    reporte = pdf_validate(bytes(pdf), firma_config())
    assert not reporte.valido
    (sig,) = reporte.firmas
    assert not sig.intacta and "alterado" in sig.mensajes[0]
    (verdict,) = pdfsig(pki, bytes(pdf), tmp_path)
    assert not verdict["valida"]


def test_content_added_after_signing_is_reported_as_other_modification(firmante, solicitud_para, pki, tmp_path):
    """An incremental update that changes the page after signing is reported as 'otra' modification."""
    pdf = _signed(firmante, solicitud_para, pki)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 400 Td (ANULADO) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    reporte = pdf_validate(out.getvalue(), firma_config())
    (sig,) = reporte.firmas
    assert sig.intacta and sig.modificacion == OTRA and not sig.valida
    assert not reporte.valido


def test_non_pdf_gets_a_report_error():
    """Validating something that is not a PDF returns a report with the error."""
    reporte = pdf_validate(b"GIF89a no soy un pdf", firma_config())
    assert reporte.error == "El archivo no es un PDF." and not reporte.valido


def test_malformed_pdf_gets_a_report_error():
    """A broken PDF returns a report saying it is damaged."""
    reporte = pdf_validate(b"%PDF-1.7\n%%EOF\n", firma_config())
    assert "dañado" in reporte.error and not reporte.valido


def test_unsigned_pdf_is_not_valid():
    """A PDF without signatures is not a valid signed document."""
    reporte = pdf_validate(oficio_pdf(), firma_config())
    assert reporte.error == "El PDF no tiene firmas electrónicas." and not reporte.valido


def test_untrusted_roots_make_the_chain_untrusted(firmante, solicitud_para, pki, settings):
    """Validated against other trust roots, the same intact signature is reported as not trusted."""
    pdf = _signed(firmante, solicitud_para, pki)
    settings.SAI_FIRMA_RAICES = [str(pki.path("ajena-raiz.pem"))]
    (sig,) = pdf_validate(pdf, firma_config()).firmas
    assert sig.intacta and not sig.confiable and not sig.valida


def test_fast_hex_reader_matches_pyhanko(firmante, solicitud_para, pki):
    """SAI's hex-string reader returns what pyHanko's own reader returns, at the same stream position."""
    from firma.engine.patches import _original_read_hex, read_hex_string_fast

    pdf = _signed(firmante, solicitud_para, pki)
    samples = [b"<48656c6c6f>", b"<4 8 6\n5 6c\r6c6f7>", b"<>", pdf[pdf.find(b"/Contents <") + 10 :]]
    for sample in samples:
        fast, slow = io.BytesIO(sample + b" rest"), io.BytesIO(sample + b" rest")
        assert read_hex_string_fast(fast) == _original_read_hex(slow)
        assert fast.tell() == slow.tell()
    with pytest.raises(PdfStreamError):
        read_hex_string_fast(io.BytesIO(b"<12zz>"))


def test_outside_pdf_signed_with_an_expired_certificate_is_reported_as_expired(pki):
    """A PDF signed elsewhere with a certificate that had expired says so, not only 'no trusted CA'."""
    key = llave_load(llave=pki.key("expirado"), contrasena=PASSWORD)
    intermedia = x509.load_pem_x509_certificate(pki.path("intermedia.pem").read_bytes())
    signer = LlaveSigner(cert=pki.cert("expirado"), key=key, cadena=[intermedia])
    meta = signers.PdfSignatureMetadata(
        field_name="Firma", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    pdf = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(oficio_pdf())), meta, signer=signer).getvalue()
    (sig,) = pdf_validate(pdf, firma_config()).firmas
    assert not sig.valida and sig.intacta
    assert "vencido al firmar" in sig.mensajes[0], sig.mensajes
    assert timezone.localtime(pki.cert("expirado").not_valid_after_utc).strftime("%d/%m/%Y %H:%M") in sig.mensajes[0]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", b"%PDF-1.7\nxref\n0 1\nzzz\ntrailer<<>>\nstartxref\n9\n%%EOF\n"],
)
def test_library_errors_are_reported_in_spanish(data):
    """A broken PDF's report and refusal name the cause in Spanish, without the library's English text."""
    reporte = pdf_validate(data, firma_config())
    with pytest.raises(PdfInvalidoError) as info:
        pdf_check(data)
    for message in (reporte.error, info.value.message):
        assert message.startswith("El PDF está dañado o mal formado: ")
        assert not any(word in message for word in ("Could", "malformed", "not enough", "expected", "EOF marker"))
