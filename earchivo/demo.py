"""Demo data for e-archivo: the sample CGCA + CADIDO in deploy/samples/ (through the real importer), and a few
expedientes of the Dirección Ejecutiva de Administración opened, filled and closed through the real services,
so a first run shows the archive at work (one of them already due for its transferencia primaria)."""

import datetime
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from earchivo.models import CuadroClasificacion, Expediente, NodoClasificacion, TipoDocumental
from earchivo.services.cierre import expediente_close
from earchivo.services.documentos import documento_create
from earchivo.services.expedientes import expediente_create
from earchivo.services.instrumentos import cuadro_publish
from earchivo.services.instrumentos_io import instrumentos_import
from sai.org.models import UnidadAdministrativa

DEMO_CGCA = "cgca_cadido.csv"
# (serie, título, apertura, [(tipo documental, título, fecha, texto)], cierre or None, classification fields)
DEMO_EXPEDIENTES = [
    (
        "3C.10",
        "Presupuesto anual de la Dirección Ejecutiva de Administración 2019",
        datetime.date(2019, 1, 10),
        [
            ("Oficio", "Solicitud de suficiencia presupuestal", datetime.date(2019, 1, 10), "suficiencia presupuestal"),
            ("Oficio", "Autorización del presupuesto 2019", datetime.date(2019, 3, 4), "presupuesto autorizado"),
        ],
        datetime.date(2019, 12, 20),
        {},
    ),
    (
        "5C.20",
        "Estados financieros del ejercicio 2025",
        datetime.date(2025, 2, 3),
        [("Estado financiero", "Balance general al 31 de diciembre", datetime.date(2025, 2, 3), "balance general")],
        None,
        {},
    ),
    (
        "4C.3.1",
        "Expediente de personal de Carla Mendoza Ruiz",
        datetime.date(2024, 6, 1),
        [("Oficio", "Nombramiento", datetime.date(2024, 6, 1), "nombramiento de personal de base")],
        None,
        {
            "fundamento_clasificacion": "Artículo 116 de la Ley General de Transparencia y Acceso a la Información "
            "Pública: datos personales.",
            "fecha_clasificacion": datetime.date(2024, 6, 1),
        },
    ),
]


# The common document types of an administrative area; DCAI/apoyo types are not documentos de archivo.
DEMO_TIPOS = [
    ("Oficio", True),
    ("Memorándum", True),
    ("Contrato", True),
    ("Factura", True),
    ("Acta", True),
    ("Estado financiero", True),
    ("Copia de conocimiento", False),
]


def tipos_demo_load() -> None:
    for nombre, de_archivo in DEMO_TIPOS:
        TipoDocumental.objects.get_or_create(nombre=nombre, defaults={"es_documento_de_archivo": de_archivo})


def _pdf(titulo: str, texto: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter)
    page.setFont("Helvetica-Bold", 13)
    page.drawString(72, 720, titulo)
    page.setFont("Helvetica", 11)
    page.drawString(72, 690, f"Documento de demostración de SAI: {texto}.")
    page.showPage()
    page.save()
    return buffer.getvalue()


def cgca_demo_load() -> bool:
    """Import and publish the sample cuadro once; False (and nothing changed) when a vigente version exists."""
    if CuadroClasificacion.objects.filter(estado=CuadroClasificacion.Estado.VIGENTE).exists():
        return False
    path = settings.BASE_DIR / "deploy" / "samples" / DEMO_CGCA
    with path.open("rb") as fileobj:
        summary = instrumentos_import(
            actor=None,
            fileobj=fileobj,
            filename=path.name,
            nombre="Cuadro general de clasificación archivística de la institución de demostración",
        )
    cuadro_publish(
        actor=None,
        cuadro=summary.cuadro,
        fecha_aprobacion=timezone.localdate(),
        acuerdo="Acuerdo GIA/01/2026 del Grupo Interdisciplinario de Archivos (demostración)",
    )
    return True


def _expedientes_load() -> None:
    tramite = get_user_model().objects.get(username="tramite")
    dea = UnidadAdministrativa.objects.get(siglas="DEA")
    for clave, titulo, apertura, documentos, cierre, clasificacion in DEMO_EXPEDIENTES:
        expediente = expediente_create(
            actor=tramite,
            serie=NodoClasificacion.objects.get(cuadro__estado="vigente", clave=clave),
            unidad=dea,
            titulo=titulo,
            responsable=tramite,
            fecha_apertura=apertura,
            ubicacion_topografica="Edificio A, piso 2, estante 4",
            **clasificacion,
        )
        for tipo, titulo_doc, fecha, texto in documentos:
            documento_create(
                actor=tramite,
                expediente=expediente,
                tipo_documental=TipoDocumental.objects.get(nombre=tipo),
                titulo=titulo_doc,
                fecha=fecha,
                fileobj=io.BytesIO(_pdf(titulo_doc, texto)),
                filename=f"{titulo_doc.lower().replace(' ', '-')}.pdf",
            )
        if cierre is not None:
            expediente_close(actor=tramite, expediente=expediente, fecha_cierre=cierre)


@transaction.atomic
def demo_load() -> bool:
    """The sample cuadro, and the demo expedientes in an empty archive; False when the cuadro was already there.

    Needs the demo organisation: `load_demo` runs it after `sai.org.demo.demo_load`.
    """
    if not cgca_demo_load():
        return False
    tipos_demo_load()
    if not Expediente.objects.exists():
        _expedientes_load()
    return True
