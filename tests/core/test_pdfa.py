"""Every SAI report is PDF/A-2b: veraPDF accepts what the shared builder writes (carátula, CGCA tree, tables)."""

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import landscape, letter
from reportlab.platypus import Paragraph

from earchivo.services.caratula import caratula_pdf
from earchivo.services.instrumentos_export import cgca_pdf
from sai.core.reports import pdf_build, pdf_styles, pdf_table
from tests.earchivo.factories import ExpedienteFactory, SerieFactory
from tests.pdfa import assert_pdfa


def _long_table() -> bytes:
    styles = pdf_styles()
    rows = [["Clave", "Título"]]
    rows += [[f"1C.{n}", Paragraph(f"Expediente <b>{n}</b> de la acción «ñandú»", styles["body"])] for n in range(150)]
    story = [Paragraph("Inventario de prueba", styles["title"]), pdf_table(rows)]
    return pdf_build(story, title="Inventario de prueba", pagesize=landscape(letter))


def test_table_report_is_pdfa_with_page_n_of_m():
    """A multi-page table embeds its fonts, declares PDF/A-2B in XMP and numbers pages 'Página n de M'."""
    pdf = _long_table()
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages > 2
    for number, page in enumerate(reader.pages, start=1):
        assert re.search(rf"Página {number} de\s*{pages}\b", page.extract_text())
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.pdfaid_part == "2" and xmp.pdfaid_conformance == "B"
    assert_pdfa(pdf)


@pytest.mark.django_db
def test_caratula_and_cgca_are_pdfa():
    """The carátula (with its QR image) and the CGCA tree, both built by sai.core.reports, pass veraPDF."""
    serie = SerieFactory(nombre="Contratos de adquisiciones")
    expediente = ExpedienteFactory(serie=serie, titulo="Contrato de limpieza «2024»")
    assert_pdfa(caratula_pdf(expediente), cgca_pdf(cuadro=serie.cuadro))
