"""Text extraction, page by page, with real files and the real Tesseract (Spanish) for scanned pages."""

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from earchivo.models import Documento
from sai.search.extraction import extract_bytes
from sai.search.models import TextoExtraido
from sai.search.selectors import search_run
from sai.search.services.indexing import search_enqueue, search_flush_all
from sai.search.services.textos import texto_extraer
from tests.earchivo.factories import DocumentoFactory
from tests.search.fixtures import Mundo

FONT = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def text_image(*lines: str) -> Image.Image:
    """A white page with large black text: what a scanner produces (no text layer)."""
    image = Image.new("L", (1700, 900), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 64)
    for n, line in enumerate(lines):
        draw.text((80, 120 + n * 110), line, fill=0, font=font)
    return image


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def scanned_pdf(*pages: Image.Image | str) -> bytes:
    """A PDF whose pages are either images only (scanned) or real text."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for page in pages:
        if isinstance(page, str):
            pdf.setFont("Helvetica", 12)
            pdf.drawString(72, 700, page)
        else:
            pdf.drawImage(ImageReader(page), 36, 300, width=540, height=285)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_text_layer_keeps_pages():
    """Each PDF page's text lands on its own page number; no OCR when the text layer is there."""
    result = extract_bytes(
        scanned_pdf("Primera hoja del informe trimestral", "Segunda hoja con el presupuesto ejercido"),
        "application/pdf",
    )
    assert result.metodo == "pdf" and result.paginas_ocr == []
    assert "trimestral" in result.paginas[0] and "presupuesto" in result.paginas[1]


@pytest.mark.usefixtures("ocr_instalado")
def test_scanned_pdf_page_is_read_with_ocr_and_keeps_its_number():
    """A page that is only an image is OCR'd in Spanish; the text page next to it is read directly."""
    result = extract_bytes(
        scanned_pdf(
            "Portada con texto digital suficiente para no usar OCR", text_image("ACTA DE DESTRUCCION", "Folio 77")
        ),
        "application/pdf",
    )
    assert result.metodo == "pdf+ocr" and result.paginas_ocr == [2]
    assert "DESTRUCCION" in result.paginas[1].upper()
    assert "Portada" in result.paginas[0]


@pytest.mark.usefixtures("ocr_instalado")
def test_image_is_read_with_ocr():
    """A PNG scan becomes text."""
    result = extract_bytes(png_bytes(text_image("Memorandum urgente")), "image/png")
    assert result.metodo == "ocr" and "urgente" in result.paginas[0].lower()


def _docx(*pages: str) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    breaks = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    body = breaks.join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in pages)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
    return buffer.getvalue()


def _odt(*pages: str) -> bytes:
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    ns += 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    body = "<text:soft-page-break/>".join(f"<text:p>{p}</text:p>" for p in pages)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT)
        archive.writestr(
            "content.xml",
            f"<office:document-content {ns}><office:body><office:text>{body}</office:text>"
            "</office:body></office:document-content>",
        )
    return buffer.getvalue()


def test_docx_and_odt_split_pages_at_page_breaks():
    """Word and OpenDocument page breaks separate pages."""
    docx = extract_bytes(_docx("Minuta de la sesión", "Acuerdos tomados"), DOCX)
    assert docx.metodo == "docx" and docx.paginas == ["Minuta de la sesión", "Acuerdos tomados"]
    odt = extract_bytes(_odt("Oficio de respuesta", "Anexo único"), ODT)
    assert odt.metodo == "odt" and odt.paginas == ["Oficio de respuesta", "Anexo único"]


def test_plain_text_pages_split_on_form_feed():
    """Form feeds mark pages in plain text; Windows-1252 text is decoded."""
    result = extract_bytes("Página uno\fPágina dos".encode("cp1252"), "text/plain")
    assert result.paginas == ["Página uno", "Página dos"]


def test_email_headers_body_and_attachments():
    """An .eml gives its headers and body as page 1, then the pages of its readable attachments."""
    message = EmailMessage()
    message["From"] = "oficialia@institucion.gob.mx"
    message["To"] = "archivo@institucion.gob.mx"
    message["Subject"] = "Solicitud de transferencia primaria"
    message.set_content("Se remite el inventario de transferencia.")
    message.add_attachment(
        _docx("Inventario adjunto"), maintype="application", subtype="octet-stream", filename="i.docx"
    )
    result = extract_bytes(message.as_bytes(), "message/rfc822")
    assert "Solicitud de transferencia primaria" in result.paginas[0]
    assert "inventario de transferencia" in result.paginas[0]
    assert result.paginas[1] == "[i.docx]\nInventario adjunto"


def test_corrupt_pdf_is_an_extraction_error_not_a_crash(db):
    """A damaged file ends in estado error with the reason, and its document is still indexed by metadata."""
    world = Mundo()
    documento = DocumentoFactory(expediente=world.publico, version__contenido=b"%PDF-1.7\nbasura sin estructura")
    version = documento.versiones.get()
    texto = texto_extraer(sha256=version.blob_id)
    assert texto.estado == TextoExtraido.Estado.ERROR and texto.error


@pytest.mark.usefixtures("ocr_instalado")
def test_ocr_scanned_page_is_found_by_a_word_only_in_the_image(backend):
    """Upload a scanned PDF, index it (text pending), run the extraction task: a word that exists only in the
    image now finds the document, pointing at its page."""
    world = Mundo()
    pdf = scanned_pdf(
        "Portada del expediente con texto digital y sin la palabra", text_image("CONSTANCIA DE HOMOLOGACION")
    )
    documento = DocumentoFactory(
        expediente=world.publico, titulo="Escaneo recibido", version__contenido=pdf, version__nombre_archivo="s.pdf"
    )
    search_enqueue(documento)
    search_flush_all(refresh=True)
    assert search_run(user=world.staff_a, q="homologacion").total == 0
    sha = Documento.objects.get(pk=documento.pk).versiones.get().blob_id
    assert TextoExtraido.objects.get(blob_id=sha).estado == TextoExtraido.Estado.PENDIENTE
    texto = texto_extraer(sha256=sha)  # what texto_extraer_task runs
    assert texto.paginas_ocr == [2]
    search_flush_all(refresh=True)
    resultado = search_run(user=world.staff_a, q="homologación")
    assert [h.objeto_id for h in resultado.hits] == [documento.pk]
    assert resultado.hits[0].pagina == 2
    assert "<mark>" in resultado.hits[0].fragmentos[0]
    # Stored once: a reindex reuses the text (no second extraction).
    texto.refresh_from_db()
    search_enqueue(documento)
    search_flush_all(refresh=True)
    assert TextoExtraido.objects.get(blob_id=sha).intentos == texto.intentos == 1
