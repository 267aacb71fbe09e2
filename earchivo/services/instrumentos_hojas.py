"""Reading the archivists' spreadsheets (XLSX or CSV) into plain rows, and the columns both import and export use.

Headers are matched without regard to case, accents or spacing, and may sit below a few title rows. Problems are
collected as `archivo:fila: columna: motivo` (fila = the row number the spreadsheet shows, the header included).
"""

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from earchivo.services.instrumentos_reglas import FICHA_FIELDS
from sai.core.xlsx import SheetTooLargeError, xlsx_rows

COLUMNS = (
    "clave",
    "nivel",
    "nombre",
    "descripcion",
    "tipo",
    "clave_padre",
    "unidades_productoras",
    "valor_administrativo",
    "valor_legal",
    "valor_fiscal_contable",
    "vigencia_tramite",
    "vigencia_concentracion",
    "plazo_total",
    "tecnica_seleccion",
    "muestreo_criterio",
    "valor_evidencial",
    "valor_testimonial",
    "valor_informativo",
    "clasificacion",
    "datos_personales",
    "observaciones",
    "fundamento",
)
FICHA_COLUMNS = tuple(f"ficha_{name}" for name in FICHA_FIELDS)
FICHAS_SHEET = "Fichas técnicas"
_ALIASES = {
    "padre": "clave_padre",
    "unidad_productora": "unidades_productoras",
    "unidades": "unidades_productoras",
    "tipo_seccion": "tipo",
    "valor_fiscal": "valor_fiscal_contable",
    "valor_contable": "valor_fiscal_contable",
    "vigencia_at": "vigencia_tramite",
    "archivo_tramite": "vigencia_tramite",
    "vigencia_archivo_tramite": "vigencia_tramite",
    "vigencia_ac": "vigencia_concentracion",
    "archivo_concentracion": "vigencia_concentracion",
    "vigencia_archivo_concentracion": "vigencia_concentracion",
    "plazo_conservacion": "plazo_total",
    "destino_final": "tecnica_seleccion",
    "destino": "tecnica_seleccion",
    "tecnica": "tecnica_seleccion",
    "criterio_muestreo": "muestreo_criterio",
    "clasificacion_informacion": "clasificacion",
    "clasificacion_default": "clasificacion",
    "contiene_datos_personales": "datos_personales",
}
MAX_ROWS = 5000
MAX_CELLS = MAX_ROWS * 60  # cell positions read from one XLSX sheet, blank ones included (a dimension bomb stops here)


@dataclass
class Sheet:
    label: str  # how messages name it: "cgca.xlsx" or "cgca.xlsx[Fichas técnicas]"
    rows: list[tuple[int, dict[str, str]]]


class Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int, str, int, str]] = []

    def add(self, sheet: str, line: int, column: str, reason: str, *, order: int = 0) -> None:
        self.items.append((order, sheet, line, f"{sheet}:{line}: {column}: {reason}"))

    def render(self) -> list[str]:
        return [text for *_, text in sorted(self.items, key=lambda item: item[:3])]


def normalize(text: str) -> str:
    """'Vigencia en trámite (años)' -> 'vigencia_en_tramite_anos': case, accents and punctuation do not matter."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def _column(header: str) -> str:
    name = normalize(header)
    name = re.sub(r"_(en|de|del)_", "_", name)
    name = re.sub(r"_anos$", "", name)
    return _ALIASES.get(name, name)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def table_read(label: str, lines: Iterable[tuple[int, list[str]]], required: tuple[str, ...], problems: Problems):
    """Find the header (within the first 10 rows, archivists put titles above it) and map rows to columns."""
    known = set(COLUMNS) | set(FICHA_COLUMNS) | set(FICHA_FIELDS)
    iterator = iter(lines)
    header: tuple[int, list[str]] | None = None
    for line, cells in iterator:
        names = [_column(cell) for cell in cells]
        if set(required) <= set(names):
            header = (line, names)
            break
        if line >= 10:
            break
    if header is None:
        problems.add(label, 1, "encabezado", f"no se encontró la fila de encabezados (con {', '.join(required)})")
        return None
    line, names = header
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        if name in index and name in known:
            problems.add(label, line, "encabezado", f"la columna {name} aparece dos veces")
        elif name in known:
            index[name] = position
    sheet = Sheet(label, [])
    for line, cells in iterator:
        row = {name: (cells[pos] if pos < len(cells) else "") for name, pos in index.items()}
        if any(row.values()):
            if len(sheet.rows) >= MAX_ROWS:
                problems.add(label, line, "archivo", f"admite {MAX_ROWS} filas como máximo")
                break
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
                for line, values in enumerate(xlsx_rows(worksheet, max_cells=MAX_CELLS), start=1):
                    yield line, [_cell_text(value) for value in values]
            except SheetTooLargeError:
                problems.add(name, line + 1, "archivo", f"la hoja {worksheet.title} supera {MAX_CELLS} celdas")

        main = table_read(name, lines(principal), ("clave", "nombre"), problems)
        extra = table_read(f"{name}[{fichas.title}]", lines(fichas), ("clave",), problems) if fichas else None
        return main, extra
    finally:
        workbook.close()


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
