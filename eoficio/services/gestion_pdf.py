"""The printed papers of oficialía de partes (PDF/A-2b): the constancia de presentación handed to the sender at
filing, and the volante de turno that travels with the document to the unidades it is turned to."""

from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from eoficio.models import Registro, Turno
from sai.core.reports import pdf_build, pdf_styles, pdf_table


def _t(value) -> str:
    return escape(str(value)) if value not in (None, "") else "—"


def _fecha_hora(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "—"


def _datos_registro(registro: Registro) -> list[list[str]]:
    documento = f"{registro.numero_documento or 's/n'} del {registro.fecha_documento:%d/%m/%Y}"
    remitente = ", ".join(p for p in (registro.remitente_nombre, registro.remitente_cargo) if p)
    return [
        ["Folio de control", registro.folio],
        ["Fecha y hora de recepción", _fecha_hora(registro.recibido)],
        ["Cuenta a partir del", registro.recepcion_efectiva.strftime("%d/%m/%Y")],
        ["Medio", registro.get_medio_display()],
        ["Remitente", f"{remitente} — {registro.remitente_institucion}"],
        ["Número y fecha del documento", documento],
        ["Asunto", registro.asunto],
        ["Anexos", f"{registro.anexos_cantidad} {registro.anexos}".strip()],
    ]


def _tabla(filas: list[list[str]], estilos) -> object:
    cuerpo = estilos["body"]
    return pdf_table(
        [[Paragraph(f"<b>{_t(a)}</b>", cuerpo), Paragraph(_t(b), cuerpo)] for a, b in filas],
        col_widths=[55 * mm, 125 * mm],
        header=False,
    )


def constancia_pdf(*, registro: Registro, archivo_sha256: str = "") -> bytes:
    """What the sender takes away: proof of what was filed, when, and under which folio."""
    estilos = pdf_styles()
    filas = _datos_registro(registro)
    if archivo_sha256:
        filas.append(["Huella SHA-256 de la digitalización", archivo_sha256])
    historia = [
        Paragraph(escape(settings.SAI_INSTITUCION), estilos["heading"]),
        Paragraph("Constancia de presentación", estilos["title"]),
        Paragraph(f"Oficialía de partes de {_t(registro.unidad.nombre)}", estilos["body"]),
        Spacer(1, 4 * mm),
        _tabla(filas, estilos),
        Spacer(1, 6 * mm),
        Paragraph(
            "Esta constancia acredita la presentación del documento descrito; no es el acuse de recibo de la "
            "unidad a la que se turne. Los plazos se computan en días hábiles a partir de la fecha indicada.",
            estilos["small"],
        ),
    ]
    return pdf_build(historia, title=f"Constancia {registro.folio}")


def volante_pdf(*, registro: Registro, turnos: list[Turno]) -> bytes:
    """The volante de turno: the registro's data and, per destination, instrucción, prioridad and deadline."""
    estilos = pdf_styles()
    filas = [["Turnado a", "Instrucción", "Prioridad", "Fecha límite", "Turnado el"]]
    for turno in turnos:
        destino = turno.unidad.nombre + (f" ({turno.destinatario.get_full_name()})" if turno.destinatario else "")
        filas.append(
            [
                Paragraph(_t(("c.c. " if turno.copia else "") + destino), estilos["small"]),
                Paragraph(_t(turno.instruccion.nombre), estilos["small"]),
                turno.get_prioridad_display(),
                turno.fecha_limite.strftime("%d/%m/%Y") if turno.fecha_limite else "—",
                _fecha_hora(turno.turnado),
            ]
        )
    historia = [
        Paragraph(escape(settings.SAI_INSTITUCION), estilos["heading"]),
        Paragraph("Volante de turno", estilos["title"]),
        _tabla(_datos_registro(registro), estilos),
        Spacer(1, 5 * mm),
        pdf_table(filas, col_widths=[55 * mm, 45 * mm, 20 * mm, 25 * mm, 35 * mm]),
    ]
    if registro.observaciones:
        historia += [Spacer(1, 4 * mm), Paragraph(f"Observaciones: {_t(registro.observaciones)}", estilos["body"])]
    return pdf_build(historia, title=f"Volante de turno {registro.folio}")
