"""Life-cycle pages after cierre: the calendario de caducidades and the retenciones legales of an expediente,
plus what the transferencias and bajas pages share (the expedientes picked on a form).

Thin views: parse the request, open objects through the access selectors, call one service, show its refusal
as a message. Every view needs the archive module plus the specific permission; services re-check scope.
"""

from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from earchivo.permissions import GESTIONAR_RETENCION, VER_EXPEDIENTES
from earchivo.selectors import ciclo as sel
from earchivo.selectors.acceso import (
    expediente_get_for_user,
    expediente_list_by_ids_for_user,
)
from earchivo.selectors.calendario import calendario_caducidades, calendario_resumen
from earchivo.services import retenciones
from earchivo.views import ARCHIVO
from earchivo.views.lecturas import audited_access
from sai.core.params import param_id, param_int
from sai.core.web import attempt, client_ip, guarded
from sai.org.selectors import unidad_por_id, unidades_activas


def posted_ids(request, name: str = "expedientes") -> list[int]:
    """The ids checked on a form, in order; anything unparsable selects nothing (the service then says so)."""
    try:
        return [int(v) for v in request.POST.getlist(name)]
    except ValueError:
        return []


def expedientes_visibles(request, ids: list[int]) -> list:
    return expediente_list_by_ids_for_user(user=request.user, ids=ids)


# --- calendario -------------------------------------------------------------------------------------------------


@guarded(ARCHIVO, VER_EXPEDIENTES)
def calendario(request):
    hoy = timezone.localdate()
    anio = param_int(request.GET, "anio", default=hoy.year, minimum=1, maximum=9999)
    unidad = unidad_por_id(param_id(request.GET, "unidad"))
    filas = calendario_caducidades(user=request.user, anio=anio, unidad=unidad)
    return render(
        request,
        "earchivo/ciclo/calendario.html",
        {
            "filas": filas,
            "resumen": calendario_resumen(filas),
            "anio": anio,
            "anios": range(hoy.year - 1, hoy.year + 6),
            "unidad": unidad,
            "unidades": unidades_activas(),
        },
    )


# --- retenciones legales ----------------------------------------------------------------------------------------


@audited_access("retenciones", kwarg="expediente_id")
@guarded(ARCHIVO, VER_EXPEDIENTES)
def retenciones_expediente(request, expediente_id: int):
    expediente = expediente_get_for_user(user=request.user, id=expediente_id)
    if request.method == "POST" and attempt(
        request,
        lambda: retenciones.retencion_place(
            actor=request.user, expediente=expediente, motivo=request.POST.get("motivo", ""), ip=client_ip(request)
        ),
        "Retención legal colocada.",
    ):
        return redirect("earchivo:retenciones", expediente_id=expediente.pk)
    context = {"expediente": expediente, "retenciones": sel.retencion_list(expediente=expediente)}
    return render(request, "earchivo/ciclo/retenciones.html", context)


@require_POST
@guarded(ARCHIVO, GESTIONAR_RETENCION)
def retencion_levantar(request, pk: int):
    retencion = sel.retencion_get_for_user(user=request.user, id=pk)
    attempt(
        request,
        lambda: retenciones.retencion_lift(
            actor=request.user, retencion=retencion, motivo=request.POST.get("motivo", ""), ip=client_ip(request)
        ),
        "Retención legal levantada.",
    )
    return redirect("earchivo:retenciones", expediente_id=retencion.expediente_id)


urlpatterns = [
    path("calendario/", calendario, name="calendario"),
    path("expedientes/<int:expediente_id>/retenciones/", retenciones_expediente, name="retenciones"),
    path("retenciones/<int:pk>/levantar/", retencion_levantar, name="retencion_levantar"),
]
