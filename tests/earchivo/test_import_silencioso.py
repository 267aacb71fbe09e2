"""What Excel does silently is never imported silently wrong: merged cells and claves typed as numbers."""

import io

import pytest
from openpyxl import Workbook

from earchivo.services.instrumentos_io import InstrumentosImportError, instrumentos_import
from tests.earchivo import cgca_hojas as hojas
from tests.earchivo import instrumentos_fixtures as fx

pytestmark = pytest.mark.django_db
coordinacion, unidades_cadido = fx.coordinacion, hojas.unidades_cadido  # fixtures

HEADER = ["Clave", "Nivel", "Nombre", "Unidades productoras", "Valor documental", "AT", "AC", "Técnica"]


def _body() -> list[list]:
    return [
        [
            r["clave"],
            r["nivel"],
            r["nombre"],
            r.get("unidad"),
            r.get("valores"),
            r.get("at"),
            r.get("ac"),
            r.get("tecnica") and "C",
        ]
        for r in hojas.series()
    ]


def _import(actor, content: bytes):
    return instrumentos_import(actor=actor, fileobj=io.BytesIO(content), filename="cadido.xlsx")


def test_merged_unidades_cell_is_applied_to_every_row_of_its_block_and_said(unidades_cadido, coordinacion):
    """ "Unidades productoras" merged over the 7 series of a sección (value in its first row only): every serie of the
    block gets the unidad, and the import says which cell it filled down."""
    body = _body()
    for row in body[2:9]:  # 1C.1 … 1C.11 on lines 5-11
        row[3] = None
    body[2][3] = "DRH"
    summary = _import(coordinacion, hojas.workbook_bytes([HEADER], body, merges=("D5:D11",)))
    series = summary.cuadro.nodos.filter(clave__startswith="1C.").prefetch_related("unidades_productoras")
    assert {n.clave: [u.siglas for u in n.unidades_productoras.all()] for n in series} == {
        clave: ["DRH"] for clave in ("1C.1", "1C.2", "1C.3", "1C.4", "1C.5", "1C.10", "1C.11")
    }
    assert summary.avisos == (
        "cadido.xlsx: D «Unidades productoras»: la celda combinada D5:D11 («DRH») se aplicó a cada una de sus filas",
    )


def test_merged_clave_cells_are_refused(unidades_cadido, coordinacion):
    """A clave merged over two rows would give the second node no clave of its own: refused, with the range."""
    body = _body()
    body[3][0] = None
    with pytest.raises(InstrumentosImportError) as caught:
        _import(coordinacion, hojas.workbook_bytes([HEADER], body, merges=("A5:A6",)))
    assert caught.value.problems[0] == (
        "cadido.xlsx:6: A «Clave»: está en la celda combinada A5:A6: cada fila necesita su propia clave "
        "(descombine las celdas)"
    )


def _numeric_clave_workbook(number_format: str | None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "clave",
            "nivel",
            "nombre",
            "tipo",
            "valor_administrativo",
            "vigencia_tramite",
            "vigencia_concentracion",
            "tecnica_seleccion",
        ]
    )
    sheet.append(["INST", "fondo", "Instituto"])
    sheet.append(["14", "sección", "Sección 14", "común"])
    sheet.append(["14.2", "serie", "Serie dos", None, "X", 1, 2, "E"])
    sheet.append([14.1, "serie", "Serie diez", None, "X", 1, 2, "E"])  # typed 14.10; Excel keeps the number 14.1
    if number_format:
        sheet["A5"].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_clave_stored_as_a_number_is_refused_with_the_text_to_type(coordinacion):
    """The number 14.1 shown as 14.10 (format 0.00) is refused at its row and column, telling what to type."""
    with pytest.raises(InstrumentosImportError) as caught:
        _import(coordinacion, _numeric_clave_workbook("0.00"))
    assert caught.value.problems == [
        "cadido.xlsx:5: A «clave»: la celda es el número 14.1 y Excel quita los ceros finales de un número: escriba "
        "la clave como texto: '14.10' (con un apóstrofo delante, o dé a la columna el formato Texto)"
    ]


def test_clave_stored_as_a_general_number_is_refused_too(coordinacion):
    """Without a format telling the zeros, the hint offers both readings; nothing is stored as 14.1."""
    with pytest.raises(InstrumentosImportError) as caught:
        _import(coordinacion, _numeric_clave_workbook(None))
    assert "escriba la clave como texto: '14.1' o '14.10', la que corresponda" in caught.value.problems[0]
    assert caught.value.problems[0].startswith("cadido.xlsx:5: A «clave»: la celda es el número 14.1")
