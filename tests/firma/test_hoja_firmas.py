"""The hoja de firmas: appended after the document (its pages stay pixel-identical), with each signer's data,
the cadena original and a sello that `openssl dgst` verifies with the signer's certificate."""

import base64
import io
import re
import subprocess

from pypdf import PdfReader

from firma.models import Firma
from firma.services import firma_sign
from tests.firma.conftest import blob_bytes, llave, version_de
from tests.pdfa import assert_pdfa


def _pages_png(pdf: bytes, tmp_path, name: str) -> list[bytes]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "50", "-png", str(path), str(tmp_path / name)],  # noqa: S607 - poppler-utils
        check=True,
        capture_output=True,
    )
    return [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))]


def _text(pdf: bytes, *, page: int, tmp_path) -> str:
    """pdftotext's reading of one page (poppler includes the signature fields' appearances)."""
    path = tmp_path / "texto.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],  # noqa: S607 - poppler-utils
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _signed(firmante, solicitud_para, pki, names=("firmante1", "firmante2")):
    users = [(*firmante(name), name) for name in names]
    solicitud = solicitud_para(*[u[0] for u in users], nivel="B-B")
    for user, certificado, name in users:
        key, password = llave(pki, name)
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    return solicitud


def test_hoja_is_appended_and_leaves_the_document_pages_untouched(firmante, solicitud_para, pki, tmp_path, settings):
    """The original pages render to the same pixels; the last page is the hoja with every signer's data."""
    solicitud = _signed(firmante, solicitud_para, pki)
    original = blob_bytes(version_de(solicitud).blob)
    signed = blob_bytes(solicitud.actual_blob)

    before = _pages_png(original, tmp_path, "original")
    after = _pages_png(signed, tmp_path, "firmado")
    assert len(after) == len(before) + 1
    assert after[: len(before)] == before, "the document's own pages must not change"

    hoja = _text(signed, page=len(after), tmp_path=tmp_path)
    assert "Hoja de firmas electrónicas" in hoja
    assert "Folio: DA/0001/2026" in hoja
    assert f"{settings.SAI_SITE_URL}/verifica/{solicitud.uuid}" in hoja
    compact = _compact(hoja)
    for firma in Firma.objects.filter(solicitud=solicitud).select_related("certificado", "firmante"):
        certificado = firma.certificado
        assert certificado.titular in hoja and f"RFC: {certificado.rfc}" in hoja
        assert certificado.numero_certificado in hoja and f"Cargo: {firma.firmante.cargo}" in hoja
        assert "Nivel: B-B" in hoja
        assert _compact(firma.cadena_original) in compact
        assert _compact(firma.sello) in compact
    assert "(CST)" in hoja or "(CDT)" in hoja, "times are shown in the institution's time zone"


def test_sello_verifies_with_openssl_and_the_certificate(firmante, solicitud_para, pki, tmp_path):
    """The sello is RSA-SHA256 over the cadena original: `openssl dgst -sha256 -verify` accepts it."""
    solicitud = _signed(firmante, solicitud_para, pki, names=("firmante1",))
    firma = solicitud.firmas.get()
    assert firma.cadena_original.startswith("||1.0|DA/0001/2026|")
    assert solicitud.base_blob.sha256 in firma.cadena_original
    cer = tmp_path / "firmante.cer"
    cer.write_bytes(pki.cer("firmante1"))
    pub = tmp_path / "pub.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "x509", "-inform", "DER", "-in", str(cer), "-pubkey", "-noout", "-out", str(pub)],  # noqa: S607
        check=True,
    )
    (tmp_path / "cadena.txt").write_bytes(firma.cadena_original.encode())
    (tmp_path / "sello.bin").write_bytes(base64.b64decode(firma.sello))

    def verify(cadena: str):
        return subprocess.run(  # noqa: S603
            ["openssl", "dgst", "-sha256", "-verify", str(pub), "-signature", str(tmp_path / "sello.bin"), cadena],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )

    assert verify(str(tmp_path / "cadena.txt")).stdout.strip() == "Verified OK"
    (tmp_path / "otra.txt").write_bytes(firma.cadena_original.replace("DA/0001", "DA/0002").encode())
    assert verify(str(tmp_path / "otra.txt")).returncode != 0


def test_widget_mode_per_tipo_documental_keeps_the_page_count(firmante, solicitud_para, version_pdf, pki, settings):
    """A document type configured for the visible widget gets its fields on the last page, no hoja; still PDF/A."""
    version = version_pdf()
    settings.SAI_FIRMA_WIDGET_TIPOS = [version.documento.tipo_documental.nombre]
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, version=version, nivel="B-B")
    key, password = llave(pki, "firmante1")
    firma = firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    original, rendered, signed = blob_bytes(version.blob), blob_bytes(solicitud.base_blob), blob_bytes(firma.blob)
    pages = len(PdfReader(io.BytesIO(original)).pages)
    assert len(PdfReader(io.BytesIO(signed)).pages) == pages
    text = PdfReader(io.BytesIO(rendered)).pages[-1].extract_text()
    assert "Folio: DA/0001/2026" in text and f"/verifica/{solicitud.uuid}" in text
    assert_pdfa(rendered, signed)
