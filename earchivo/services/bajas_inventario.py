"""The inventario de baja documental: the PDF that travels with a solicitud de baja and stays with its records."""

from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from earchivo.models import Expediente, ProcesoBaja
from sai.core.reports import pdf_build, pdf_styles, pdf_table


def inventario_baja_pdf(*, proceso: ProcesoBaja, expedientes: list[Expediente]) -> bytes:
    """One row per expediente (clave, título, serie, unidad, fechas extremas, fojas, vigencias) and the totals."""
    styles = pdf_styles()
    cell = styles["small"]
    rows = [["No.", "Clave", "Título", "Serie", "Unidad", "Fechas extremas", "Fojas", "Vigencia AT/AC"]]
    for n, e in enumerate(expedientes, start=1):
        congelada = e.disposicion_congelada or {}
        cierre = f"{e.fecha_cierre:%d/%m/%Y}" if e.fecha_cierre else ""
        rows.append(
            [
                str(n),
                Paragraph(escape(e.clave), cell),
                Paragraph(escape(e.titulo), cell),
                Paragraph(escape(e.serie.clave), cell),
                e.unidad.siglas,
                f"{e.fecha_apertura:%d/%m/%Y} – {cierre}",
                str(e.fojas),
                f"{congelada.get('vigencia_tramite', '')} / {congelada.get('vigencia_concentracion', '')}",
            ]
        )
    anios = [e.fecha_apertura.year for e in expedientes] + [e.fecha_cierre.year for e in expedientes if e.fecha_cierre]
    story = [
        Paragraph(f"Inventario de baja documental {proceso.numero:03d}/{proceso.anio}", styles["title"]),
        Paragraph(f"Unidad solicitante: {escape(str(proceso.unidad))}", styles["body"]),
        Paragraph(f"Fecha de solicitud: {timezone.localdate():%d/%m/%Y}", styles["body"]),
        Paragraph(f"Justificación: {escape(proceso.justificacion or '—')}", styles["body"]),
        Spacer(1, 4 * mm),
        pdf_table(rows, col_widths=[10 * mm, 55 * mm, 70 * mm, 20 * mm, 20 * mm, 38 * mm, 14 * mm, 20 * mm]),
        Spacer(1, 4 * mm),
        Paragraph(
            f"Total de expedientes: {len(expedientes)} · Fojas: {sum(e.fojas for e in expedientes)} · "
            f"Periodo: {min(anios)}–{max(anios)}",
            styles["body"],
        ),
    ]
    return pdf_build(story, title=f"Inventario de baja {proceso.numero:03d}/{proceso.anio}", pagesize=landscape(letter))
