"""Reading the archivists' spreadsheets (XLSX or CSV) into plain rows.

Headers are matched without regard to case, accents or spacing, may sit below a few title rows and may come in the
layouts `instrumentos_encabezados` understands. Problems are collected as `archivo:fila: columna: motivo` (fila =
the row number the spreadsheet shows, the header included; columna = the letter and header text).

Two things Excel does silently are not imported silently. A cell merged over several rows (an "Unidades productoras"
cell over a block of series) holds its value in its first row only: the value is applied to every row of the block
and the import says so (`Sheet.avisos`), except in the clave column, where each row needs its own clave. A clave
typed as a number (14.10 stored as the number 14.1) is refused with the text to type instead.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from earchivo.services.instrumentos_encabezados import (
    COLUMNS,
    FICHA_COLUMNS,
    MAIN_ALIASES,
    TECNICA_X,
    VALOR_DOCUMENTAL,
    Header,
    column_name,
    header_read,
    normalize,
)
from earchivo.services.instrumentos_reglas import FICHA_FIELDS
from sai.core.xlsx import SheetTooLargeError, xlsx_merged_ranges, xlsx_rows

__all__ = ["COLUMNS", "FICHAS_SHEET", "FICHA_COLUMNS", "Problems", "Sheet", "csv_read", "normalize", "xlsx_read"]

FICHAS_SHEET = "Fichas técnicas"
MAX_ROWS = 5000
MAX_CELLS = MAX_ROWS * 60  # cell positions read from one XLSX sheet, blank ones included (a dimension bomb stops here)


_CLAVES = ("clave", "clave_padre")


@dataclass
class Sheet:
    label: str  # how messages name it: "cgca.xlsx" or "cgca.xlsx[Fichas técnicas]"
    header: Header
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)  # what was read in a way the archivist should know


class Number(str):
    """A numeric cell that is not a whole number, as text; `shown` is how Excel displays it (its number format)."""

    shown: str


class Merged(str):
    """A cell covered by a merged range: the range's value, and the range (`rango`, e.g. "G5:G12")."""

    rango: str


class Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int, str, int, str]] = []

    def add(self, sheet: str, line: int, column: str, reason: str, *, order: int = 0) -> None:
        self.items.append((order, sheet, line, f"{sheet}:{line}: {column}: {reason}"))

    def render(self) -> list[str]:
        return [text for *_, text in sorted(self.items, key=lambda item: item[:3])]


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        number = Number(str(value))
        decimals = re.search(r"\.(0+)", cell.number_format or "")
        number.shown = f"{value:.{len(decimals.group(1))}f}" if decimals else str(value)
        return number
    return str(value).strip()


def _merged(text: str, rango: str) -> Merged:
    cell = Merged(text)
    cell.rango = rango
    return cell


def _row_problems(sheet: Sheet, line: int, row: dict[str, str], problems: Problems) -> None:
    """A clave that Excel turned into a number, or that sits in a merged cell; notes on other merged cells."""
    for name, cell in row.items():
        label = sheet.header.label(name)
        if name in _CLAVES and isinstance(cell, Number):
            texto = f"'{cell.shown}'" if cell.shown != cell else f"'{cell}' o '{cell}0', la que corresponda"
            problems.add(
                sheet.label,
                line,
                label,
                f"la celda es el número {cell} y Excel quita los ceros finales de un número: escriba la clave como "
                f"texto: {texto} (con un apóstrofo delante, o dé a la columna el formato Texto)",
            )
        elif name in _CLAVES and isinstance(cell, Merged):
            problems.add(
                sheet.label,
                line,
                label,
                f"está en la celda combinada {cell.rango}: cada fila necesita su propia clave (descombine las celdas)",
            )
        elif isinstance(cell, Merged) and cell:
            aviso = f"{label}: la celda combinada {cell.rango} («{cell}») se aplicó a cada una de sus filas"
            if aviso not in sheet.avisos:
                sheet.avisos.append(aviso)


def table_read(
    label: str,
    lines: Iterable[tuple[int, list[str]]],
    required: tuple[str, ...],
    problems: Problems,
    *,
    main: bool = True,
) -> Sheet | None:
    """Find the header (within the first 10 rows, archivists put titles above it) and map rows to columns."""
    aliases = MAIN_ALIASES if main else {}
    known = set(COLUMNS) | set(FICHA_COLUMNS) | set(FICHA_FIELDS)
    if main:
        known |= {VALOR_DOCUMENTAL, *TECNICA_X}
    iterator = iter(lines)
    top: tuple[int, list[str]] | None = None
    for line, cells in iterator:
        if set(required) <= {column_name(cell, aliases) for cell in cells}:
            top = (line, cells)
            break
        if line >= 10:
            break
    if top is None:
        problems.add(label, 1, "encabezado", f"no se encontró la fila de encabezados (con {', '.join(required)})")
        return None
    following = next(iterator, None)
    header = header_read(top[0], top[1], following[1] if following else None, known, aliases)
    if following is not None and not header.two_rows:
        iterator = iter([following, *iterator])
    for duplicate in header.duplicated:
        problems.add(label, top[0], "encabezado", f"la columna {duplicate} repite otra columna")
    sheet = Sheet(label, header)
    for line, cells in iterator:
        row = {name: (cells[pos] if pos < len(cells) else "") for name, pos in header.positions.items()}
        if any(row.values()):
            if len(sheet.rows) >= MAX_ROWS:
                problems.add(label, line, "archivo", f"admite {MAX_ROWS} filas como máximo")
                break
            _row_problems(sheet, line, row, problems)
            sheet.rows.append((line, row))
    return sheet


def xlsx_read(content: bytes, name: str, problems: Problems) -> tuple[Sheet | None, Sheet | None]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        problems.add(name, 1, "archivo", "no es un libro de Excel (.xlsx) válido")
        return None, None
    try:
        principal = fichas = None
        for worksheet in workbook.worksheets:
            if normalize(worksheet.title).startswith("ficha"):
                fichas = fichas or worksheet
            else:
                principal = principal or worksheet
        if principal is None:
            problems.add(name, 1, "archivo", "el libro no tiene la hoja del cuadro")
            return None, None

        def lines(worksheet) -> Iterator[tuple[int, list[str]]]:
            line = 0
            try:
                merged = _merged_by_row(worksheet)
                firsts: dict[str, str] = {}
                for line, cells in enumerate(xlsx_rows(worksheet, max_cells=MAX_CELLS, values_only=False), start=1):
                    texts = [_cell_text(cell) for cell in cells]
                    for column, first_line, rango in merged.get(line, ()):
                        if first_line == line:
                            firsts[rango] = texts[column - 1] if column <= len(texts) else ""
                        else:
                            texts += [""] * (column - len(texts))
                            texts[column - 1] = _merged(firsts.get(rango, ""), rango)
                    yield line, texts
            except SheetTooLargeError:
                problems.add(name, line + 1, "archivo", f"la hoja {worksheet.title} supera {MAX_CELLS} celdas")

        main = table_read(name, lines(principal), ("clave", "nombre"), problems)
        extra = (
            table_read(f"{name}[{fichas.title}]", lines(fichas), ("clave",), problems, main=False) if fichas else None
        )
        return main, extra
    finally:
        workbook.close()


def _merged_by_row(worksheet) -> dict[int, list[tuple[int, int, str]]]:
    """Per row, the merged ranges over it as (column, first row, range): a range's value is in its first row.

    Only the range's first column is filled down: the columns to its right were left blank by whoever merged them.
    """
    by_row: dict[int, list[tuple[int, int, str]]] = {}
    covered = 0
    for min_col, min_row, max_col, max_row in xlsx_merged_ranges(worksheet, limit=MAX_ROWS):
        rango = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
        covered += max_row - min_row + 1
        if covered > MAX_CELLS:  # merged ranges claiming more rows than a sheet may hold: a bomb, not a cuadro
            raise SheetTooLargeError(f"más de {MAX_CELLS} celdas combinadas")
        for line in range(min_row, max_row + 1):
            by_row.setdefault(line, []).append((min_col, min_row, rango))
    return by_row


def csv_read(content: bytes, name: str, problems: Problems) -> Sheet | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    sample = "\n".join(text.splitlines()[:5])
    delimiter = max((",", ";", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def lines() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, [cell.strip() for cell in cells]
        except csv.Error as exc:
            problems.add(name, reader.line_num, "archivo", f"CSV mal formado ({exc})")

    return table_read(name, lines(), ("clave", "nombre"), problems)
