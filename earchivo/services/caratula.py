"""The carátula (portada) of an expediente: every field of domain.md §3.1, plus a QR code to its page in SAI."""

import io
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.urls import reverse
from reportlab.lib.units import mm
from reportlab.platypus import Image, Paragraph, Spacer, Table

from earchivo.models import ClasificacionInformacion, DisposicionDocumental, Expediente, NodoClasificacion
from sai.core.reports import pdf_build, pdf_styles, pdf_table

DESTINO_FINAL = {
    DisposicionDocumental.Tecnica.CONSERVACION: "Conservación permanente (archivo histórico)",
    DisposicionDocumental.Tecnica.ELIMINACION: "Baja documental",
    DisposicionDocumental.Tecnica.MUESTREO: "Muestreo",
}


def expediente_url(expediente: Expediente) -> str:
    """Absolute URL of the expediente's page (what the QR encodes)."""
    path = reverse("earchivo:expediente_detail", args=[expediente.pk])
    return settings.SAI_SITE_URL.rstrip("/") + path


def _ancestros(serie: NodoClasificacion) -> dict[str, NodoClasificacion]:
    """The serie's path in the CGCA keyed by nivel (fondo, sección, subsección, serie, subserie)."""
    path, nodo = {}, serie
    while nodo is not None:
        path[nodo.nivel] = nodo
        nodo = nodo.padre
    return path


def _valoracion(expediente: Expediente) -> tuple[dict | None, str]:
    """The CADIDO values to print: the frozen ones once closed, else the serie's live row."""
    if expediente.disposicion_congelada:
        return expediente.disposicion_congelada, "valores congelados al cierre"
    try:
        return expediente.serie.disposicion.snapshot(), "valores vigentes del catálogo"
    except DisposicionDocumental.DoesNotExist:
        return None, "sin disposición documental"


def _texto(value) -> str:
    return "—" if value in (None, "") else str(value)


def _fecha(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _qr_image(url: str) -> Image:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    return Image(buffer, width=32 * mm, height=32 * mm)


def _section(title: str, rows: list[tuple[str, object]], styles) -> list:
    body = styles["body"]
    data = [
        [Paragraph(f"<b>{escape(label)}</b>", body), Paragraph(escape(_texto(value)), body)] for label, value in rows
    ]
    return [Paragraph(escape(title), styles["heading"]), pdf_table(data, col_widths=[55 * mm, 125 * mm], header=False)]


def _nodo(path: dict, nivel: str) -> str:
    nodo = path.get(nivel)
    return f"{nodo.clave} — {nodo.nombre}" if nodo else "—"


def caratula_filename(expediente: Expediente) -> str:
    """The download name: the clave's slashes would otherwise split it into folders."""
    return f"caratula-{expediente.clave.replace('/', '-')}.pdf"


def caratula_pdf(expediente: Expediente) -> bytes:
    """Render the carátula of `expediente` as PDF bytes."""
    styles = pdf_styles()
    path = _ancestros(expediente.serie)
    fondo = path.get(NodoClasificacion.Nivel.FONDO)
    disposicion, origen = _valoracion(expediente)
    documentos = expediente.documentos.count()
    clasificado = expediente.clasificacion != ClasificacionInformacion.PUBLICA

    header = Table(
        [
            [
                [
                    Paragraph("Carátula de expediente", styles["title"]),
                    Paragraph(f"<b>{escape(expediente.clave)}</b>", styles["heading"]),
                    Paragraph(escape(expediente.titulo), styles["body"]),
                ],
                _qr_image(expediente_url(expediente)),
            ]
        ],
        colWidths=[145 * mm, 35 * mm],
    )
    story: list = [header, Spacer(1, 3 * mm)]
    story += _section(
        "Procedencia",
        [
            ("Fondo", f"{fondo.clave} — {fondo.nombre}" if fondo else expediente.fondo),
            ("Unidad administrativa", f"{expediente.unidad.siglas} — {expediente.unidad.nombre}"),
            ("Área generadora", expediente.unidad.nombre),
        ],
        styles,
    )
    story += _section(
        "Clasificación archivística",
        [
            ("Sección", _nodo(path, NodoClasificacion.Nivel.SECCION)),
            ("Subsección", _nodo(path, NodoClasificacion.Nivel.SUBSECCION)),
            ("Serie", _nodo(path, NodoClasificacion.Nivel.SERIE)),
            ("Subserie", _nodo(path, NodoClasificacion.Nivel.SUBSERIE)),
            ("Código de clasificación", expediente.clave),
            ("Número de expediente", f"{expediente.numero} / {expediente.anio}"),
        ],
        styles,
    )
    story += _section(
        "Identificación",
        [("Título", expediente.titulo), ("Asunto", expediente.asunto)],
        styles,
    )
    story += _section(
        "Fechas",
        [
            ("Fecha de apertura", _fecha(expediente.fecha_apertura)),
            ("Fecha de cierre", _fecha(expediente.fecha_cierre)),
        ],
        styles,
    )
    story += _section(
        "Volumen",
        [
            ("Legajos", expediente.legajos),
            ("Documentos", documentos),
            ("Fojas", expediente.fojas),
            ("Soporte", expediente.get_soporte_display()),
        ],
        styles,
    )
    if disposicion:
        tecnica = disposicion.get("tecnica_seleccion")
        valoracion = [
            ("Valores documentales", disposicion.get("valores_primarios")),
            ("Valores secundarios", disposicion.get("valores_secundarios")),
            ("Vigencia en trámite", f"{disposicion['vigencia_tramite']} años"),
            ("Vigencia en concentración", f"{disposicion['vigencia_concentracion']} años"),
            ("Plazo de conservación", f"{disposicion['plazo_total']} años"),
            ("Destino final", DESTINO_FINAL.get(tecnica, tecnica)),
            ("Fin de vigencia en trámite", _fecha(expediente.fin_tramite)),
            ("Fin de vigencia en concentración", _fecha(expediente.fin_concentracion)),
            ("Origen de los valores", origen),
        ]
    else:
        valoracion = [("Valoración", origen)]
    story += _section("Valoración documental", valoracion, styles)
    acceso = [("Clasificación de la información", expediente.get_clasificacion_display())]
    if clasificado:
        acceso += [
            ("Fundamento legal", expediente.fundamento_clasificacion),
            ("Fecha de clasificación", _fecha(expediente.fecha_clasificacion)),
            ("Área que clasifica", expediente.unidad.nombre),
            (
                "Periodo de reserva",
                f"{expediente.periodo_reserva_anios} años" if expediente.periodo_reserva_anios else "—",
            ),
            ("Fecha de desclasificación", _fecha(expediente.fecha_desclasificacion)),
            ("Partes o secciones clasificadas", expediente.partes_clasificadas),
        ]
    story += _section("Acceso", acceso, styles)
    story += _section(
        "Ubicación y custodia",
        [
            ("Ubicación topográfica", expediente.ubicacion_topografica),
            ("Etapa", expediente.get_etapa_display()),
            ("Estado", expediente.get_estado_display()),
            ("Responsable", expediente.responsable.get_full_name() or expediente.responsable.get_username()),
            ("Observaciones", expediente.observaciones),
        ],
        styles,
    )
    return pdf_build(story, title=f"Carátula {expediente.clave}")
