"""A realistic 70-serie CGCA/CADIDO written the ways institutions really lay their spreadsheets out (openpyxl)."""

import io

import pytest
from openpyxl import Workbook

from tests.factories import UnidadFactory

UNIDADES = ("DG", "DRH", "DRF", "DJ")
_SECCIONES = [
    ("1C", "Legislación"),
    ("2C", "Asuntos jurídicos"),
    ("3C", "Programación, organización y presupuestación"),
    ("4C", "Recursos humanos"),
    ("5C", "Recursos financieros"),
    ("6C", "Recursos materiales y obra pública"),
    ("7C", "Servicios generales"),
    ("12C", "Transparencia y acceso a la información"),
    ("13S", "Gestión documental"),
    ("14S", "Servicios al público"),
]
_TECNICAS = ("E", "C", "M")
_VALORES = ("A", "A, L", "A, F/C", "A, L, F/C")


def series() -> list[dict]:
    """Fondo, 10 secciones and 70 series (7 per sección, so claves like 4C.2 and 4C.10 never sort by text)."""
    rows = [{"clave": "INST", "nivel": "Fondo", "nombre": "Instituto de prueba"}]
    n = 0
    for seccion, nombre in _SECCIONES:
        rows.append({"clave": seccion, "nivel": "Sección", "nombre": nombre})
        for i in (1, 2, 3, 4, 5, 10, 11):
            tecnica = _TECNICAS[n % 3]
            rows.append(
                {
                    "clave": f"{seccion}.{i}",
                    "nivel": "Serie",
                    "nombre": f"{nombre}: serie {i}",
                    "unidad": UNIDADES[n % len(UNIDADES)],
                    "valores": _VALORES[n % len(_VALORES)],
                    "at": 2 + n % 3,
                    "ac": 5 + n % 6,
                    "tecnica": tecnica,
                    "criterio": "10 % por año" if tecnica == "M" else "",
                }
            )
            n += 1
    return rows


def workbook_bytes(header: list[list[str]], body: list[list], merges: tuple[str, ...] = ()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "CADIDO"
    sheet.append(["Catálogo de disposición documental 2026"])
    for row in [*header, *body]:
        sheet.append(row)
    for rango in merges:
        sheet.merge_cells(rango)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _valores(row: dict) -> list[str]:
    return [("X" if code in row.get("valores", "").split(", ") else "") for code in ("A", "L", "F/C")]


def _tecnica(row: dict) -> list[str]:
    return [("X" if row.get("tecnica") == code else "") for code in _TECNICAS]


def layout_valor_documental() -> bytes:
    """One "Valor documental" column holding "A, L, F/C"; AT, AC and "Área productora" headings."""
    header = [["Clave", "Nivel", "Denominación", "Área productora", "Valor documental", "AT", "AC", "Destino final"]]
    body = [
        [
            r["clave"],
            r["nivel"],
            r["nombre"],
            r.get("unidad"),
            r.get("valores"),
            r.get("at"),
            r.get("ac"),
            {"E": "Eliminación", "C": "Conservación", "M": "Muestreo"}.get(r.get("tecnica"), ""),
        ]
        for r in series()
    ]
    for row, source in zip(body, series(), strict=True):
        row.append(source.get("criterio", ""))
    header[0].append("Criterio de muestreo")
    return workbook_bytes(header, body)


def layout_tecnica_x() -> bytes:
    """Values and técnica as X columns, one heading row: A, L, F/C ... E, C, M."""
    header = [
        ["Clave", "Nivel", "Nombre", "Unidades productoras", "A", "L", "F/C", "AT", "AC", "E", "C", "M", "Criterio"]
    ]
    body = [
        [
            r["clave"],
            r["nivel"],
            r["nombre"],
            r.get("unidad"),
            *_valores(r),
            r.get("at"),
            r.get("ac"),
            *_tecnica(r),
            r.get("criterio", ""),
        ]
        for r in series()
    ]
    header[0][-1] = "Criterio de muestreo"
    return workbook_bytes(header, body)


def layout_agrupado(*, merged: bool = True) -> bytes:
    """Two heading rows: "Valor documental" over A / L / F/C, "Vigencia" over AT / AC, "Técnica de selección" over
    E / C / M; the single headings merged over both rows (or left in the upper one)."""
    top = ["Clave", "Nivel", "Nombre", "Unidades productoras", "Valor documental", "", ""]
    top += ["Vigencia", "", "Técnica de selección", "", "", "Criterio de muestreo"]
    sub = ["", "", "", "", "A", "L", "F/C", "AT", "AC", "E", "C", "M", ""]
    body = [
        [
            r["clave"],
            r["nivel"],
            r["nombre"],
            r.get("unidad"),
            *_valores(r),
            r.get("at"),
            r.get("ac"),
            *_tecnica(r),
            r.get("criterio", ""),
        ]
        for r in series()
    ]
    merges = ("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2", "H2:I2", "J2:L2", "M2:M3") if merged else ()
    return workbook_bytes([top, sub], body, merges)


@pytest.fixture
def unidades_cadido(db):
    return [UnidadFactory(siglas=siglas) for siglas in UNIDADES]
