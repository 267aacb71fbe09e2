"""PDF side of signing: refuse what is not a usable PDF, and prepare it once before the first signature.

The preparation is an incremental update of the original PDF (its bytes stay a prefix of every signed version) that
creates one empty signature field per signer, so each signer later only fills a field (allowed by DocMDP
FILL_FORMS). Where the fields go:

- by default, on the hoja de firmas appended after the document (firma.engine.hoja): the document's own pages are
  left untouched;
- for the document types configured for it, on a visible band at the bottom of the last page, with the QR;
- when the PDF already holds signatures (signed outside SAI), as invisible fields and nothing else: adding pages or
  content after a signature would invalidate it.
"""

import io
import re
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields

from firma.engine import hoja
from firma.engine.errors import PdfInvalidoError, pdf_error_text

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
        raise PdfInvalidoError(
            f"El PDF está dañado o mal formado: {pdf_error_text(exc)}.", codigo="mal_formado"
        ) from None
    return reader


@dataclass(frozen=True)
class Campo:
    nombre: str  # the PDF field name, e.g. "Firma1"
    pagina: int  # zero-based page index
    caja: tuple[int, int, int, int]  # x1, y1, x2, y2 in points; all zero for an invisible field


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


def _page_size(writer: IncrementalPdfFileWriter, page_ix: int) -> tuple[float, float]:
    """The page's size as displayed (a page rotated by 90° or 270° shows its MediaBox sideways)."""
    page_ref, _ = writer.find_page_for_modification(page_ix)
    page = page_ref.get_object()
    box = page.get("/MediaBox") or writer.root["/Pages"].get("/MediaBox") or [0, 0, 612, 792]
    ancho, alto = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    return (alto, ancho) if int(page.get("/Rotate", 0)) % 180 else (ancho, alto)


def _names(n: int, existing: set[str]) -> list[str]:
    """Firma1, Firma2, ... skipping names the PDF already uses (an outside signer may have used them)."""
    names, k = [], 0
    while len(names) < n:
        k += 1
        if f"Firma{k}" not in existing:
            names.append(f"Firma{k}")
    return names


def _check_can_take_signatures(writer: IncrementalPdfFileWriter) -> None:
    """A certification that forbids every change (DocMDP P=1) cannot take another signature."""
    for sig in writer.prev.embedded_regular_signatures:
        if sig.docmdp_level == fields.MDPPerm.NO_CHANGES:
            raise PdfInvalidoError(
                f"El PDF tiene una firma de certificación ({sig.field_name}) que no admite cambios: no se le "
                "pueden agregar firmas sin invalidarla.",
                codigo="certificado_sin_cambios",
            )


def _link(writer, url: str, rect: list[float]) -> generic.IndirectObject:
    """An invisible, printable link annotation (PDF/A wants the print flag on every annotation)."""
    return writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Link"),
                generic.pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in rect),
                generic.pdf_name("/F"): generic.NumberObject(4),
                generic.pdf_name("/Border"): generic.ArrayObject([generic.NumberObject(0)] * 3),
                generic.pdf_name("/A"): generic.DictionaryObject(
                    {
                        generic.pdf_name("/S"): generic.pdf_name("/URI"),
                        generic.pdf_name("/URI"): generic.TextStringObject(url),
                    }
                ),
            }
        )
    )


def _qr_band(writer, *, page_ix: int, n: int, ancho: float, folio: str, url: str) -> list[tuple]:
    """The widget mode: QR + folio + URL stamped at the bottom of the last page, the boxes in the band above."""
    band = PdfFileReader(io.BytesIO(hoja.banda_pdf(folio=folio, url=url, ancho=ancho - 2 * MARGIN)))
    xobject = writer.import_page_as_xobject(band)
    resources = generic.DictionaryObject(
        {generic.pdf_name("/XObject"): generic.DictionaryObject({generic.pdf_name("/SAIBanda"): xobject})}
    )
    stamp = b"q 1 0 0 1 %g %g cm /SAIBanda Do Q" % (MARGIN, QR_BAND_Y)
    page_ref = writer.add_stream_to_page(
        page_ix, writer.add_object(generic.StreamObject(stream_data=stamp)), resources=resources
    )
    size = hoja.BAND_HEIGHT
    writer.register_annotation(page_ref, _link(writer, url, [MARGIN, QR_BAND_Y, MARGIN + size, QR_BAND_Y + size]))
    campos = campos_layout(n, pagina=page_ix, ancho=ancho, base=QR_BAND_Y + size + FIELD_GAP)
    return [(c.pagina, c.caja) for c in campos]


def _hoja_pages(writer, *, firmantes, ancho: float, alto: float, folio: str, url: str) -> list[tuple]:
    """Append the hoja de firmas pages (drawn by reportlab, imported as form XObjects) with a link on the QR."""
    first = int(writer.root["/Pages"]["/Count"])
    rendered = PdfFileReader(
        io.BytesIO(hoja.hoja_pdf(firmantes=firmantes, folio=folio, url=url, ancho=ancho, alto=alto))
    )
    qr = [
        ancho - hoja.MARGIN - hoja.QR_SIZE,
        alto - hoja.MARGIN - hoja.QR_SIZE,
        ancho - hoja.MARGIN,
        alto - hoja.MARGIN,
    ]
    for page_ix in range(int(rendered.root["/Pages"]["/Count"])):
        xobject = writer.import_page_as_xobject(rendered, page_ix=page_ix)
        page = generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Page"),
                generic.pdf_name("/MediaBox"): generic.ArrayObject(generic.FloatObject(v) for v in (0, 0, ancho, alto)),
                generic.pdf_name("/Resources"): generic.DictionaryObject(
                    {generic.pdf_name("/XObject"): generic.DictionaryObject({generic.pdf_name("/Hoja"): xobject})}
                ),
                generic.pdf_name("/Contents"): writer.add_object(generic.StreamObject(stream_data=b"q /Hoja Do Q")),
                generic.pdf_name("/Annots"): generic.ArrayObject([_link(writer, url, qr)]),
            }
        )
        writer.insert_page(page)
    return hoja.cajas(len(firmantes), primera_pagina=first, ancho=ancho, alto=alto)


def pdf_render(
    *, pdf: bytes, firmantes: list[tuple[str, str]], folio: str, url: str, hoja_de_firmas: bool = True
) -> tuple[bytes, list[Campo]]:
    """Create one empty signature field per signer [(nombre, cargo), ...] (see the module docstring for where)."""
    pdf_check(pdf)
    if not 1 <= len(firmantes) <= MAX_SIGNERS:
        raise PdfInvalidoError(f"Un documento admite de 1 a {MAX_SIGNERS} firmantes.", codigo="firmantes")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    existing = {name: value for name, value, _ref in fields.enumerate_sig_fields(writer)}
    if any(value is None and re.fullmatch(r"Firma\d+", name) for name, value in existing.items()):
        raise PdfInvalidoError(
            "El PDF ya tiene campos de firma de SAI; firme la versión original.", codigo="ya_preparado"
        )
    last = int(writer.root["/Pages"]["/Count"]) - 1
    ancho, alto = _page_size(writer, last)
    if any(value is not None for value in existing.values()):
        _check_can_take_signatures(writer)
        boxes = [(last, (0, 0, 0, 0))] * len(firmantes)
    elif hoja_de_firmas:
        boxes = _hoja_pages(writer, firmantes=firmantes, ancho=ancho, alto=alto, folio=folio, url=url)
    else:
        boxes = _qr_band(writer, page_ix=last, n=len(firmantes), ancho=ancho, folio=folio, url=url)
    campos = [
        Campo(name, page, box) for name, (page, box) in zip(_names(len(firmantes), set(existing)), boxes, strict=True)
    ]
    for campo in campos:
        fields.append_signature_field(
            writer, fields.SigFieldSpec(sig_field_name=campo.nombre, on_page=campo.pagina, box=campo.caja)
        )
    if any(campo.caja[2] for campo in campos):
        hoja.fuente_guardar(writer)  # once here, rather than in every signature's appearance
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), campos


def tiene_firmas(handler) -> bool:
    """Whether the PDF (a pyHanko reader or writer) already holds a signature."""
    return any(value is not None for _name, value, _ref in fields.enumerate_sig_fields(handler))


def caja_de(handler, campo: str) -> tuple[float, float]:
    """Width and height of a signature field's widget (zero for an invisible field)."""
    for name, _value, ref in fields.enumerate_sig_fields(handler):
        if name == campo:
            x1, y1, x2, y2 = (float(v) for v in ref.get_object()["/Rect"])
            return abs(x2 - x1), abs(y2 - y1)
    raise PdfInvalidoError(f"El PDF no tiene el campo de firma {campo}.", codigo="sin_campo")
