"""Importing and exporting the CGCA + CADIDO spreadsheet; the PDF tree; the demo loader; the commands."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from earchivo.demo import demo_load
from earchivo.models import (
    CuadroClasificacion,
    DisposicionDocumental,
    Expediente,
    FichaTecnicaValoracion,
    NodoClasificacion,
)
from earchivo.selectors.instrumentos import cgca_specs
from earchivo.services.instrumentos import cuadro_create_borrador
from earchivo.services.instrumentos_export import cgca_pdf, cgca_xlsx
from earchivo.services.instrumentos_io import InstrumentosImportError, instrumentos_import
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ConflictError
from tests.earchivo import instrumentos_fixtures as fx
from tests.earchivo.instrumentos_fixtures import (
    SAMPLE,
    SMALL,
    csv_bytes,
    import_rows,
    import_sample,
)

pytestmark = pytest.mark.django_db
coordinacion, unidades = fx.coordinacion, fx.unidades  # fixtures


def test_sample_file_imports_tree_cadido_and_fichas(demo, coordinacion):
    """The demo spreadsheet becomes a borrador with its tree, unidades productoras, CADIDO rows and fichas."""
    summary = import_sample(coordinacion)
    cuadro = summary.cuadro
    assert (cuadro.version, cuadro.estado) == (1, CuadroClasificacion.Estado.BORRADOR)
    assert (summary.nodos, summary.disposiciones, summary.fichas) == (47, 29, 3)
    subserie = cuadro.nodos.get(clave="4C.3.1")
    assert (subserie.nivel, subserie.padre.clave, subserie.padre.padre.clave) == ("subserie", "4C.3", "4C")
    assert subserie.tipo == NodoClasificacion.Tipo.COMUN
    assert cuadro.nodos.get(clave="13S.2").tipo == NodoClasificacion.Tipo.SUSTANTIVA
    assert sorted(cuadro.nodos.get(clave="2C.9").unidades_productoras.values_list("siglas", flat=True)) == [
        "DEA",
        "SE",
    ]
    solicitudes = cuadro.nodos.get(clave="12C.6").disposicion
    assert solicitudes.tecnica_seleccion == DisposicionDocumental.Tecnica.MUESTREO
    assert "10 %" in solicitudes.muestreo_criterio
    assert (solicitudes.plazo_total, solicitudes.valores_primarios, solicitudes.datos_personales) == (5, "A, L", True)
    assert cuadro.nodos.get(clave="4C.3.1").ficha.responsable.startswith("Responsable del archivo")
    assert EntradaBitacora.objects.filter(accion="earchivo.cgca_importar", objeto_id=str(cuadro.pk)).count() == 1


def test_bad_rows_are_each_reported_with_row_and_column_and_nothing_is_written(unidades, coordinacion):
    """Six different mistakes give six `archivo:fila: columna: motivo` lines; no version, node or row is written."""
    rows = [dict(row) for row in SMALL]
    rows[3]["vigencia_tramite"] = "cinco"  # line 5
    rows[4]["muestreo_criterio"] = ""  # line 6: muestreo without its criterion
    rows[5]["unidades_productoras"] = "UA-RH; NOEXISTE"  # line 7
    rows[7]["tipo"] = "común"  # line 9: 13S.1 hangs from a sustantiva sección
    rows.append({"clave": "5C.1", "nivel": "serie", "nombre": "Sin sección"})  # line 10
    rows.append({"clave": "4C.4", "nivel": "serie", "nombre": "Repetida"})  # line 11
    with pytest.raises(InstrumentosImportError) as caught:
        import_rows(coordinacion, rows, filename="cuadro.csv")
    assert caught.value.problems == [
        "cuadro.csv:5: K «vigencia_tramite»: «cinco» no es un número entero de años",
        "cuadro.csv:6: O «muestreo_criterio»: el muestreo requiere su criterio y porcentaje",
        "cuadro.csv:7: G «unidades_productoras»: no existe la unidad NOEXISTE",
        "cuadro.csv:9: E «tipo»: debe ser sustantiva, como su sección",
        "cuadro.csv:10: F «clave_padre»: «5C» (deducida de la clave) no está en el archivo",
        "cuadro.csv:11: A «clave»: «4C.4» está repetida (ya aparece en la fila 7)",
    ]
    assert "no se importó nada" in caught.value.message
    assert not CuadroClasificacion.objects.exists()
    assert not NodoClasificacion.objects.exists()


def test_structure_rules_are_checked_row_by_row(unidades, coordinacion):
    """Level under its parent, clave prefix and sección tipo from its clave are refused with the row and column."""
    rows = [
        *SMALL,
        {"clave": "4C.9", "nivel": "serie", "nombre": "Prefijo ajeno", "clave_padre": "13S"},
        {"clave": "X1", "nivel": "serie", "nombre": "Serie colgada del fondo", "clave_padre": "INST"},
        {"clave": "14C", "nivel": "sección", "nombre": "Mal tipo", "tipo": "sustantiva"},
        {"clave": "4C.4", "nivel": "fondo", "nombre": "Otro", "clave_padre": "INST"},
    ]
    with pytest.raises(InstrumentosImportError) as caught:
        import_rows(coordinacion, rows, filename="c.csv")
    assert caught.value.problems == [
        "c.csv:10: A «clave»: «4C.9» debe ser la clave de su sección más un número (13S.1, 13S.2…)",
        "c.csv:11: F «clave_padre»: un nodo de nivel serie debe depender de sección o de subsección, no de fondo",
        "c.csv:12: E «tipo»: la clave 14C indica una sección común",
        "c.csv:13: A «clave»: «4C.4» está repetida (ya aparece en la fila 7)",
    ]


def test_cadido_values_only_on_series_and_complete(unidades, coordinacion):
    """A sección with vigencias, and a serie with values but no vigencias, are both refused."""
    rows = [dict(row) for row in SMALL]
    rows[1].update(vigencia_tramite="2", vigencia_concentracion="5", tecnica_seleccion="E")
    rows[7].update(vigencia_tramite="", vigencia_concentracion="", tecnica_seleccion="", plazo_total="")
    rows[5]["plazo_total"] = "13"
    with pytest.raises(InstrumentosImportError) as caught:
        import_rows(coordinacion, rows, filename="c.csv")
    assert caught.value.problems == [
        "c.csv:3: K «vigencia_tramite»: sólo las series y subseries llevan datos del CADIDO",
        "c.csv:7: M «plazo_total»: «13» no es la suma de las vigencias en trámite y concentración (12)",
        "c.csv:9: K «vigencia_tramite»: la fila trae datos del CADIDO pero le faltan las vigencias y la técnica",
    ]


def test_excel_csv_with_semicolons_latin1_and_human_headers(unidades, coordinacion):
    """Excel's Windows CSV (cp1252, ';'), title rows above the header and accented, capitalised headers are read."""
    header = [
        "Clave",
        "Nivel",
        "Nombre",
        "Unidades productoras",
        "Valor administrativo",
        "Vigencia en trámite (años)",
        "Vigencia en concentración (años)",
        "Técnica de selección",
    ]
    lines = [
        "Catálogo de disposición documental 2026;;;;;;;",
        ";;;;;;;",
        ";".join(header),
        "INST;Fondo;Institución;;;;;",
        "7C;Sección;Servicios generales;;;;;",
        "7C.3;Serie;Servicios básicos (energía eléctrica);UA-FIN;Sí;1;5;Eliminación",
    ]
    content = "\r\n".join(lines).encode("cp1252")
    summary = instrumentos_import(actor=coordinacion, fileobj=io.BytesIO(content), filename="excel.csv")
    serie = summary.cuadro.nodos.get(clave="7C.3")
    assert serie.nombre == "Servicios básicos (energía eléctrica)"
    assert (serie.disposicion.vigencia_tramite, serie.disposicion.tecnica_seleccion) == (1, "eliminacion")
    assert list(serie.unidades_productoras.values_list("siglas", flat=True)) == ["UA-FIN"]


def test_xlsx_with_fichas_sheet(unidades, coordinacion):
    """An XLSX is detected by content; a second sheet named 'Fichas…' fills the fichas técnicas."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "CADIDO"
    sheet.append(["CLAVE", "NIVEL", "NOMBRE", "VALOR LEGAL", "VIGENCIA TRAMITE", "VIGENCIA CONCENTRACION", "DESTINO"])
    sheet.append(["INST", "fondo", "Institución", None, None, None, None])
    sheet.append(["2C", "sección", "Asuntos jurídicos", None, None, None, None])
    sheet.append(["2C.8", "serie", "Juicios", True, 3, 7, "C"])
    fichas = workbook.create_sheet("Fichas técnicas")
    fichas.append(["Clave", "Área productora", "Condiciones de acceso", "Responsable"])
    fichas.append(["2C.8", "Dirección Jurídica", "Reservada mientras dure el juicio", "Titular jurídico"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    summary = instrumentos_import(actor=coordinacion, fileobj=buffer, filename="cadido-sin-extension")
    serie = summary.cuadro.nodos.get(clave="2C.8")
    assert (serie.disposicion.valor_legal, serie.disposicion.vigencia_concentracion) == (True, 7)
    assert serie.ficha.area_productora == "Dirección Jurídica"
    assert serie.ficha.condiciones_acceso == "Reservada mientras dure el juicio"


def test_xlsx_export_imports_back_to_the_same_data(demo, coordinacion):
    """Round trip: export → import into a new borrador gives the same nodes, unidades, CADIDO rows and fichas."""
    original = import_sample(coordinacion).cuadro
    content = cgca_xlsx(cuadro=original)
    assert load_workbook(io.BytesIO(content)).sheetnames == ["CGCA v1", "Fichas técnicas"]
    copia = instrumentos_import(actor=coordinacion, fileobj=io.BytesIO(content), filename="export.xlsx").cuadro
    assert copia.version == 2
    assert cgca_specs(cuadro=copia) == cgca_specs(cuadro=original)
    assert len(cgca_specs(cuadro=copia)) == 47


def test_import_replaces_a_borrador_and_refuses_a_vigente_version(demo, coordinacion, unidades):
    """Importing into a borrador replaces its whole content; a vigente version is frozen."""
    borrador = import_sample(coordinacion).cuadro
    summary = import_rows(coordinacion, SMALL, cuadro=borrador)
    assert (summary.cuadro.pk, summary.reemplazados) == (borrador.pk, 47)
    assert borrador.nodos.count() == len(SMALL)
    CuadroClasificacion.objects.filter(pk=borrador.pk).update(estado=CuadroClasificacion.Estado.VIGENTE)
    borrador.refresh_from_db()
    with pytest.raises(ConflictError):
        import_rows(coordinacion, SMALL, cuadro=borrador)
    assert borrador.nodos.count() == len(SMALL)


def test_pdf_is_a_printable_tree_with_claves_vigencias_and_destino(demo, coordinacion):
    """The PDF opens with pypdf and lists claves, names, vigencias and destinos of the series."""
    cuadro = import_sample(coordinacion).cuadro
    reader = PdfReader(io.BytesIO(cgca_pdf(cuadro=cuadro)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for fragment in ("Cuadro General de Clasificación Archivística", "INST", "4C.3.1", "12C.6", "13S.2", "15S.2.2"):
        assert fragment in text
    assert "Expedientes de personal de base" in text
    assert "Muestreo" in text and "Conservación" in text and "Eliminación" in text


def test_demo_loader_publishes_once_and_fills_the_archive(demo):
    """The demo loader publishes version 1 and opens the demo expedientes (one closed and already due, one
    confidencial); running it again changes nothing."""
    assert demo_load() is True
    assert demo_load() is False
    cuadro = CuadroClasificacion.objects.get()
    assert (cuadro.version, cuadro.estado) == (1, CuadroClasificacion.Estado.VIGENTE)
    assert FichaTecnicaValoracion.objects.count() == 3
    expedientes = {e.serie.clave: e for e in Expediente.objects.select_related("serie")}
    assert set(expedientes) == {"3C.10", "5C.20", "4C.3.1"}
    assert expedientes["3C.10"].estado == Expediente.Estado.CERRADO
    assert expedientes["3C.10"].fin_tramite < datetime.date.today()
    assert expedientes["4C.3.1"].clasificacion == "confidencial"
    assert all(e.documentos.exists() for e in expedientes.values())


def test_commands_import_publish_and_export(demo, tmp_path):
    """import_instrumentos --publicar makes the file vigente; export_instrumentos writes the XLSX and the PDF."""
    call_command("import_instrumentos", str(SAMPLE), "--version", "3", "--publicar", "--acuerdo", "Acta 1/2026")
    cuadro = CuadroClasificacion.objects.get()
    assert (cuadro.version, cuadro.estado, cuadro.acuerdo) == (3, "vigente", "Acta 1/2026")
    pdf, xlsx = tmp_path / "cgca.pdf", tmp_path / "cgca.xlsx"
    call_command("export_instrumentos", "--formato", "pdf", "-o", str(pdf))
    call_command("export_instrumentos", "--formato", "xlsx", "--version", "3", "-o", str(xlsx))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert load_workbook(xlsx)["CGCA v3"]["A2"].value == "INST"


def test_command_reports_every_problem_and_writes_nothing(unidades, tmp_path, capsys):
    """A bad file makes the command fail with each problem on stderr, and nothing (not even --version) is created."""
    rows = [dict(row) for row in SMALL]
    rows[3]["tecnica_seleccion"] = "quemar"
    path = tmp_path / "malo.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_instrumentos", str(path), "--version", "7")
    assert "malo.csv:5: N «tecnica_seleccion»: «quemar» no es eliminación (E)" in capsys.readouterr().err
    assert not CuadroClasificacion.objects.exists()


def test_publishing_from_the_command_is_all_or_nothing(unidades, tmp_path):
    """--publicar with a serie lacking its CADIDO row refuses, and the imported borrador is rolled back too."""
    rows = [row for row in SMALL if row["clave"] != "4C.4"] + [{"clave": "4C.4", "nivel": "serie", "nombre": "N"}]
    path = tmp_path / "incompleto.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match=r"4C\.4"):
        call_command("import_instrumentos", str(path), "--publicar", "--acuerdo", "Acta")
    assert not CuadroClasificacion.objects.exists()


def test_old_excel_format_is_refused_clearly(coordinacion):
    """A .xls (Excel 97-2003) file gets one clear message instead of garbage rows."""
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    with pytest.raises(InstrumentosImportError) as caught:
        instrumentos_import(actor=coordinacion, fileobj=io.BytesIO(content), filename="viejo.xls")
    assert caught.value.problems == [
        "viejo.xls:1: archivo: es un libro de Excel 97-2003 (.xls): guárdelo como .xlsx o CSV UTF-8"
    ]


def test_empty_borrador_can_receive_an_import(coordinacion, unidades):
    """A blank borrador created first is filled by importing into it."""
    borrador = cuadro_create_borrador(actor=coordinacion, nombre="Actualización 2026")
    summary = import_rows(coordinacion, SMALL, cuadro=borrador)
    assert (summary.cuadro.version, summary.nodos, summary.series, summary.disposiciones) == (1, 8, 5, 4)
