"""Etiquetas de caja: one page per box of a transfer with its contents and a QR to the transfer in SAI.

The label is printed and stuck on the box, so the archive can check a box against the system without the list.
The QR is drawn as vectors (no image), which keeps the PDF/A simple. Rows arrive ordered by caja; one box's rows
are held at a time.
"""

from collections.abc import Callable
from itertools import groupby
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from inventarios.reportes.base import Reporte, fecha
from inventarios.writers.pdf import _BODY, _CELL, _HEAD, _TABLE_STYLE, MARGIN, PAGE, WIDTH, _lines, _Pages
from sai.core.pdfa import FONT_BOLD, register_fonts

QR_SIZE = 38 * mm
_COLUMNS = ("No.", "Código de clasificación", "Nombre del expediente", "Apertura", "Cierre", "Fojas")
_WIDTHS = [WIDTH * w for w in (0.05, 0.25, 0.44, 0.09, 0.09, 0.08)]


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def etiquetas_write(reporte: Reporte, fileobj: BinaryIO, progreso: Callable[[int], None]) -> None:
    """Rows are the transfer inventory's (caja, número en caja, clave, nombre, descripción, apertura, cierre, fojas)."""
    register_fonts()
    pages = _Pages(reporte, fileobj)
    header = [Paragraph(escape(c), _HEAD) for c in _COLUMNS]
    written = 0
    for index, (caja, renglones) in enumerate(groupby(reporte.renglones, key=lambda r: r[0])):
        if index:
            pages.start()
        rows = [[r[1], r[2], Paragraph(escape(r[3] or ""), _CELL), fecha(r[5]), fecha(r[6]), r[7]] for r in renglones]
        written += len(rows)
        canvas = pages.canvas
        _qr(f"{reporte.enlace}#caja-{caja}").drawOn(canvas, PAGE[0] - MARGIN - QR_SIZE, pages.y - QR_SIZE)
        canvas.setFont(FONT_BOLD, 28)
        canvas.drawString(MARGIN, pages.y - 28, f"Caja {caja}")
        pages.y -= 36
        pages.place(Paragraph(f"{escape(reporte.titulo)} · {len(rows)} expedientes", _BODY))
        pages.place(_lines(reporte.encabezado))
        pages.y = min(pages.y, pages.top - QR_SIZE) - 4 * mm
        table = Table([header, *rows], colWidths=_WIDTHS, repeatRows=1, style=_TABLE_STYLE)
        while table is not None:
            parts = table.split(WIDTH, pages.room())
            pages.place(parts[0], new_page_if_needed=False)
            table = parts[1] if len(parts) > 1 else None
            if table is not None:
                pages.start()
        progreso(written)
    pages.finish()
