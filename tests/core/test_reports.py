"""Spreadsheets built from user text never carry formulas the uploader wrote."""

import io

from openpyxl import load_workbook

from sai.core.reports import csv_build, xlsx_build


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
    content = csv_build(["Título", "Año"], [["=1+1", 2024], ["@SUM(A1)", 1], ["Contrato", 2]]).decode("utf-8-sig")
    assert content.splitlines() == ["Título,Año", "'=1+1,2024", "'@SUM(A1),1", "Contrato,2"]
