"""The PDF writer renders long inventories in parts and streams them into one PDF/A file: page numbers, header,
letterhead and totals run on across parts, memory does not grow with the rows, and a cancel leaves nothing open."""

import datetime
import os
import re
import tempfile
import tracemalloc

import pytest

from inventarios.models import Generacion
from inventarios.reportes.base import Reporte
from inventarios.reportes.expedientes import GENERAL
from inventarios.services import generacion_cancelar, generacion_ejecutar, generacion_solicitar
from inventarios.writers import pdf as pdf_writer
from sai.org.roles import Rol
from sai.storage.models import Blob
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, user_in
from tests.factories import UnidadFactory
from tests.inventarios.helpers import contenido, generar, paginas
from tests.pdfa import assert_pdfa


def _archivo(n: int):
    unidad = UnidadFactory()
    at = user_in(unidad, Rol.RESPONSABLE_AT)
    serie = SerieFactory(unidades=[unidad])
    for i in range(n):
        ExpedienteFactory(serie=serie, unidad=unidad, anio=2010 + i % 10, fojas=2, titulo=f"Expediente {i}")
    return unidad, at


@pytest.mark.django_db
def test_parts_join_into_one_pdfa_with_page_n_of_m(monkeypatch, settings):
    settings.SAI_INSTITUCION = "Instituto de Pruebas"
    monkeypatch.setattr(pdf_writer, "PART_ROWS", 10)  # 47 rows: five parts
    unidad, at = _archivo(47)
    pdf = contenido(generar(at, formato="pdf", filtros={"unidad": unidad.pk}))
    pages = paginas(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in text
        assert "Instituto de Pruebas" in text  # letterhead
        assert "Código de clasificación" in text  # repeated table header
    numbers = [int(n) for text in pages for n in re.findall(r"(\d+) INST/", text)]
    assert numbers == list(range(1, 48))
    assert "Total de expedientes: 47" in pages[-1] and "Fojas: 94" in pages[-1]
    assert_pdfa(pdf)


def _reporte(rows: int) -> Reporte:
    def renglones():
        for n in range(1, rows + 1):
            day = datetime.date(2010 + n % 15, 1 + n % 12, 1 + n % 28)
            yield (n, f"INST/UA/1C.{n % 9}/{n:06d}/{day.year}", f"Contrato de servicios de limpieza número {n}",
                   "Adquisición de servicios, licitación pública nacional y anexos " * 2, day, None, n % 400, 1,
                   "A, L", 2, 5, "Pública", f"Edificio A, estante {n % 40}", "")  # fmt: skip

    return Reporte(titulo="Inventario general", archivo="x", columnas=GENERAL, renglones=renglones(), total=rows)


def _peak(rows: int) -> int:
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        try:
            pdf_writer.pdf_write(_reporte(rows), out, lambda n: None)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_memory_stays_flat_as_rows_grow(monkeypatch):
    """Four times the rows, about the same peak (Python allocations; the output goes to a file)."""
    monkeypatch.setattr(pdf_writer, "PART_ROWS", 40, raising=False)
    _peak(40)  # fonts, styles and caches loaded once, outside the comparison
    small, large = _peak(160), _peak(640)
    assert large < small * 1.25, (small, large)


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.django_db
def test_cancelled_pdf_keeps_no_part_and_no_file(monkeypatch):
    monkeypatch.setattr(pdf_writer, "PART_ROWS", 10)
    monkeypatch.setattr(pdf_writer, "CHUNK", 15)  # a progress check (where a cancel is seen) after a part ended
    unidad, at = _archivo(60)
    generacion = generacion_solicitar(
        actor=at, tipo="general", formato="pdf", filtros={"unidad": unidad.pk}, encolar=False
    )
    blobs, files = Blob.objects.count(), _open_files()
    result = generacion_ejecutar(
        generacion_id=generacion.pk, al_avanzar=lambda n, total: generacion_cancelar(actor=at, generacion=generacion)
    )
    assert result.estado == Generacion.Estado.CANCELADA and result.blob_id is None
    assert Blob.objects.count() == blobs
    assert _open_files() == files  # the parts' temporary files and the spool are closed (and so deleted)
