"""Helpers for the CGCA/CADIDO tests: small spreadsheets built in memory, the sample file, expedientes by ORM."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from earchivo.models import Expediente
from earchivo.services.instrumentos_hojas import COLUMNS
from earchivo.services.instrumentos_io import instrumentos_import
from sai.org.roles import Rol
from tests.factories import UnidadFactory

SAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "samples" / "cgca_cadido.csv"

# A small valid chart: fondo, two secciones, three series (one with two subseries).
SMALL = [
    {"clave": "INST", "nivel": "fondo", "nombre": "Institución de prueba"},
    {"clave": "4C", "nivel": "sección", "nombre": "Recursos humanos"},
    {"clave": "4C.3", "nivel": "serie", "nombre": "Expedientes de personal", "unidades_productoras": "UA-RH"},
    {
        "clave": "4C.3.1",
        "nivel": "subserie",
        "nombre": "Personal de base",
        "unidades_productoras": "UA-RH",
        "valor_administrativo": "X",
        "valor_legal": "X",
        "vigencia_tramite": "5",
        "vigencia_concentracion": "25",
        "tecnica_seleccion": "E",
        "datos_personales": "sí",
        "clasificacion": "confidencial",
    },
    {
        "clave": "4C.3.2",
        "nivel": "subserie",
        "nombre": "Personal de confianza",
        "unidades_productoras": "UA-RH",
        "valor_administrativo": "X",
        "vigencia_tramite": "5",
        "vigencia_concentracion": "25",
        "tecnica_seleccion": "M",
        "muestreo_criterio": "10 % de mandos superiores",
    },
    {
        "clave": "4C.4",
        "nivel": "serie",
        "nombre": "Nómina",
        "unidades_productoras": "UA-RH; UA-FIN",
        "valor_administrativo": "X",
        "valor_fiscal_contable": "X",
        "vigencia_tramite": "2",
        "vigencia_concentracion": "10",
        "tecnica_seleccion": "conservación",
        "valor_informativo": "sí",
    },
    {"clave": "13S", "nivel": "sección", "nombre": "Gestión documental"},
    {
        "clave": "13S.1",
        "nivel": "serie",
        "nombre": "Transferencias",
        "valor_administrativo": "X",
        "valor_legal": "X",
        "vigencia_tramite": "3",
        "vigencia_concentracion": "7",
        "tecnica_seleccion": "C",
    },
]


def csv_bytes(rows: list[dict], columns=COLUMNS, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return buffer.getvalue().encode(encoding)


def import_rows(actor, rows: list[dict], *, cuadro=None, filename: str = "cgca.csv"):
    return instrumentos_import(actor=actor, fileobj=io.BytesIO(csv_bytes(rows)), filename=filename, cuadro=cuadro)


def import_sample(actor=None, *, cuadro=None):
    with SAMPLE.open("rb") as fileobj:
        return instrumentos_import(actor=actor, fileobj=fileobj, filename=SAMPLE.name, cuadro=cuadro)


@pytest.fixture
def unidades(db):
    """The unidades the SMALL chart names as productoras."""
    return [UnidadFactory(siglas="UA-RH"), UnidadFactory(siglas="UA-FIN")]


@pytest.fixture
def coordinacion(make_user):
    return make_user(Rol.COORDINACION)


def expediente_make(*, serie, unidad, responsable, numero: int, clasificacion: str = "publica") -> Expediente:
    """A bare expediente row (no service): enough for counts and visibility."""
    return Expediente.objects.create(
        clave=f"INST/{unidad.siglas}/{serie.clave}/{numero:04d}/2025-{serie.pk}",
        fondo="INST",
        serie=serie,
        unidad=unidad,
        anio=2025,
        numero=numero,
        titulo=f"Expediente {numero}",
        responsable=responsable,
        fecha_apertura=datetime.date(2025, 1, 10),
        clasificacion=clasificacion,
    )
