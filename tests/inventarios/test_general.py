"""Inventario general: typed XLSX (write-only) and PDF/A with the legal columns, numbered in apertura order,
totals, 'Página n de M', and only the rows the person may see."""

import datetime
import re

import pytest

from earchivo.models import ClasificacionInformacion
from inventarios.models import Generacion
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, user_in
from tests.factories import UnidadFactory
from tests.inventarios.helpers import contenido, generar, hoja, paginas
from tests.pdfa import assert_pdfa

pytestmark = pytest.mark.django_db
HEADER = (
    "No. de registro",
    "Código de clasificación",
    "Nombre del expediente",
    "Descripción",
    "Fecha de apertura",
    "Fecha de cierre",
    "Fojas",
    "Legajos",
    "Valores documentales",
    "Vigencia AT (años)",
    "Vigencia AC (años)",
    "Clasificación de la información",
    "Ubicación topográfica",
    "Observaciones",
)


@pytest.fixture
def archivo():
    """A unidad with its Responsable de AT, three public expedientes (one closed) and a reservado of someone else."""
    unidad = UnidadFactory()
    at = user_in(unidad, Rol.RESPONSABLE_AT)
    serie = SerieFactory(unidades=[unidad], disposicion__vigencia_tramite=3, disposicion__vigencia_concentracion=7)
    expedientes = [
        ExpedienteFactory(serie=serie, unidad=unidad, anio=2021, fojas=10, titulo="Contrato de limpieza"),
        ExpedienteFactory(serie=serie, unidad=unidad, anio=2019, fojas=5, titulo='=HYPERLINK("x")', cerrado=True),
        ExpedienteFactory(serie=serie, unidad=unidad, anio=2023, fojas=7, titulo="Convenio ñandú"),
    ]
    reservado = ExpedienteFactory(
        serie=serie, unidad=unidad, anio=2020, fojas=100, titulo="Investigación reservada",
        clasificacion=ClasificacionInformacion.RESERVADA,
    )  # fmt: skip
    return unidad, at, expedientes, reservado


def test_xlsx_has_legal_columns_typed_rows_and_totals(archivo):
    unidad, at, _, _ = archivo
    generacion = generar(at, filtros={"unidad": unidad.pk})
    assert generacion.estado == Generacion.Estado.TERMINADA and len(generacion.blob_id) == 64
    sheet, rows = hoja(generacion)
    start = rows.index(HEADER)
    assert sheet.freeze_panes == f"A{start + 2}"
    data = rows[start + 1 : start + 4]
    # número de registro in apertura order: 2019, 2021, 2023
    assert [r[0] for r in data] == [1, 2, 3]
    assert [r[4].year for r in data] == [2019, 2021, 2023]
    assert isinstance(data[0][4], datetime.datetime) and isinstance(data[0][6], int)
    assert data[0][2] == '=HYPERLINK("x")'  # stays text, never a formula
    assert sheet.cell(row=start + 2, column=3).data_type == "s"
    assert data[0][8] == "A" and data[0][9] == 3 and data[0][10] == 7
    assert rows[start + 4] == (None,) * len(HEADER) or not any(rows[start + 4])
    pie = {r[0]: r[1] for r in rows[start + 5 :] if r and r[0]}
    assert pie["Total de expedientes"] == "3" and pie["Fojas"] == "22" and pie["Periodo"] == "2019–2023"
    assert EntradaBitacora.objects.filter(accion="inventario.generar", objeto_id=str(generacion.pk)).exists()


def test_pdf_is_pdfa_with_header_rows_and_page_n_of_m(archivo):
    unidad, at, _, _ = archivo
    for n in range(80):  # several pages
        ExpedienteFactory(serie=archivo[2][0].serie, unidad=unidad, anio=2022, titulo=f"Relleno {n}", fojas=1)
    generacion = generar(at, formato="pdf", filtros={"unidad": unidad.pk})
    pdf = contenido(generacion)
    pages = paginas(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in text
        assert "Código de clasificación" in text  # the header repeats on every page
    assert "Contrato de limpieza" in pages[0]
    numbers = [int(n) for text in pages for n in re.findall(r"(\d+) INST/", text)]
    assert len(numbers) == 83 and numbers == sorted(numbers)
    assert "Total de expedientes: 83" in pages[-1]
    assert_pdfa(pdf)


def test_reservado_is_left_out_for_who_may_not_see_it(archivo):
    """The same request by the AT (no classified access) and by an Auditor: only the Auditor's holds the reservado."""
    unidad, at, _, reservado = archivo
    auditor = user_in(UnidadFactory(), Rol.AUDITOR)
    _, rows_at = hoja(generar(at, filtros={"unidad": unidad.pk}))
    _, rows_auditor = hoja(generar(auditor, filtros={"unidad": unidad.pk}))
    assert reservado.clave not in [r[1] for r in rows_at]
    assert reservado.clave in [r[1] for r in rows_auditor]
    _, indice = hoja(generar(at, tipo="reservados"))
    assert reservado.clave not in [r[0] for r in indice]
    _, indice = hoja(generar(auditor, tipo="reservados"))
    assert reservado.clave in [r[0] for r in indice]


def test_filters_narrow_rows_and_bad_filters_are_named(archivo):
    from sai.core.exceptions import ApplicationError

    unidad, at, _, _ = archivo
    _, rows = hoja(generar(at, filtros={"unidad": unidad.pk, "anio_desde": 2021, "estado": "abierto"}))
    start = rows.index(HEADER)
    assert [r[4].year for r in rows[start + 1 :] if r[0] and isinstance(r[0], int)] == [2021, 2023]
    with pytest.raises(ApplicationError) as exc:
        generar(at, filtros={"etapa": "sotano", "anio_desde": "dos mil", "color": "rojo"})
    assert set(exc.value.errors) == {"etapa", "anio_desde", "color"}


def test_guia_and_calendario_de_caducidades(archivo):
    """The guía groups by unidad, serie and etapa with counts, years and fojas; the calendario lists closed
    expedientes by the end of their vigencia in trámite, with the destino."""
    unidad, at, expedientes, _ = archivo
    _, rows = hoja(generar(at, tipo="guia", filtros={"unidad": unidad.pk}))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Unidad administrativa")
    (grupo,) = [r for r in rows[start + 1 :] if r and r[1] == expedientes[0].serie.clave]
    assert grupo[3] == "Archivo de trámite" and grupo[4:8] == (3, 2019, 2023, 22)
    _, rows = hoja(generar(at, tipo="caducidades", filtros={"unidad": unidad.pk}))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Código de clasificación")
    data = [r for r in rows[start + 1 :] if r and r[0] and str(r[0]).startswith("INST/")]
    cerrado = expedientes[1]
    assert [r[0] for r in data] == [cerrado.clave]
    assert data[0][5].date() == cerrado.fin_tramite and data[0][7] == "Conservación"
