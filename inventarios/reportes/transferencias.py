"""Inventarios de transferencia primaria and secundaria (domain.md §2.4): rows by caja, numbered within each box,
the footer's totals and the three signature blocks (entrega, revisa, recibe)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from earchivo.models import Transferencia
from earchivo.selectors.ciclo import renglon_titulo_visible, transferencia_get_for_user
from inventarios.reportes.base import CHUNK, ENTERO, FECHA, Columna, Firma, Reporte, Totales

OCULTO = "(información clasificada)"
COLUMNAS = [
    Columna("Caja", 7, ENTERO),
    Columna("No. en la caja", 8, ENTERO),
    Columna("Código de clasificación", 24),
    Columna("Nombre del expediente", 42),
    Columna("Descripción", 40),
    Columna("Fecha de apertura", 12, FECHA),
    Columna("Fecha de cierre", 12, FECHA),
    Columna("Fojas", 7, ENTERO),
]
SECUNDARIOS = Columna("Valores secundarios", 11)


def _nombre(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def transferencia_numero(t: Transferencia) -> str:
    return f"{t.unidad.siglas}/{t.numero:03d}/{t.anio}"


def transferencia(*, user, transferencia_id: int) -> Reporte:
    """The inventory of one transfer the user may see (boxes rejected at reception left out); classified titles of
    expedientes they may not open stay masked."""
    t = transferencia_get_for_user(user=user, id=transferencia_id)
    secundaria = t.tipo == Transferencia.Tipo.SECUNDARIA
    visible = renglon_titulo_visible(user)
    qs = t.renglones.filter(rechazado=False).annotate(visible=visible).order_by("caja", "numero_en_caja")
    fields = ("caja", "numero_en_caja", "expediente__clave", "expediente__titulo", "expediente__asunto")
    fields += ("expediente__fecha_apertura", "expediente__fecha_cierre", "expediente__fojas", "visible")
    fields += ("expediente__disposicion_congelada",)
    totales = Totales()

    def renglones():
        for caja, n, clave, titulo, asunto, apertura, cierre, fojas, ok, congelada in qs.values_list(*fields).iterator(
            chunk_size=CHUNK
        ):
            totales.add(fojas=fojas, apertura=apertura, cierre=cierre, caja=caja)
            row = (caja, n, clave, titulo if ok else OCULTO, asunto if ok else "", apertura, cierre, fojas)
            yield (*row, (congelada or {}).get("valores_secundarios", "")) if secundaria else row

    concentracion = "Responsable del archivo de concentración"  # receives a primaria, hands over a secundaria
    entrega, recibe = (concentracion, "Responsable del archivo histórico") if secundaria else (
        "Responsable del archivo de trámite", concentracion)  # fmt: skip
    encabezado = [
        ("Número de transferencia", transferencia_numero(t)),
        ("Fecha de transferencia", timezone.localdate().strftime("%d/%m/%Y")),
        ("Unidad administrativa", str(t.unidad)),
    ]
    if secundaria:
        encabezado.append(("Dictamen / acta", t.referencia_dictamen or "—"))

    def pie():
        kg = settings.SAI_INVENTARIO_KG_POR_CAJA
        return totales.lineas(kg_por_caja=kg)

    tipo = "secundaria" if secundaria else "primaria"
    return Reporte(
        titulo=f"Inventario de transferencia {tipo} {transferencia_numero(t)}",
        archivo=f"inventario-transferencia-{tipo}-{t.unidad.siglas}-{t.numero:03d}-{t.anio}",
        columnas=[*COLUMNAS, SECUNDARIOS] if secundaria else COLUMNAS,
        renglones=renglones(),
        total=qs.count(),
        encabezado=encabezado,
        pie=pie,
        enlace=settings.SAI_SITE_URL.rstrip("/") + reverse("earchivo:transferencia_detalle", args=[t.pk]),
        firmas=[
            Firma("Entrega", _nombre(t.preparada_por), entrega),
            Firma("Revisa", _nombre(t.revisada_por), "Responsable del área coordinadora de archivos"),
            Firma("Recibe", _nombre(t.recibida_por), recibe),
        ],
    )
