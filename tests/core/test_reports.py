"""Spreadsheets built from user text never carry formulas the uploader wrote."""

import io

from openpyxl import load_workbook

from sai.core.reports import xlsx_build
from sai.search.services.consulta import _celda_csv


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text():
    """A title starting with "=" is stored as a string cell, not as a formula a spreadsheet would run."""
    content = xlsx_build([("Hoja", ["Título"], [['=HYPERLINK("http://x.invalid","clic")'], ["normal"]])])
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x.invalid","clic")'
    assert sheet["A3"].value == "normal"


def test_csv_cell_starting_like_a_formula_gets_an_apostrophe():
    """CSV has no cell types: text a spreadsheet would evaluate is prefixed; other values pass unchanged."""
    assert _celda_csv("=1+1") == "'=1+1"
    assert _celda_csv("@SUM(A1)") == "'@SUM(A1)"
    assert _celda_csv("Contrato") == "Contrato"
    assert _celda_csv(2024) == 2024
