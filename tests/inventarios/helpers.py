"""Shared helpers for the inventarios tests: run a generation in-process and read back what it stored."""

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from inventarios.services import generacion_abrir, generacion_ejecutar, generacion_solicitar


def generar(user, tipo: str = "general", formato: str = "xlsx", **kwargs):
    """Ask for and run one generation here (no queue); returns the finished job."""
    generacion = generacion_solicitar(actor=user, tipo=tipo, formato=formato, encolar=False, **kwargs)
    return generacion_ejecutar(generacion_id=generacion.pk)


def contenido(generacion) -> bytes:
    with generacion_abrir(actor=generacion.solicitada_por, generacion=generacion) as stream:
        return stream.read()


def hoja(generacion):
    """The XLSX's first sheet and all its rows as value tuples (title, header lines, column header, data, footer)."""
    sheet = load_workbook(io.BytesIO(contenido(generacion))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows


def paginas(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
