"""DOCX → PDF through the real LibreOffice (deploy/services/office.sh installs it): content, refusals, timeout."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from sai.core.conversion import conversion_disponible, docx_to_pdf
from sai.core.exceptions import ApplicationError
from tests.docx_files import docx_bytes


def test_libreoffice_is_installed():
    assert conversion_disponible() == ""


def test_a_docx_becomes_a_pdf_with_its_pages_and_text():
    pdf = docx_to_pdf(docx_bytes("Oficio DGA/001/2026: información del año", "Atentamente, la Dirección"))
    lector = PdfReader(io.BytesIO(pdf))
    assert len(lector.pages) == 2
    assert "información del año" in lector.pages[0].extract_text()
    assert "Atentamente" in lector.pages[1].extract_text()


def _cortado() -> bytes:
    data = docx_bytes("texto")
    return data[: len(data) // 2]


def _sin_documento() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("otra/cosa.txt", "no es Word")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [b"esto no es un DOCX", b"%PDF-1.7 un PDF no es un DOCX", _cortado(), _sin_documento()],
    ids=["texto", "pdf", "truncado", "zip-sin-word"],
)
def test_a_corrupt_or_foreign_file_is_refused_in_spanish(data):
    """LibreOffice would render any bytes as text: SAI refuses them first, naming the field and what to do."""
    with pytest.raises(ApplicationError) as exc:
        docx_to_pdf(data)
    assert "no es un documento DOCX válido o está dañado" in exc.value.errors["archivo"][0]


def test_without_libreoffice_the_reason_is_given(settings):
    settings.SAI_SOFFICE = "/opt/no-instalado/soffice"
    motivo = conversion_disponible()
    assert "LibreOffice (soffice) no está instalado" in motivo
    with pytest.raises(ApplicationError) as exc:
        docx_to_pdf(docx_bytes("texto"))
    assert exc.value.errors == {"archivo": [motivo]}


def test_a_conversion_past_the_timeout_is_killed(settings):
    settings.SAI_CONVERSION_TIMEOUT = 0  # LibreOffice cannot even start in that time
    with pytest.raises(ApplicationError, match="excedió 0 segundos"):
        docx_to_pdf(docx_bytes("texto"))
