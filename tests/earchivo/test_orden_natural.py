"""Claves sort naturally everywhere (2C.2 before 2C.10): in the database's lists and in Python's trees alike."""

import io

import pytest
from django.db import connection
from openpyxl import load_workbook

from earchivo.selectors.expedientes import expediente_list_filtered
from earchivo.selectors.instrumentos import cadido_list, serie_list_clasificables
from earchivo.services.instrumentos_export import cgca_xlsx
from inventarios.reportes.expedientes import reservados
from sai.core.orden import NATURAL, natural_key
from sai.org.roles import Rol
from tests.earchivo import instrumentos_fixtures as fx

pytestmark = pytest.mark.django_db
coordinacion, unidades = fx.coordinacion, fx.unidades  # fixtures

_SERIE = {"nivel": "serie", "valor_administrativo": "X", "vigencia_tramite": "2", "vigencia_concentracion": "5"}
# In file order 2C.10 comes first: a list ordered by file position or by text would put it before 2C.2.
ROWS = [
    {"clave": "INST", "nivel": "fondo", "nombre": "Instituto"},
    {"clave": "2C", "nivel": "sección", "nombre": "Asuntos jurídicos"},
    *({**_SERIE, "clave": f"2C.{n}", "nombre": f"Serie {n}", "tecnica_seleccion": "E"} for n in (10, 2, 1, 11)),
]
NATURAL_ORDER = ["2C.1", "2C.2", "2C.10", "2C.11"]


@pytest.fixture
def cuadro(unidades, coordinacion):
    return fx.import_rows(coordinacion, ROWS).cuadro


def test_natural_key_orders_numbers_by_value():
    """The Python key used by trees: numbers by value, at every level of the clave."""
    claves = ["4C.3.10", "10C", "4C.3.2", "2C.10", "4C.3", "2C.2"]
    assert sorted(claves, key=natural_key) == ["2C.2", "2C.10", "4C.3", "4C.3.2", "4C.3.10", "10C"]


@pytest.mark.services  # PostgreSQL's ICU collation
def test_the_database_knows_the_natural_collation():
    """The collation every list orders by exists in the database (created by the migration)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT x FROM (VALUES ('2C.10'), ('2C.2'), ('10C'), ('2C.1')) AS t(x) ORDER BY x COLLATE {NATURAL}"
        )
        assert [row[0] for row in cursor.fetchall()] == ["2C.1", "2C.2", "2C.10", "10C"]


def test_series_where_expedientes_are_classified_are_listed_naturally(cuadro):
    """The series offered to classify an expediente: 2C.2 before 2C.10, whatever the file order."""
    assert [n.clave for n in serie_list_clasificables(cuadro=cuadro)] == NATURAL_ORDER


def test_cadido_and_export_follow_the_natural_order(cuadro):
    """The CADIDO page's list and the XLSX export list 2C.2 before 2C.10."""
    assert [n.clave for n in cadido_list(cuadro=cuadro)] == NATURAL_ORDER
    sheet = load_workbook(io.BytesIO(cgca_xlsx(cuadro=cuadro))).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)] == NATURAL_ORDER


def test_expediente_list_and_inventory_order_claves_naturally(cuadro, make_user):
    """The expediente list and an inventory (índice de reservados) put INST/…/2C.2/… before INST/…/2C.10/…."""
    auditor = make_user(Rol.AUDITOR)
    unidad = auditor.perfil.unidad
    for numero, clave in enumerate(["2C.10", "2C.2", "2C.11", "2C.1"], start=1):
        fx.expediente_make(
            serie=cuadro.nodos.get(clave=clave),
            unidad=unidad,
            responsable=auditor,
            numero=numero,
            clasificacion="reservada",
        )
    listed = [e.serie.clave for e in expediente_list_filtered(user=auditor).select_related("serie")]
    assert listed == NATURAL_ORDER
    inventario = [row[0].split("/")[2] for row in reservados(user=auditor, filtros={}).renglones]
    assert inventario == NATURAL_ORDER
