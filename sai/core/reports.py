"""Printable outputs shared by every module: PDF/A-2b (reportlab) and XLSX (openpyxl) built in memory.

Carátulas, CGCA trees, inventories and actas all use these, so they share one look and one set of embedded fonts.
"""

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from sai.core.pdfa import FONT, FONT_BOLD, PdfACanvas, register_fonts

BRAND = colors.HexColor("#691c32")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_TOTAL_FORM = "sai-page-total"


def pdf_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in the embedded fonts (PDF/A forbids the non-embedded standard ones)."""
    register_fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "sai-title", parent=base["Title"], fontName=FONT_BOLD, fontSize=15, textColor=BRAND, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "sai-heading", parent=base["Heading3"], fontName=FONT_BOLD, textColor=BRAND, spaceBefore=8
        ),
        "body": ParagraphStyle("sai-body", parent=base["BodyText"], fontName=FONT, fontSize=9, leading=11),
        "small": ParagraphStyle("sai-small", parent=base["BodyText"], fontName=FONT, fontSize=7.5, leading=9),
    }


def pdf_table(rows: Sequence[Sequence], col_widths: Sequence[float] | None = None, header: bool = True) -> Table:
    """A bordered table; the first row is a header unless header=False."""
    table = Table(list(rows), colWidths=col_widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), BRAND),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ]
    table.setStyle(TableStyle(style))
    return table


def pdf_page_footer(canvas, *, title: str, page: int) -> None:
    """'<title> · Página n de M' at the foot of the page; M is a form drawn once the page count is known."""
    canvas.saveState()
    canvas.setFont(FONT, 7)
    right = canvas._pagesize[0] - 15 * mm
    total_width = pdfmetrics.stringWidth("0000", FONT, 7)
    canvas.drawRightString(right - total_width, 10 * mm, f"{title} · Página {page} de ")
    canvas.translate(right - total_width, 10 * mm)
    canvas.doForm(PAGE_TOTAL_FORM)
    canvas.restoreState()


def pdf_page_total(canvas, pages: int) -> None:
    """Define the page-count form every footer refers to; call it once, after the last page."""
    canvas.beginForm(PAGE_TOTAL_FORM)
    canvas.setFont(FONT, 7)
    canvas.drawString(0, 0, str(pages))
    canvas.endForm()


class _CountingCanvas(PdfACanvas):
    """Writes the page total into the footers' form just before the document is finished."""

    def save(self) -> None:
        pdf_page_total(self, self.getPageNumber() - (0 if self._code else 1))
        super().save()


def pdf_build(story: list, *, title: str, pagesize=letter) -> bytes:
    """Render platypus flowables to PDF/A-2b bytes, with 'Página n de M' in every footer."""
    buffer = io.BytesIO()

    def footer(canvas, doc) -> None:
        pdf_page_footer(canvas, title=title, page=doc.page)

    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=title,
        author="SAI",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=_CountingCanvas)
    return buffer.getvalue()


def xlsx_build(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """Workbook bytes from (sheet title, header, rows); headers bold on the brand colour, columns sized."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="691C32")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            sheet.append(list(row))
            _text_stays_text(sheet[sheet.max_row])
        for index, name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(len(str(name)) + 2, 12), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_stays_text(cells) -> None:
    """openpyxl stores any string starting with "=" as a formula: user text (titles, names) must never run."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def file_response(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
