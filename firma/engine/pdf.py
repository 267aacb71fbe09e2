"""PDF side of signing: refuse what is not a usable PDF, and render the page before the first signature.

The render is an incremental update of the original PDF (its bytes stay a prefix of every signed version): the QR
with the verification URL, the folio and the URL are stamped on the last page, and one empty signature field per
signer is created in the band above them, so each signer later only fills a field (allowed by DocMDP FILL_FORMS).
"""

import io
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.basic import SimpleFontEngineFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields
from pyhanko.stamp import QRStamp, QRStampStyle

from firma.engine.errors import PdfInvalidoError

MARGIN = 36
QR_BAND_Y = 18
FIELD_BAND_Y = 96
FIELD_HEIGHT = 56
FIELD_GAP = 8
FIELDS_PER_ROW = 3
MAX_SIGNERS = 9


def pdf_check(data: bytes) -> PdfFileReader:
    """A readable, unencrypted PDF with at least one page; anything else gets a specific refusal."""
    if not data or not data.lstrip()[:5].startswith(b"%PDF-"):
        raise PdfInvalidoError("El archivo no es un PDF.", codigo="no_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise PdfInvalidoError(
                "El PDF está cifrado o protegido con contraseña; no se puede firmar.", codigo="cifrado"
            )
        if int(reader.root["/Pages"]["/Count"]) < 1:
            raise PdfInvalidoError("El PDF no tiene páginas.", codigo="sin_paginas")
    except PdfInvalidoError:
        raise
    except (PdfError, KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        raise PdfInvalidoError(f"El PDF está dañado o mal formado ({exc}).", codigo="mal_formado") from None
    return reader


@dataclass(frozen=True)
class Campo:
    nombre: str  # the PDF field name, e.g. "Firma1"
    pagina: int  # zero-based page index
    caja: tuple[int, int, int, int]  # x1, y1, x2, y2 in points


def campos_layout(n: int, *, pagina: int, ancho: float, base: float = FIELD_BAND_Y) -> list[Campo]:
    """n boxes, up to three per row, in the band above the QR, left to right then bottom-up."""
    if not 1 <= n <= MAX_SIGNERS:
        raise PdfInvalidoError(f"Un documento admite de 1 a {MAX_SIGNERS} firmantes.", codigo="firmantes")
    per_row = min(n, FIELDS_PER_ROW)
    width = (ancho - 2 * MARGIN - (per_row - 1) * FIELD_GAP) / per_row
    campos = []
    for i in range(n):
        row, col = divmod(i, FIELDS_PER_ROW)
        x1 = MARGIN + col * (width + FIELD_GAP)
        y1 = base + row * (FIELD_HEIGHT + FIELD_GAP)
        campos.append(Campo(f"Firma{i + 1}", pagina, (int(x1), int(y1), int(x1 + width), int(y1 + FIELD_HEIGHT))))
    return campos


def _hide_link_borders(page, url: str) -> None:
    """Viewers draw a 1 pt frame around links without /Border; the QR link should be invisible."""
    for annot_ref in page.get("/Annots", []):
        annot = annot_ref.get_object()
        if annot.get("/Subtype") == "/Link" and annot.get("/A", {}).get("/URI") == url:
            annot["/Border"] = generic.ArrayObject([generic.NumberObject(0)] * 3)


def _page_width(writer: IncrementalPdfFileWriter, page_ix: int) -> float:
    page_ref, _ = writer.find_page_for_modification(page_ix)
    page = page_ref.get_object()
    box = page.get("/MediaBox") or writer.root["/Pages"].get("/MediaBox") or [0, 0, 612, 792]
    return float(box[2]) - float(box[0])


def pdf_render(*, pdf: bytes, firmantes: int, folio: str, url: str) -> tuple[bytes, list[Campo]]:
    """Stamp QR + folio + URL and create `firmantes` empty signature fields on the last page."""
    pdf_check(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ix = int(writer.root["/Pages"]["/Count"]) - 1
    ancho = _page_width(writer, page_ix)
    campos_layout(firmantes, pagina=page_ix, ancho=ancho)  # refuses a bad count before touching the PDF
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    if any(name.startswith("Firma") for name in existing):
        raise PdfInvalidoError(
            "El PDF ya tiene campos de firma de SAI; firme la versión original.", codigo="ya_preparado"
        )
    style = QRStampStyle(
        stamp_text="Documento firmado electrónicamente\nFolio: %(folio)s\nVerifique en: %(url)s",
        border_width=0,
        text_box_style=TextBoxStyle(font=SimpleFontEngineFactory.default_factory(), font_size=7),
        innsep=2,
        qr_inner_size=64,
    )
    page_ref, (_w, qr_height) = QRStamp(writer, url=url, style=style, text_params={"folio": folio}).apply(
        page_ix, MARGIN, QR_BAND_Y
    )
    _hide_link_borders(page_ref.get_object(), url)
    campos = campos_layout(firmantes, pagina=page_ix, ancho=ancho, base=QR_BAND_Y + qr_height + FIELD_GAP)
    for campo in campos:
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=campo.nombre, on_page=campo.pagina, box=campo.caja)
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), campos
