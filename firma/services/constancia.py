"""Constancia de firma: a printable PDF/A record of one request (who signed what, when, with which certificate,
at which level, and the hashes that tie each step to its bytes), built with the platform's PDF/A report helper.

It states what SAI recorded; the signed PDF itself stays the legal evidence (its verification page is linked).
"""

from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from firma.conf import firma_config
from firma.models import Firmante, SolicitudFirma
from sai.audit.services import audit_record
from sai.core.reports import pdf_build, pdf_styles, pdf_table


def _fecha(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S %Z") if value else "—"


def _usuario(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def _filas(rows, body) -> list:
    return [[Paragraph(f"<b>{escape(k)}</b>", body), Paragraph(escape(str(v or "—")), body)] for k, v in rows]


def _solicitud_rows(solicitud: SolicitudFirma) -> list[tuple[str, object]]:
    rows = [
        ("Folio", solicitud.folio),
        ("Documento", solicitud.titulo),
        ("Unidad emisora", solicitud.unidad_emisora),
        ("Estado", solicitud.get_estado_display()),
        ("Nivel PAdES solicitado", solicitud.nivel),
        ("Enviado a firma por", f"{_usuario(solicitud.creada_por)}, {_fecha(solicitud.creada)}"),
        ("Completada", _fecha(solicitud.completada)),
        ("SHA-256 del PDF enviado a firma", solicitud.base_blob.sha256),
        ("SHA-256 del PDF firmado actual", solicitud.actual_blob.sha256),
        ("Verificación pública", f"{firma_config().site_url}/verifica/{solicitud.uuid}"),
    ]
    if solicitud.terminada:
        quien = f"{_usuario(solicitud.terminada_por)}, {_fecha(solicitud.terminada)}"
        rows += [("Terminada por", quien), ("Motivo", solicitud.motivo_termino)]
    return rows


def _firmante_rows(firmante: Firmante) -> list[tuple[str, object]]:
    rows = [
        ("Firmante", _usuario(firmante.usuario)),
        ("Cargo", firmante.cargo),
        ("Estado", firmante.get_estado_display()),
    ]
    if firmante.reasignado_de_id:
        rows.append(("En lugar de", f"{_usuario(firmante.reasignado_de)} ({firmante.motivo_reasignacion})"))
    firma = getattr(firmante, "firma", None)
    if firma is None:
        return rows
    certificado = firma.certificado
    nivel = firma.nivel if firma.nivel == firma.nivel_solicitado else f"{firma.nivel} (de {firma.nivel_solicitado})"
    return [
        *rows,
        ("Titular del certificado", f"{certificado.titular} · RFC {certificado.rfc or '—'}"),
        ("Número de certificado", certificado.numero_certificado or certificado.serie_hex),
        ("Emisor", certificado.emisor),
        ("Fecha de firma", _fecha(firma.tsa_fecha or firma.firmado_en)),
        (
            "Fuente de la fecha",
            "sello de tiempo (TSA)" if firma.tsa_fecha else "declarada al firmar (sin sello de tiempo)",
        ),
        ("Nivel PAdES", nivel),
        ("Modo", firma.get_modo_display()),
        ("SHA-256 de los bytes firmados", firma.hash_firmado),
        ("SHA-256 del PDF tras esta firma", firma.blob.sha256),
        ("Cadena original", firma.cadena_original),
        ("Sello", firma.sello),
    ]


def constancia_pdf(solicitud: SolicitudFirma) -> bytes:
    styles = pdf_styles()
    title = f"Constancia de firma electrónica — {solicitud.folio}"
    story = [Paragraph(escape(title), styles["title"]), Paragraph("Solicitud", styles["heading"])]
    story.append(pdf_table(_filas(_solicitud_rows(solicitud), styles["small"]), [55 * mm, 125 * mm], header=False))
    firmantes = solicitud.firmantes.select_related(
        "usuario", "reasignado_de", "firma__certificado", "firma__blob"
    ).order_by("orden")
    for firmante in firmantes:
        story.append(Paragraph(f"Firmante {firmante.orden}", styles["heading"]))
        story.append(pdf_table(_filas(_firmante_rows(firmante), styles["small"]), [55 * mm, 125 * mm], header=False))
    generated = f"Generada el {_fecha(timezone.now())}. Las firmas se verifican en el PDF firmado (página pública)."
    story.append(Paragraph(escape(generated), styles["small"]))
    return pdf_build(story, title=title)


def solicitud_constancia_download(*, actor, solicitud: SolicitudFirma, ip: str | None = None) -> bytes:
    """The constancia of a request the caller may see (the view checked it), recorded in the bitácora."""
    pdf = constancia_pdf(solicitud)
    audit_record(actor=actor, action="firma.constancia", obj=solicitud, data={"uuid": str(solicitud.uuid)}, ip=ip)
    return pdf
