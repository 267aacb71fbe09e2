"""Real DOCX files for the tests (python-docx), e.g. for LibreOffice conversion and DOCX oficio bodies."""

import io

import docx


def docx_bytes(*paginas: str) -> bytes:
    """A DOCX with one page per text (page breaks between them)."""
    documento = docx.Document()
    for numero, texto in enumerate(paginas):
        if numero:
            documento.add_page_break()
        documento.add_paragraph(texto)
    buffer = io.BytesIO()
    documento.save(buffer)
    return buffer.getvalue()
