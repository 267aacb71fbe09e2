"""The archive's landing page: a card per section the user may open, with a few cheap counts.

A card shows exactly when its target page's guard would let the user in (`may_open` asks the view itself), so
the index never offers a page that answers 403 and never hides one the role opens.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from earchivo.models import Expediente
from earchivo.selectors import ciclo as sel
from earchivo.selectors.acceso import expediente_list_for_user
from earchivo.selectors.calendario import calendario_caducidades, calendario_resumen
from earchivo.views import ARCHIVO, bajas, ciclo, expedientes, instrumentos, prestamos, transferencias
from sai.core.web import guarded, may_open


@dataclass(frozen=True)
class Seccion:
    url_name: str  # within the earchivo namespace
    titulo: str
    descripcion: str
    view: Callable  # the page behind the card: its guard decides whether the card shows


SECCIONES = (
    Seccion(
        "expediente_list",
        "Expedientes",
        "Apertura, captura de documentos, cierre y consulta.",
        expedientes.expediente_list,
    ),
    Seccion(
        "cgca",
        "Cuadro de clasificación y CADIDO",
        "Series, plazos de conservación y destino final.",
        instrumentos.cgca_arbol,
    ),
    Seccion(
        "calendario",
        "Calendario de caducidades",
        "Expedientes cuyo plazo vence este año o ya venció.",
        ciclo.calendario,
    ),
    Seccion(
        "transferencia_list",
        "Transferencias",
        "Primarias al Archivo de Concentración y secundarias al Histórico.",
        transferencias.transferencia_list,
    ),
    Seccion("baja_list", "Bajas documentales", "Solicitud, dictamen, acta y ejecución.", bajas.baja_list),
    Seccion("prestamo_list", "Préstamos", "Expedientes prestados, vencidos y devueltos.", prestamos.prestamo_list),
)


def _contar(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _cifras(user, visibles: set[str]) -> dict[str, str]:
    """One short figure per visible section, each a single query (and only for the sections shown)."""
    cifras: dict[str, str] = {}
    if "expediente_list" in visibles:
        abiertos = expediente_list_for_user(user=user).filter(estado=Expediente.Estado.ABIERTO).count()
        cifras["expediente_list"] = _contar(abiertos, "abierto", "abiertos")
    if "calendario" in visibles:
        resumen = calendario_resumen(calendario_caducidades(user=user, anio=timezone.localdate().year))
        cifras["calendario"] = (
            f"{resumen['total']} por atender este año · {_contar(resumen['vencidos'], 'vencido', 'vencidos')}"
        )
    if "prestamo_list" in visibles:
        activos = sel.prestamo_list_for_user(user=user, estado="activos").count()
        cifras["prestamo_list"] = _contar(activos, "préstamo activo", "préstamos activos")
    return cifras


@guarded(ARCHIVO)
@require_GET
def inicio(request):
    secciones = [s for s in SECCIONES if may_open(request.user, s.view)]
    cifras = _cifras(request.user, {s.url_name for s in secciones})
    tarjetas = [
        {"seccion": s, "url": reverse(f"earchivo:{s.url_name}"), "cifra": cifras.get(s.url_name)} for s in secciones
    ]
    return render(request, "earchivo/inicio.html", {"tarjetas": tarjetas})


urlpatterns = [path("", inicio, name="index")]
