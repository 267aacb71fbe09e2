"""Export a CGCA version: the spreadsheet the importer reads back (XLSX) and the printable tree (PDF).

The XLSX uses exactly the importer's columns, so export → edit → import is the way to work on a borrador.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from earchivo.models import ClasificacionInformacion, CuadroClasificacion, DisposicionDocumental, NodoClasificacion
from earchivo.selectors.instrumentos import PERM_ADMINISTRAR, cgca_nodes, cgca_specs, tree_walk
from earchivo.services.instrumentos_hojas import COLUMNS, FICHAS_SHEET
from earchivo.services.instrumentos_reglas import FICHA_FIELDS, nivel_label
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError
from sai.core.reports import XLSX_MIME, pdf_build, pdf_styles, pdf_table, xlsx_build

Tecnica = DisposicionDocumental.Tecnica
_LETRA_TECNICA = {Tecnica.ELIMINACION: "E", Tecnica.CONSERVACION: "C", Tecnica.MUESTREO: "M"}
FORMATOS = ("xlsx", "pdf")
_NEGRITAS = {NodoClasificacion.Nivel.FONDO, NodoClasificacion.Nivel.SUBFONDO, NodoClasificacion.Nivel.SECCION}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def _si_no(value: bool) -> str:
    return "sí" if value else "no"


def cgca_xlsx(*, cuadro: CuadroClasificacion) -> bytes:
    """Sheet 1: one row per node with its CADIDO columns; sheet 2: the fichas técnicas."""
    rows, fichas = [], []
    for spec in cgca_specs(cuadro=cuadro):
        d = spec.disposicion
        cadido = (
            [
                _si_no(d["valor_administrativo"]),
                _si_no(d["valor_legal"]),
                _si_no(d["valor_fiscal_contable"]),
                d["vigencia_tramite"],
                d["vigencia_concentracion"],
                d["vigencia_tramite"] + d["vigencia_concentracion"],
                _LETRA_TECNICA[d["tecnica_seleccion"]],
                d["muestreo_criterio"],
                _si_no(d["valor_evidencial"]),
                _si_no(d["valor_testimonial"]),
                _si_no(d["valor_informativo"]),
                str(ClasificacionInformacion(d["clasificacion_default"]).label).lower(),
                _si_no(d["datos_personales"]),
                d["observaciones"],
                d["fundamento"],
            ]
            if d
            else [""] * 15
        )
        tipo = str(NodoClasificacion.Tipo(spec.tipo).label).lower() if spec.tipo else ""
        node = [spec.clave, nivel_label(spec.nivel), spec.nombre, spec.descripcion, tipo, spec.clave_padre]
        rows.append([*node, "; ".join(spec.unidades), *cadido])
        if spec.ficha:
            fichas.append([spec.clave, *(spec.ficha[f] for f in FICHA_FIELDS)])
    return xlsx_build([(f"CGCA v{cuadro.version}", COLUMNS, rows), (FICHAS_SHEET, ("clave", *FICHA_FIELDS), fichas)])


def _destino(disposicion: DisposicionDocumental | None) -> str:
    if disposicion is None:
        return ""
    texto = disposicion.get_tecnica_seleccion_display()
    if disposicion.tecnica_seleccion == Tecnica.MUESTREO:
        texto += f": {disposicion.muestreo_criterio}"
    return escape(texto)


def cgca_pdf(*, cuadro: CuadroClasificacion) -> bytes:
    """The cuadro as an indented tree; series show their vigencias (AT + AC) and destino final."""
    styles = pdf_styles()
    base = styles["body"]
    indents: dict[int, ParagraphStyle] = {}
    rows: list[list] = [["Clave", "Nombre", "AT", "AC", "Total", "Destino final", "Valores"]]
    for item in tree_walk(cgca_nodes(cuadro=cuadro)):
        nodo = item.nodo
        style = indents.setdefault(
            item.depth, ParagraphStyle(f"cgca-{item.depth}", parent=base, leftIndent=item.depth * 4 * mm)
        )
        nombre = escape(nodo.nombre)
        if nodo.nivel in (
            NodoClasificacion.Nivel.FONDO,
            NodoClasificacion.Nivel.SUBFONDO,
            NodoClasificacion.Nivel.SECCION,
        ):
            nombre = f"<b>{nombre}</b>"
        d = getattr(nodo, "disposicion", None)
        rows.append(
            [
                nodo.clave,
                Paragraph(nombre, style),
                d.vigencia_tramite if d else "",
                d.vigencia_concentracion if d else "",
                d.plazo_total if d else "",
                Paragraph(_destino(d), styles["small"]),
                d.valores_primarios if d else "",
            ]
        )
    estado = cuadro.get_estado_display().lower()
    aprobacion = (
        f"aprobado el {cuadro.fecha_aprobacion:%d/%m/%Y}" + (f" ({escape(cuadro.acuerdo)})" if cuadro.acuerdo else "")
        if cuadro.fecha_aprobacion
        else "sin aprobar"
    )
    story = [
        Paragraph("Cuadro General de Clasificación Archivística", styles["title"]),
        Paragraph(f"{escape(cuadro.nombre)} · versión {cuadro.version} · {estado} · {aprobacion}", base),
        Spacer(1, 4 * mm),
        pdf_table(rows, col_widths=[30 * mm, 112 * mm, 11 * mm, 11 * mm, 13 * mm, 52 * mm, 20 * mm]),
        Spacer(1, 3 * mm),
        Paragraph(
            "AT: vigencia en archivo de trámite; AC: vigencia en archivo de concentración; Total: plazo de "
            "conservación (años). Valores primarios: A administrativo, L legal, F/C fiscal o contable.",
            styles["small"],
        ),
    ]
    return pdf_build(story, title=f"CGCA versión {cuadro.version}", pagesize=landscape(letter))


def instrumentos_export(*, actor, cuadro: CuadroClasificacion, formato: str) -> ExportFile:
    """The version as XLSX or PDF; recorded in the bitácora like any other document download."""
    require_perm(actor, "org.acceder_archivo", "No tiene acceso al archivo.")
    if cuadro.estado == CuadroClasificacion.Estado.BORRADOR:
        require_perm(
            actor, PERM_ADMINISTRAR, "Los borradores del cuadro sólo los consulta la Coordinación de Archivos."
        )
    if formato not in FORMATOS:
        raise ApplicationError("Formato desconocido.", errors={"formato": ["Debe ser xlsx o pdf."]})
    if formato == "xlsx":
        result = ExportFile(cgca_xlsx(cuadro=cuadro), f"cgca-cadido-v{cuadro.version}.xlsx", XLSX_MIME)
    else:
        result = ExportFile(cgca_pdf(cuadro=cuadro), f"cgca-v{cuadro.version}.pdf", "application/pdf")
    audit_record(
        actor=actor,
        action="earchivo.cgca_exportar",
        obj=cuadro,
        data={"version": cuadro.version, "formato": formato, "bytes": len(result.content)},
    )
    return result
