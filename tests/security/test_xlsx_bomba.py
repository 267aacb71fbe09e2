"""An XLSX whose <dimension> claims 3000 × 16384 cells costs what its real data costs (CGCA import and text
extraction); and uploaded XLSX documents have their text extracted and found by search."""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.worksheet import _read_only

from earchivo.models import Documento
from earchivo.services.instrumentos_io import InstrumentosImportError, instrumentos_parse
from sai.search.extraction import XLSX, extract_bytes
from sai.search.models import TextoExtraido
from sai.search.selectors import search_run
from sai.search.services.indexing import search_enqueue, search_flush_all
from sai.search.services.textos import texto_extraer
from tests.earchivo.factories import DocumentoFactory
from tests.search.fixtures import Mundo


def _xlsx(rows: list[list[str]], dimension: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data)
                assert dimension.encode() in data
            target.writestr(info, data)
    return out.getvalue()


@pytest.fixture
def bomba() -> bytes:
    content = _xlsx([["clave", "nombre"], ["1S", "Serie uno"]], dimension="A1:XFD3000")
    assert len(content) < 6000
    return content


@pytest.fixture
def cells_padded(monkeypatch):
    """Counts the cell positions openpyxl materialises while reading rows (padding included)."""
    counter = {"n": 0}
    original = _read_only.ReadOnlyWorksheet._get_row

    def counting(self, *args, **kwargs):
        row = original(self, *args, **kwargs)
        counter["n"] += len(row)
        return row

    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_get_row", counting)
    return counter


def test_extraction_reads_the_real_cells_not_the_claimed_dimension(bomba, cells_padded):
    start = time.perf_counter()
    pages = extract_bytes(bomba, XLSX).paginas
    assert time.perf_counter() - start < 1
    assert "Serie uno" in pages[0]
    assert cells_padded["n"] < 100


@pytest.mark.django_db
def test_cgca_import_reads_the_real_cells_not_the_claimed_dimension(bomba, cells_padded):
    start = time.perf_counter()
    with pytest.raises(InstrumentosImportError):  # the row lacks required columns; what matters is the cost
        instrumentos_parse(content=bomba, filename="cgca.xlsx")
    assert time.perf_counter() - start < 1
    assert cells_padded["n"] < 100


@pytest.mark.django_db
def test_cgca_import_refuses_a_sheet_with_too_many_real_cells(cells_padded):
    """Real cells far out (one per row at column XFD) are read only up to the budget, then refused by name."""
    cell = '<c r="{}" t="inlineStr"><is><t>{}</t></is></c>'
    header = f'<row r="1">{cell.format("A1", "clave")}{cell.format("B1", "nombre")}</row>'
    rows = header + "".join(
        f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(2, 200)
    )
    content = _xlsx([["clave", "nombre"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>".encode(), data)
            target.writestr(info, data)
    with pytest.raises(InstrumentosImportError) as error:
        instrumentos_parse(content=out.getvalue(), filename="cgca.xlsx")
    assert any("celdas" in problem for problem in error.value.problems), error.value.problems
    assert cells_padded["n"] < 400_000


def test_uploaded_xlsx_text_is_found_by_search(backend):
    """A real XLSX uploaded as a document: its extraction succeeds (the temporary file has no .xlsx suffix)
    and a word that exists only in a cell finds the document."""
    world = Mundo()
    content = _xlsx([["Partida", "Importe"], ["Mantenimiento de montacargas", "1200"]])
    documento = DocumentoFactory(
        expediente=world.publico,
        titulo="Hoja de presupuesto",
        version__contenido=content,
        version__nombre_archivo="presupuesto.xlsx",
    )
    search_enqueue(documento)
    search_flush_all(refresh=True)
    sha = Documento.objects.get(pk=documento.pk).versiones.get().blob_id
    texto = texto_extraer(sha256=sha)
    assert texto.estado == TextoExtraido.Estado.LISTO, texto.error
    search_flush_all(refresh=True)
    assert [h.objeto_id for h in search_run(user=world.staff_a, q="montacargas").hits] == [documento.pk]
