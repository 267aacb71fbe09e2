"""The hoja de firmas electrónicas: pages appended after the document, and what each signature shows on them.

Mexican practice puts the signatures on a page of their own instead of over the document's content. The page is
drawn before the first signature (title, folio, QR to the verification page, one box per signer) and each signer's
field fills its box with an appearance drawn when signing (name, RFC, certificate number, time, level, cadena
original and sello). Everything SAI draws embeds its font, so a PDF/A input keeps its conformance: the pages are
drawn by reportlab with sai.core.pdfa's fonts and imported as form XObjects; the appearances, one per signature
and on the hot path, are a few text operators over one whole embedded TrueType font (reportlab's Vera, WinAnsi
encoding) that the preparation stores in the form's default resources, so every signer reuses it.
"""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import reportlab
from pyhanko.pdf_utils import content, generic
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.ttfonts import TTFontFile

from sai.core.pdfa import FONT, FONT_BOLD, PdfACanvas

MARGIN = 36
HEADER = 132  # points from the top of the page to the first signer's block
LABEL = 12  # the signer's heading above its box
BOX_HEIGHT = 80
BLOCK_GAP = 10
QR_SIZE = 72
BAND_HEIGHT = 64
TEXT_SIZE = 6
LEADING = 7.2
FIRST_CHAR = 32
FONT_RESOURCE = "/SAIFirma"


@dataclass(frozen=True)
class Apariencia:
    """What one signature shows in its box (the widget mode shows the first lines only)."""

    nombre: str
    cargo: str
    rfc: str
    fecha: str  # date and time in the institution's time zone, already formatted
    curp: str = ""
    numero_certificado: str = ""
    nivel: str = ""
    cadena_original: str = ""
    sello: str = ""
    suplencia: str = ""  # "en suplencia por ausencia de …, con fundamento en …" when signed for an absent titular


@functools.cache
def _vera() -> TTFontFile:
    return TTFontFile(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"))


@functools.cache
def _widths() -> tuple[int, ...]:
    """Advance widths (1/1000 em) of WinAnsi codes 32..255, as the font program defines them."""
    face = _vera()
    text = bytes(range(FIRST_CHAR, 256)).decode("cp1252", errors="replace")
    return tuple(round(face.charWidths.get(ord(char), face.defaultWidth)) for char in text)


def _encode(text: str) -> bytes:
    return text.encode("cp1252", errors="replace")


def wrap(text: str, size: float, width: float) -> list[bytes]:
    """Greedy wrap at spaces, breaking long tokens (base64 sellos, cadenas) by character."""
    widths, limit = _widths(), width * 1000 / size
    lines, line, used = [], bytearray(), 0
    for byte in _encode(text):
        advance = widths[byte - FIRST_CHAR] if byte >= FIRST_CHAR else 0
        if used + advance <= limit:
            line.append(byte)
            used += advance
            continue
        cut = line.rfind(b" ") if byte != 0x20 else len(line)
        if cut > len(line) // 2:
            lines.append(bytes(line[:cut]))
            line = bytearray(line[cut + 1 :]) + bytes([byte])
        else:
            lines.append(bytes(line))
            line = bytearray() if byte == 0x20 else bytearray([byte])
        used = sum(widths[b - FIRST_CHAR] for b in line)
    if line:
        lines.append(bytes(line))
    return lines


def fuente(writer) -> generic.IndirectObject:
    """The embedded font of the appearances: the one the preparation stored, else added now (older requests)."""
    try:
        return writer.root["/AcroForm"]["/DR"]["/Font"].raw_get(FONT_RESOURCE)
    except KeyError:
        return _add_font(writer)


def _add_font(writer) -> generic.IndirectObject:
    face = _vera()
    name = generic.pdf_name("/" + face.name.decode("ascii"))
    program = generic.StreamObject(
        {generic.pdf_name("/Length1"): generic.NumberObject(len(face._ttf_data))}, stream_data=face._ttf_data
    )
    program.compress()
    descriptor = {
        "/Type": generic.pdf_name("/FontDescriptor"),
        "/FontName": name,
        "/Flags": generic.NumberObject(32),  # nonsymbolic: WinAnsi through the font's Unicode cmap
        "/FontBBox": generic.ArrayObject(generic.NumberObject(round(v)) for v in face.bbox),
        "/ItalicAngle": generic.NumberObject(0),
        "/Ascent": generic.NumberObject(round(face.ascent)),
        "/Descent": generic.NumberObject(round(face.descent)),
        "/CapHeight": generic.NumberObject(round(face.capHeight)),
        "/StemV": generic.NumberObject(face.stemV),
        "/FontFile2": writer.add_object(program),
    }
    font = {
        "/Type": generic.pdf_name("/Font"),
        "/Subtype": generic.pdf_name("/TrueType"),
        "/BaseFont": name,
        "/FirstChar": generic.NumberObject(FIRST_CHAR),
        "/LastChar": generic.NumberObject(255),
        "/Widths": generic.ArrayObject(generic.NumberObject(w) for w in _widths()),
        "/Encoding": generic.pdf_name("/WinAnsiEncoding"),
        "/FontDescriptor": writer.add_object(_dict(descriptor)),
    }
    return writer.add_object(_dict(font))


def fuente_guardar(writer) -> None:
    """Store the appearances' font in the form's default resources (call once the form has its fields)."""
    form = writer.root["/AcroForm"]
    resources = form.setdefault(generic.pdf_name("/DR"), generic.DictionaryObject())
    fonts = resources.setdefault(generic.pdf_name("/Font"), generic.DictionaryObject())
    fonts[generic.pdf_name(FONT_RESOURCE)] = _add_font(writer)
    writer.update_container(form)


def _dict(entries: dict) -> generic.DictionaryObject:
    return generic.DictionaryObject({generic.pdf_name(k): v for k, v in entries.items()})


def _escape(data: bytes) -> bytes:
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def apariencia_stream(apariencia: Apariencia, ancho: float, alto: float) -> bytes:
    """The content of one signature's box: a frame and the signature's data, as many lines as fit."""
    texts = [
        f"Firmado electrónicamente por: {apariencia.nombre}"
        + (f", {apariencia.suplencia}" if apariencia.suplencia else ""),
        f"Cargo: {apariencia.cargo or '—'} · RFC: {apariencia.rfc} · CURP: {apariencia.curp or '—'}",
        f"No. de certificado: {apariencia.numero_certificado or '—'} · Fecha y hora: {apariencia.fecha}"
        f" · Nivel: {apariencia.nivel or '—'}",
    ]
    if apariencia.cadena_original:
        texts.append(f"Cadena original: {apariencia.cadena_original}")
    if apariencia.sello:
        texts.append(f"Sello: {apariencia.sello}")
    lines = [line for text in texts for line in wrap(text, TEXT_SIZE, ancho - 8)]
    fit = max(0, int((alto - 4) // LEADING))
    out = [
        b"q 0.6 G 0.5 0.5 %.1f %.1f re S Q" % (ancho - 1, alto - 1),
        b"BT %s %g Tf %g TL" % (FONT_RESOURCE.encode(), TEXT_SIZE, LEADING),
    ]
    out.append(b"4 %.1f Td" % (alto - 4 - TEXT_SIZE))
    out += [b"(" + _escape(line) + b") Tj T*" for line in lines[:fit]]
    out.append(b"ET")
    return b"\n".join(out)


class AparienciaFirma(content.PdfContent):
    """A signature's appearance for pyHanko's stamp: the box's text over the document's embedded font."""

    def __init__(self, apariencia: Apariencia, ancho: float, alto: float):
        super().__init__(box=content.BoxConstraints(width=ancho, height=alto))
        self.apariencia = apariencia

    def render(self) -> bytes:
        self.resources.font[generic.pdf_name(FONT_RESOURCE)] = fuente(self._ensure_writer)
        return apariencia_stream(self.apariencia, self.box.width, self.box.height)


def por_pagina(alto: float) -> int:
    return max(1, int((alto - HEADER - MARGIN) // (LABEL + BOX_HEIGHT + BLOCK_GAP)))


def cajas(n: int, *, primera_pagina: int, ancho: float, alto: float) -> list[tuple[int, tuple[int, int, int, int]]]:
    """(page index, box) for each of n signers, filling the hoja pages top-down."""
    per_page = por_pagina(alto)
    result = []
    for i in range(n):
        page, slot = divmod(i, per_page)
        top = alto - HEADER - slot * (LABEL + BOX_HEIGHT + BLOCK_GAP) - LABEL
        result.append((primera_pagina + page, (MARGIN, int(top - BOX_HEIGHT), int(ancho - MARGIN), int(top))))
    return result


def _qr(canvas, url: str, x: float, y: float, size: float) -> None:
    qr = QrCodeWidget(url, barBorder=0)
    x1, y1, x2, y2 = qr.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, canvas, x, y)


def banda_pdf(*, folio: str, url: str, ancho: float) -> bytes:
    """The widget mode's band (QR, folio and link) as one page of BAND_HEIGHT, for stamping on the last page."""
    canvas = PdfACanvas(io.BytesIO(), pagesize=(ancho, BAND_HEIGHT))
    _qr(canvas, url, 0, 0, BAND_HEIGHT)
    canvas.setFont(FONT, 7)
    for line, text in enumerate(("Documento firmado electrónicamente", f"Folio: {folio}", f"Verifique en: {url}")):
        canvas.drawString(BAND_HEIGHT + 6, BAND_HEIGHT - 12 - 9 * line, text)
    canvas.showPage()
    return canvas.getpdfdata()


def hoja_pdf(*, firmantes: list[tuple[str, str]], folio: str, url: str, ancho: float, alto: float) -> bytes:
    """The hoja pages: heading, folio, QR and URL, and a labelled empty box per signer [(nombre, cargo), ...]."""
    canvas = PdfACanvas(io.BytesIO(), pagesize=(ancho, alto))
    canvas.setTitle(f"Hoja de firmas electrónicas {folio}")
    per_page = por_pagina(alto)
    pages = max(1, -(-len(firmantes) // per_page))
    boxes = cajas(len(firmantes), primera_pagina=0, ancho=ancho, alto=alto)
    for page in range(pages):
        canvas.setFont(FONT_BOLD, 13)
        canvas.drawString(MARGIN, alto - MARGIN - 13, "Hoja de firmas electrónicas")
        canvas.setFont(FONT, 9)
        canvas.drawString(MARGIN, alto - MARGIN - 32, f"Folio: {folio}")
        if pages > 1:
            canvas.drawString(MARGIN, alto - MARGIN - 44, f"Hoja {page + 1} de {pages}")
        canvas.setFont(FONT, 7)
        canvas.drawString(MARGIN, alto - MARGIN - 60, "Verifique la autenticidad de este documento en:")
        canvas.drawString(MARGIN, alto - MARGIN - 70, url)
        _qr(canvas, url, ancho - MARGIN - QR_SIZE, alto - MARGIN - QR_SIZE, QR_SIZE)
        for i, (nombre, cargo) in enumerate(firmantes):
            page_ix, (bx1, _by1, _bx2, by2) = boxes[i]
            if page_ix == page:
                canvas.setFont(FONT_BOLD, 8)
                canvas.drawString(bx1, by2 + 3, f"Firmante {i + 1}: {nombre}" + (f" — {cargo}" if cargo else ""))
        canvas.showPage()
    return canvas.getpdfdata()
