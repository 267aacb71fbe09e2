"""An oficio as PDF/A-2b, laid out as Mexican government practice expects (domain.md §5.1).

Membrete on top, then the number, place and date and the asunto at the right; the recipients with their cargo
and "P r e s e n t e"; the reference and the body; the despedida with the year's lema; one antefirma per signer
(with the legend of the competence or suplencia it is signed under); c.c.p., anexos and the initials of who
authorised, reviewed and drafted. The plantilla of the issuing unidad supplies membrete, lema, pie and margins.
The body is already sanitised HTML (eoficio.services.cuerpo) and is mapped onto reportlab's own markup.
"""

import io
import re
from xml.sax.saxutils import escape

from PIL import Image
from reportlab.lib.enums import TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from eoficio.models import Oficio, Plantilla, Revision
from eoficio.selectors.competencias import leyenda_de
from sai.core.pdfa import FONT, FONT_BOLD, FONT_ITALIC, PdfACanvas, register_fonts
from sai.storage.services import blob_open

MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def fecha_larga(fecha) -> str:
    return f"{fecha.day} de {MESES[fecha.month - 1]} de {fecha.year}"


def _estilos() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("oficio", fontName=FONT, fontSize=10.5, leading=14)
    return {
        "base": base,
        "derecha": ParagraphStyle("derecha", parent=base, alignment=TA_RIGHT),
        "negrita": ParagraphStyle("negrita", parent=base, fontName=FONT_BOLD),
        "cuerpo": ParagraphStyle("cuerpo", parent=base, alignment=TA_JUSTIFY, spaceAfter=8, firstLineIndent=10 * mm),
        "lema": ParagraphStyle("lema", parent=base, fontName=FONT_ITALIC, fontSize=9),
        "chico": ParagraphStyle("chico", parent=base, fontSize=7.5, leading=9.5),
    }


_INLINE = {"strong": "b", "em": "i", "b": "b", "i": "i", "u": "u"}


def cuerpo_parrafos(cuerpo: str) -> list[str]:
    """Sanitised HTML → reportlab paragraph markup, one string per paragraph or list item."""
    texto = re.sub(r"<li>", "\n• ", cuerpo)
    texto = re.sub(r"</?(p|ul|ol|li)>", "\n", texto)
    texto = re.sub(r"<br\s*/?>", "<br/>", texto)
    texto = re.sub(r"<(/?)(strong|em|b|i|u)>", lambda m: f"<{m.group(1)}{_INLINE[m.group(2)]}>", texto)
    return [linea.strip() for linea in texto.split("\n") if linea.strip()]


def _iniciales(user) -> str:
    partes = (user.get_full_name() or user.get_username()).split()
    return "".join(p[0] for p in partes if p[:1].isalpha())


def iniciales(oficio: Oficio) -> str:
    """`AUT/rev/elab`: who authorises (first signer, upper case), who reviewed, who drafted (lower case)."""
    firmantes = list(oficio.firmantes.select_related("usuario"))
    autoriza = _iniciales(firmantes[0].usuario).upper() if firmantes else ""
    revisores = oficio.revisiones.filter(estado=Revision.Estado.APROBADA).select_related("revisor")
    partes = [autoriza, *(_iniciales(r.revisor).lower() for r in revisores), _iniciales(oficio.elaborado_por).lower()]
    return "/".join(p for p in partes if p)


def _membrete(plantilla: Plantilla | None) -> ImageReader | None:
    """The membrete flattened onto white RGB: no transparency or foreign colour space to trouble PDF/A."""
    if plantilla is None or plantilla.membrete_id is None:
        return None
    with blob_open(sha256=plantilla.membrete_id, verify=True) as handle:
        imagen = Image.open(io.BytesIO(handle.read())).convert("RGBA")
    fondo = Image.new("RGB", imagen.size, "white")
    fondo.paste(imagen, mask=imagen.getchannel("A"))
    return ImageReader(fondo)


def _encabezado(oficio: Oficio, e, numero: str, fecha, lugar: str) -> list:
    tipo = oficio.get_tipo_display().upper()
    return [
        Paragraph(f"<b>{escape(oficio.unidad.nombre)}</b>", e["derecha"]),
        Paragraph(f"{tipo} No. <b>{escape(numero or 'S/N (se asigna al firmar)')}</b>", e["derecha"]),
        Paragraph(f"Expediente: {escape(oficio.expediente.clave)}", e["derecha"]),
        Paragraph(f"<b>Asunto:</b> {escape(oficio.asunto)}", e["derecha"]),
        Paragraph(f"{escape(lugar)}, a {fecha_larga(fecha)}" if fecha else escape(lugar), e["derecha"]),
        Spacer(1, 8 * mm),
    ]


def _destinatarios(oficio: Oficio, e) -> list:
    story = []
    for d in oficio.destinatarios.filter(copia=False):
        lineas = [f"<b>C. {escape(d.nombre or d.unidad.nombre)}</b>"]
        lineas += [escape(x) for x in (d.cargo, d.institucion or (d.unidad.nombre if d.unidad else "")) if x]
        story.append(Paragraph("<br/>".join(lineas), e["base"]))
        story.append(Spacer(1, 2 * mm))
    story += [Paragraph("<b>P r e s e n t e</b>", e["base"]), Spacer(1, 6 * mm)]
    return story


def _antefirmas(oficio: Oficio, e, plantilla) -> list:
    story = [Paragraph(escape(plantilla.despedida if plantilla else "Atentamente"), e["negrita"])]
    if plantilla and plantilla.lema:
        story.append(Paragraph(f"«{escape(plantilla.lema)}»", e["lema"]))
    for firmante in oficio.firmantes.select_related("usuario", "suplencia__titular"):
        nombre = firmante.usuario.get_full_name() or firmante.usuario.get_username()
        bloque = [Spacer(1, 16 * mm), Paragraph(f"<b>{escape(nombre)}</b>", e["base"])]
        bloque.append(Paragraph(escape(firmante.cargo), e["base"]))
        if leyenda := leyenda_de(oficio=oficio, firmante=firmante):
            bloque.append(Paragraph(escape(leyenda), e["chico"]))
        story.append(KeepTogether(bloque))
    return story


def _pie(oficio: Oficio, e) -> list:
    story = [Spacer(1, 8 * mm)]
    copias = oficio.destinatarios.filter(copia=True).select_related("unidad")
    for d in copias:
        quien = ", ".join(escape(x) for x in (d.nombre or d.unidad.nombre, d.cargo) if x)
        story.append(Paragraph(f"C.c.p. {quien}.- Para su conocimiento.", e["chico"]))
    anexos = list(oficio.anexos.all())
    if anexos:
        story.append(Paragraph("Anexos: " + "; ".join(escape(str(a)) for a in anexos) + ".", e["chico"]))
    story.append(Paragraph(escape(iniciales(oficio)), e["chico"]))
    return story


def oficio_pdf(*, oficio: Oficio, numero: str = "", fecha=None) -> bytes:
    """The oficio as PDF/A-2b; `numero` and `fecha` are those assigned at signing (empty for a preview)."""
    plantilla = Plantilla.objects.filter(unidad=oficio.unidad_id).first()
    e = _estilos()
    membrete = _membrete(plantilla)
    lugar = plantilla.lugar if plantilla else "Ciudad de México"
    margen = {
        "topMargin": (plantilla.margen_superior if plantilla else 20) * mm + (25 * mm if membrete else 0),
        "bottomMargin": (plantilla.margen_inferior if plantilla else 20) * mm + 10 * mm,
        "leftMargin": (plantilla.margen_izquierdo if plantilla else 25) * mm,
        "rightMargin": (plantilla.margen_derecho if plantilla else 20) * mm,
    }
    story = [*_encabezado(oficio, e, numero, fecha, lugar), *_destinatarios(oficio, e)]
    if oficio.referencia:
        story.append(Paragraph(f"<b>Referencia:</b> {escape(oficio.referencia)}", e["base"]))
        story.append(Spacer(1, 4 * mm))
    story += [Paragraph(parrafo, e["cuerpo"]) for parrafo in cuerpo_parrafos(oficio.cuerpo)]
    story += [*_antefirmas(oficio, e, plantilla), *_pie(oficio, e)]

    def pagina(canvas, doc) -> None:
        canvas.saveState()
        ancho, alto = doc.pagesize
        if membrete is not None:
            w, h = membrete.getSize()
            altura = 22 * mm
            canvas.drawImage(membrete, doc.leftMargin, alto - margen["topMargin"] + 3 * mm, altura * w / h, altura)
        canvas.setFont(FONT, 7)
        if plantilla and plantilla.pie:
            for i, linea in enumerate(plantilla.pie.splitlines()[:3]):
                canvas.drawCentredString(ancho / 2, 16 * mm - i * 9, linea)
        canvas.drawRightString(ancho - doc.rightMargin, 8 * mm, f"Página {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    titulo = f"{oficio.get_tipo_display()} {numero}".strip()
    SimpleDocTemplate(
        buffer, pagesize=letter, title=titulo, author=oficio.unidad.nombre, subject=oficio.asunto, **margen
    ).build(story, onFirstPage=pagina, onLaterPages=pagina, canvasmaker=PdfACanvas)
    return buffer.getvalue()
