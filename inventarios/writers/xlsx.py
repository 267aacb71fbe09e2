"""XLSX in openpyxl's write-only mode: each row goes to disk as it is appended, so memory stays flat.

Typed cells (numbers stay numbers, dates are dates shown dd/mm/aaaa), column widths, the header frozen, and text
that starts with "=" kept as text (openpyxl would otherwise write it as a formula a spreadsheet runs).
"""

import contextlib
from collections.abc import Callable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from inventarios.reportes.base import CHUNK, FECHA, TEXTO, Reporte

_BOLD = Font(bold=True)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="691C32")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _styled(sheet, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_write(reporte: Reporte, fileobj: BinaryIO, progreso: Callable[[int], None]) -> None:
    """Write the report; `progreso(rows written)` runs every CHUNK rows (it raises to cancel)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(reporte.titulo[:31].replace("/", "-"))
    try:
        _write(reporte, sheet, progreso)
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(fileobj)


def _discard(sheet) -> None:
    """An interrupted (cancelled) sheet: end its row stream and delete the temporary file openpyxl spools it to."""
    with contextlib.suppress(Exception):
        sheet.close()
        sheet._writer.cleanup()


def _write(reporte: Reporte, sheet, progreso: Callable[[int], None]) -> None:
    for index, columna in enumerate(reporte.columnas, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = columna.ancho
    head = [[_styled(sheet, reporte.titulo, font=Font(bold=True, size=13))]]
    head += [[_styled(sheet, etiqueta, font=_BOLD), valor] for etiqueta, valor in reporte.encabezado]
    head.append([])
    sheet.freeze_panes = f"A{len(head) + 2}"
    for row in head:
        sheet.append(row)
    header = [_styled(sheet, c.titulo, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_WRAP) for c in reporte.columnas]
    sheet.append(header)

    # One reusable cell per date and text column: write-only mode serialises each row as it is appended.
    dates = {i: WriteOnlyCell(sheet) for i, c in enumerate(reporte.columnas) if c.tipo == FECHA}
    for cell in dates.values():
        cell.number_format = "DD/MM/YYYY"
    literals = {i: WriteOnlyCell(sheet) for i, c in enumerate(reporte.columnas) if c.tipo == TEXTO}
    written = 0
    for renglon in reporte.renglones:
        row = list(renglon)
        for i, cell in dates.items():
            if row[i] is not None:
                cell.value = row[i]
                row[i] = cell
        for i, literal in literals.items():
            value = row[i]
            if isinstance(value, str) and value.startswith("="):
                literal.value = value
                literal.data_type = "s"
                row[i] = literal
        sheet.append(row)
        written += 1
        if written % CHUNK == 0:
            progreso(written)
    sheet.append([])
    for etiqueta, valor in reporte.pie():
        sheet.append([_styled(sheet, etiqueta, font=_BOLD), valor])
    for firma in reporte.firmas:
        sheet.append([_styled(sheet, firma.rol, font=_BOLD), firma.nombre, firma.cargo, "Firma: ____________"])
    progreso(written)
