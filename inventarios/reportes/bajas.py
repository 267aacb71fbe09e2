"""The baja documental's records written by SAI: the inventario de baja (rows, boxes, weight, signature blocks) and
the acta de baja (domain.md §2.6). e-archivo calls these through its hook (earchivo.services.bajas_documentos)."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from earchivo.models import ClasificacionInformacion, Expediente, ProcesoBaja
from inventarios.reportes.base import (
    APERTURA,
    CIERRE,
    CLAVE,
    ENTERO,
    FOJAS,
    NOMBRE,
    UNIDAD,
    Columna,
    Firma,
    Reporte,
    Totales,
)
from inventarios.selectors import transferencia_cajas
from inventarios.writers.pdf import pdf_write
from sai.core.reports import pdf_build, pdf_styles, pdf_table

COLUMNAS = [
    Columna("No.", 6, ENTERO),
    CLAVE,
    NOMBRE,
    Columna("Serie", 10),
    UNIDAD,
    APERTURA,
    CIERRE,
    FOJAS,
    Columna("Vigencia AT/AC", 10),
]


def _numero(proceso: ProcesoBaja) -> str:
    return f"{proceso.numero:03d}/{proceso.anio}"


def _titulo(e: Expediente) -> str:
    """The inventario de baja is filed in a public expediente and published: a title of a classified expediente
    (a personal file names its person) stays out of it; the clave still identifies the expediente for cotejo."""
    return e.titulo if e.clasificacion == ClasificacionInformacion.PUBLICA else "(información clasificada)"


def _renglones(expedientes: list[Expediente], totales: Totales):
    for n, e in enumerate(expedientes, start=1):
        totales.add(fojas=e.fojas, apertura=e.fecha_apertura, cierre=e.fecha_cierre)
        congelada = e.disposicion_congelada or {}
        vigencia = f"{congelada.get('vigencia_tramite', '')}/{congelada.get('vigencia_concentracion', '')}"
        yield (
            n,
            e.clave,
            _titulo(e),
            e.serie.clave,
            e.unidad.siglas,
            e.fecha_apertura,
            e.fecha_cierre,
            e.fojas,
            vigencia,
        )


def inventario_baja_pdf(proceso: ProcesoBaja, expedientes: list[Expediente]) -> bytes:
    """The inventario that travels with the solicitud; boxes are those the expedientes arrived in by transfer."""
    totales = Totales()
    totales.cajas = transferencia_cajas(expedientes=expedientes)
    reporte = Reporte(
        titulo=f"Inventario de baja documental {_numero(proceso)}",
        archivo=f"inventario-baja-{proceso.numero:03d}-{proceso.anio}",
        columnas=COLUMNAS,
        renglones=_renglones(expedientes, totales),
        total=len(expedientes),
        encabezado=[
            ("Unidad solicitante", str(proceso.unidad)),
            ("Fecha de solicitud", timezone.localdate().strftime("%d/%m/%Y")),
            ("Justificación", proceso.justificacion or "—"),
        ],
        pie=lambda: totales.lineas(kg_por_caja=settings.SAI_INVENTARIO_KG_POR_CAJA),
        firmas=[
            Firma("Elabora", _nombre(proceso.solicitada_por), "Responsable del archivo de concentración"),
            Firma("Revisa", "", "Responsable del área coordinadora de archivos"),
            Firma("Valida", "", "Titular de la unidad solicitante"),
        ],
    )
    buffer = io.BytesIO()
    pdf_write(reporte, buffer, lambda n: None)
    return buffer.getvalue()


def _nombre(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def acta_baja_pdf(proceso: ProcesoBaja) -> bytes:
    """The acta: place, date, participants and witnesses, the cotejo against inventario, CADIDO and dictamen, the
    series with their years and totals, the destruction method, and the signatures."""
    styles = pdf_styles()
    body = styles["body"]
    renglones = list(proceso.renglones.select_related("expediente__serie"))
    series: dict[str, list[Expediente]] = {}
    for r in renglones:
        series.setdefault(f"{r.expediente.serie.clave} {r.expediente.serie.nombre}", []).append(r.expediente)
    fecha = proceso.acta_fecha.strftime("%d/%m/%Y") if proceso.acta_fecha else "—"
    testigos = ", ".join(f"{t['nombre']} (identificación {t['identificacion']})" for t in proceso.testigos)
    texto = (
        f"En {escape(proceso.acta_lugar)}, el {fecha}, en las instalaciones de {escape(str(proceso.unidad))}, "
        f"se reunieron el personal del archivo de concentración y los testigos de asistencia {escape(testigos)} "
        f"para dejar constancia de la baja documental {_numero(proceso)}. Se cotejó la documentación contra el "
        f"inventario de baja documental, el catálogo de disposición documental y el dictamen de baja documental "
        f"número {escape(proceso.dictamen_numero)} de fecha "
        f"{proceso.dictamen_fecha:%d/%m/%Y}, emitido por {escape(proceso.dictamen_emisor)}, que se anexa."
    )
    filas = [["Serie", "Años", "Expedientes", "Fojas"]]
    for nombre, exps in series.items():
        anios = sorted({e.anio for e in exps})
        filas.append(
            [Paragraph(escape(nombre), body), f"{anios[0]}–{anios[-1]}", len(exps), sum(e.fojas for e in exps)]
        )
    filas.append(["Total", "", len(renglones), sum(r.expediente.fojas for r in renglones)])
    firmas = [["Responsable del archivo de concentración", "Testigo", "Testigo"], ["\n\n\n_______________"] * 3]
    story = [
        Paragraph(f"Acta de baja documental {escape(proceso.acta_numero)}", styles["title"]),
        Paragraph(escape(settings.SAI_INSTITUCION), styles["heading"]),
        Paragraph(texto, body),
        Spacer(1, 4 * mm),
        pdf_table(filas, col_widths=[95 * mm, 30 * mm, 25 * mm, 25 * mm]),
        Spacer(1, 4 * mm),
        Paragraph(f"Método de destrucción: {escape(proceso.metodo_destruccion)}.", body),
        Spacer(1, 10 * mm),
        pdf_table(firmas, col_widths=[60 * mm] * 3, header=False),
    ]
    return pdf_build(story, title=f"Acta de baja documental {proceso.acta_numero}")
