"""PDF/A-2b inventories drawn page by page and written in parts, so memory stays flat however many rows there are.

platypus' document builder wants the whole story (every row as a flowable) before it starts; here rows are read
from the stream and measured once each, as many as fit become one table under the repeated header, and the next
row waits for the next page. reportlab keeps a canvas's finished pages until it saves, so every PART_ROWS rows the
canvas is saved to a temporary file at a page break and streamed into the output (writers.pdfjoin), and the next
page starts a new canvas; page numbers run on across parts and "Página n de M" gets M once, at the end.
"""

import gc
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from itertools import islice
from typing import BinaryIO
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from inventarios.reportes.base import CHUNK, DECIMAL, ENTERO, FECHA, TEXTO, Reporte, fecha
from inventarios.writers.pdfjoin import PdfJoiner
from sai.core.pdfa import FONT, FONT_BOLD, PdfACanvas, register_fonts
from sai.core.reports import BRAND, pdf_page_footer, pdf_page_total

PAGE = landscape(letter)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN
BOTTOM = 18 * mm
PADDING_X, PADDING_Y = 4, 2
MAX_TEXT = 600  # a cell longer than this is cut, so one row can never be taller than a page
PART_ROWS = CHUNK  # rows per part: what reportlab holds in memory at a time

_CELL = ParagraphStyle("inv-cell", fontName=FONT, fontSize=7, leading=8.5)
_HEAD = ParagraphStyle("inv-head", parent=_CELL, fontName=FONT_BOLD, fontSize=6.5, textColor=colors.white)
_BODY = ParagraphStyle("inv-body", fontName=FONT, fontSize=9, leading=11.5)
_TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("LEADING", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), BRAND),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING_X),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING_Y),
    ]
)


def _text(value) -> str:
    if value is None:
        return ""
    return fecha(value) if hasattr(value, "strftime") else str(value)


class _Pages:
    """The current part's canvas plus where the next thing goes; a new page gets the letterhead and footer, and
    starts a new part once the current one holds PART_ROWS rows."""

    def __init__(self, reporte: Reporte, fileobj: BinaryIO) -> None:
        self.reporte = reporte
        self.joiner = PdfJoiner(fileobj)
        self.canvas = self.part = None
        self.number = self.rows = 0
        self.y = 0.0
        self.start()

    def _describe(self, canvas) -> None:
        canvas.setTitle(self.reporte.titulo)
        canvas.setAuthor(settings.SAI_INSTITUCION)
        canvas.setSubject(self.reporte.titulo)

    def _end_part(self) -> None:
        pdf_page_total(self.canvas, 0)  # each part defines the footers' form; the joiner replaces it
        self.canvas.save()
        self.joiner.add(self.part)
        self.close()
        gc.collect()  # reportlab's and pypdf's objects refer to each other: free the part now, not some parts later

    def close(self) -> None:
        """Drop the current part's temporary file (also when the writer stops halfway: nothing stays behind)."""
        if self.part is not None:
            self.part.close()
        self.canvas = self.part = None

    def start(self) -> None:
        if self.canvas is not None and self.rows >= PART_ROWS:
            self._end_part()
        if self.canvas is None:
            self.part, self.rows = tempfile.TemporaryFile(), 0  # noqa: SIM115 - closed by close()
            self.canvas = PdfACanvas(self.part, pagesize=PAGE)
            self._describe(self.canvas)
        elif self.number:
            self.canvas.showPage()
        self.number += 1
        canvas, top = self.canvas, PAGE[1] - MARGIN
        canvas.setFillColor(BRAND)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(MARGIN, top - 10, settings.SAI_INSTITUCION)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawRightString(PAGE[0] - MARGIN, top - 10, self.reporte.titulo)
        canvas.setStrokeColor(BRAND)
        canvas.line(MARGIN, top - 15, PAGE[0] - MARGIN, top - 15)
        canvas.setFillColor(colors.black)
        pdf_page_footer(canvas, title=self.reporte.titulo, page=self.number)
        self.y = self.top = top - 20

    def room(self) -> float:
        return self.y - BOTTOM

    def place(self, flowable, *, new_page_if_needed: bool = True) -> None:
        _, height = flowable.wrap(WIDTH, self.room())
        if height > self.room() and new_page_if_needed:
            self.start()
            _, height = flowable.wrap(WIDTH, self.room())
        flowable.drawOn(self.canvas, MARGIN, self.y - height)
        self.y -= height

    def finish(self) -> None:
        self._end_part()
        self.joiner.finish(pages=self.number, setup=self._describe)


def _lines(pairs: list[tuple[str, str]]) -> Paragraph:
    text = " · ".join(f"<b>{escape(label)}:</b> {escape(value)}" for label, value in pairs)
    return Paragraph(text, _BODY)


def _firmas(reporte: Reporte) -> Table:
    cells = [
        Paragraph(
            f"<b>{escape(f.rol)}</b><br/><br/><br/>______________________________<br/>"
            f"{escape(f.nombre) or 'Nombre'}<br/>{escape(f.cargo) or 'Cargo'}",
            ParagraphStyle("inv-firma", parent=_BODY, alignment=1),
        )
        for f in reporte.firmas
    ]
    return Table([cells], colWidths=[WIDTH / len(cells)] * len(cells))


def pdf_write(reporte: Reporte, fileobj: BinaryIO, progreso: Callable[[int], None]) -> None:
    """Write the report as PDF/A-2b; `progreso(rows written)` runs about every CHUNK rows (it raises to cancel)."""
    register_fonts()
    columnas = reporte.columnas
    widths = _widths(columnas)
    align = [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, c in enumerate(columnas) if c.tipo in (ENTERO, DECIMAL)]
    header = _Row([Paragraph(escape(c.titulo), _HEAD) for c in columnas], widths)

    def row(renglon: tuple) -> _Row:
        cells = []
        for columna, value in zip(columnas, renglon, strict=True):
            text = _text(value)
            if columna.tipo == TEXTO and text:  # wrapped; a long clave breaks inside, a long text is cut
                cells.append(Paragraph(escape(text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"), _CELL))
            else:
                cells.append(text)
        return _Row(cells, widths)

    pages = _Pages(reporte, fileobj)
    try:
        if reporte.encabezado:
            pages.place(_lines(reporte.encabezado))
            pages.place(Spacer(1, 3 * mm))
        written = _table(pages, map(row, reporte.renglones), header, [*_TABLE_STYLE.getCommands(), *align], progreso)
        progreso(written)
        pages.place(Spacer(1, 4 * mm))
        pie = reporte.pie()
        if pie:
            pages.place(_lines(pie))
        if reporte.firmas:
            pages.place(Spacer(1, 8 * mm))
            pages.place(_firmas(reporte))
        pages.finish()
    finally:
        pages.close()


def _table(pages: _Pages, rows: Iterator["_Row"], header: "_Row", style: list, progreso) -> int:
    """Fill pages with the rows under a repeated header; returns how many were written."""
    pending: deque[_Row] = deque()
    written = reported = 0
    while True:
        # take rows while they fit under the header on this page, each measured once when it is read
        room, page_rows = pages.room() - header.height, []
        while room > 0:
            if not pending:
                pending.extend(islice(rows, 1))
                if not pending:
                    break
            if pending[0].height > room:
                break
            room -= pending[0].height
            page_rows.append(pending.popleft())
        if page_rows:
            table = Table(
                [header.cells, *(r.cells for r in page_rows)],
                colWidths=header.widths,
                rowHeights=[header.height, *(r.height for r in page_rows)],
                style=style,
            )
            pages.place(table, new_page_if_needed=False)
            written += len(page_rows)
            pages.rows += len(page_rows)
            if written - reported >= CHUNK:
                progreso(written)
                reported = written
        elif pages.y == pages.top and pending:
            raise ValueError("a row taller than a page")  # MAX_TEXT makes this unreachable
        if not pending:
            return written
        pages.start()


def _widths(columnas) -> list[float]:
    """Dates and numbers get the room their digits need; text columns share the rest as their XLSX widths do."""
    fixed = {FECHA: 46.0, ENTERO: 36.0, DECIMAL: 40.0}
    free = WIDTH - sum(fixed.get(c.tipo, 0) for c in columnas)
    text_units = sum(c.ancho for c in columnas if c.tipo not in fixed)
    return [fixed.get(c.tipo) or free * c.ancho / text_units for c in columnas]


class _Row:
    """A table row's cells and its height, measured once (wrapping paragraphs is what a long PDF spends time on)."""

    __slots__ = ("cells", "height", "widths")

    def __init__(self, cells: list, widths: list[float]) -> None:
        self.cells, self.widths = cells, widths
        lines = max(
            (c.wrap(w - 2 * PADDING_X, PAGE[1])[1] if isinstance(c, Paragraph) else _CELL.leading)
            for c, w in zip(cells, widths, strict=True)
        )
        self.height = lines + 2 * PADDING_Y
