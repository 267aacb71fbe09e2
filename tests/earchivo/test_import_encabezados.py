"""The import reads the header layouts archivists use, names columns by letter and header text, and answers a
header it cannot read with one message instead of an error per serie."""

import io

import pytest

from earchivo.models import NodoClasificacion
from earchivo.services.instrumentos_io import InstrumentosImportError, instrumentos_import
from tests.earchivo import cgca_hojas as hojas
from tests.earchivo import instrumentos_fixtures as fx
from tests.earchivo.instrumentos_fixtures import SMALL, import_rows

pytestmark = pytest.mark.django_db
coordinacion, unidades, unidades_cadido = fx.coordinacion, fx.unidades, hojas.unidades_cadido  # fixtures


def _import(actor, content: bytes, filename: str = "cadido.xlsx"):
    return instrumentos_import(actor=actor, fileobj=io.BytesIO(content), filename=filename)


def _cadido(cuadro) -> dict[str, tuple]:
    nodos = NodoClasificacion.objects.filter(cuadro=cuadro, nivel="serie").select_related("disposicion")
    return {
        n.clave: (
            n.disposicion.valores_primarios,
            n.disposicion.vigencia_tramite,
            n.disposicion.vigencia_concentracion,
            n.disposicion.tecnica_seleccion,
            tuple(n.unidades_productoras.values_list("siglas", flat=True)),
        )
        for n in nodos
    }


def _expected() -> dict[str, tuple]:
    tecnicas = {"E": "eliminacion", "C": "conservacion", "M": "muestreo"}
    return {
        r["clave"]: (r["valores"], r["at"], r["ac"], tecnicas[r["tecnica"]], (r["unidad"],))
        for r in hojas.series()
        if r["nivel"] == "Serie"
    }


@pytest.mark.parametrize(
    "layout",
    [
        hojas.layout_valor_documental,
        hojas.layout_tecnica_x,
        hojas.layout_agrupado,
        lambda: hojas.layout_agrupado(merged=False),
    ],
    ids=["valor-documental-AT-AC-area", "tecnica-en-X", "encabezado-agrupado", "agrupado-sin-combinar"],
)
def test_common_layouts_of_a_70_serie_cadido_are_understood(unidades_cadido, coordinacion, layout):
    """Each layout gives the same 70 CADIDO rows: values from "A, L, F/C" or X columns, AT/AC vigencias, the técnica
    from one X among E/C/M or a "Destino final" word, and the unidades from "Área productora"."""
    summary = _import(coordinacion, layout())
    assert (summary.series, summary.disposiciones) == (70, 70)
    assert _cadido(summary.cuadro) == _expected()


def test_unrecognised_header_is_one_message_naming_its_columns(unidades_cadido, coordinacion):
    """Headings SAI cannot map give one problem naming each unrecognised column by letter and text and what is
    missing, never one error per serie."""
    header = [["Clave", "Nivel", "Nombre", "Unidades productoras", "Val. doc.", "Vig. 1", "Vig. 2", "Dest."]]
    body = [
        [r["clave"], r["nivel"], r["nombre"], r.get("unidad"), r.get("valores"), r.get("at"), r.get("ac"), "E"]
        for r in hojas.series()
    ]
    with pytest.raises(InstrumentosImportError) as caught:
        _import(coordinacion, hojas.workbook_bytes(header, body))
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.startswith("cadido.xlsx:2: encabezado: no se reconocen las columnas E «Val. doc.», F «Vig. 1», ")
    assert "G «Vig. 2», H «Dest.»" in problem
    assert "faltan las columnas de valores documentales primarios" in problem
    assert "vigencia en archivo de trámite" in problem and "técnica de selección" in problem


def test_a_missing_cadido_column_is_one_message(unidades, coordinacion):
    """Vigencias without the técnica column: one header message, not "técnica es obligatoria" on every serie."""
    columns = [c for c in fx.COLUMNS if c != "tecnica_seleccion"]
    content = fx.csv_bytes(SMALL, columns=columns)
    with pytest.raises(InstrumentosImportError) as caught:
        instrumentos_import(actor=coordinacion, fileobj=io.BytesIO(content), filename="c.csv")
    assert caught.value.problems == [
        "c.csv:1: encabezado: faltan las columnas de técnica de selección (E, C, M). Use los encabezados de la "
        "plantilla (clave, nivel, nombre, unidades_productoras, valor_administrativo, valor_legal, "
        "valor_fiscal_contable, vigencia_tramite, vigencia_concentracion, tecnica_seleccion…) o los agrupados: "
        "«Valor documental» (A, L, F/C), «Vigencia» (AT, AC), «Técnica de selección» (E, C, M)"
    ]


def test_row_errors_name_the_column_by_letter_and_header_text(unidades_cadido, coordinacion):
    """A bad value is reported at its row under the column's letter and heading as the archivist typed it."""
    rows = hojas.series()
    header = [["Clave", "Nivel", "Nombre", "Área productora", "Valor documental", "AT", "AC", "Destino final"]]
    body = [
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
        for r in rows
    ]
    body[3][4] = "A, X"  # line 6 of the sheet (title row, header, fondo, sección, two series)
    body[4][5] = "cinco"
    body[5][3] = "NOEXISTE"
    with pytest.raises(InstrumentosImportError) as caught:
        _import(coordinacion, hojas.workbook_bytes(header, body))
    assert caught.value.problems == [
        "cadido.xlsx:6: E «Valor documental»: «A, X» no es una lista de valores primarios: A, L, F/C",
        "cadido.xlsx:7: F «AT»: «cinco» no es un número entero de años",
        "cadido.xlsx:8: D «Área productora»: no existe la unidad NOEXISTE",
    ]


def test_two_x_marks_among_e_c_m_are_refused_once(unidades_cadido, coordinacion):
    """Eliminación and conservación both marked: one problem naming the three técnica columns."""
    header = [["Clave", "Nivel", "Nombre", "Unidades productoras", "A", "L", "F/C", "AT", "AC", "E", "C", "M"]]
    body = [
        [r["clave"], r["nivel"], r["nombre"], r.get("unidad")]
        + (["X", "", "", 1, 2, "X"] if r["nivel"] == "Serie" else [])
        for r in hojas.series()
    ]
    body[2] += ["X", ""]
    with pytest.raises(InstrumentosImportError) as caught:
        _import(coordinacion, hojas.workbook_bytes(header, body))
    assert caught.value.problems == [
        "cadido.xlsx:5: J «E», K «C», L «M»: marque una sola técnica de selección (E, C o M)"
    ]


def test_template_csv_errors_name_the_header_too(unidades, coordinacion):
    """The template's own headings are named the same way: letter and text."""
    rows = [dict(row) for row in SMALL]
    rows[3]["vigencia_tramite"] = "cinco"
    with pytest.raises(InstrumentosImportError) as caught:
        import_rows(coordinacion, rows, filename="c.csv")
    assert caught.value.problems == ["c.csv:5: K «vigencia_tramite»: «cinco» no es un número entero de años"]
