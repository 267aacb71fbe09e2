"""Administración's page for each unidad's plantilla, and each titular's page to delegate their bandeja."""

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from eoficio.forms import DelegacionForm, PlantillaForm
from eoficio.models import Plantilla
from eoficio.permissions import ADMINISTRAR_PLANTILLAS, BANDEJA
from eoficio.selectors.configuracion import delegaciones_de, plantilla_de
from eoficio.services import delegaciones, plantillas
from sai.core.exceptions import NotFoundError
from sai.core.web import attempt, client_ip, guarded
from sai.org.selectors import unidad_por_id, unidades_activas

ADMINISTRACION = "org.acceder_administracion"


@guarded(ADMINISTRACION, ADMINISTRAR_PLANTILLAS)
def plantilla_list(request):
    return render(request, "eoficio/plantilla_list.html", {"unidades": unidades_activas()})


@guarded(ADMINISTRACION, ADMINISTRAR_PLANTILLAS)
def plantilla_editar(request, unidad_id: int):
    unidad = unidad_por_id(unidad_id)
    if unidad is None:
        raise NotFoundError("La unidad no existe.")
    actual = plantilla_de(unidad=unidad) or Plantilla(unidad=unidad)
    inicial = {campo: getattr(actual, campo) for campo in PlantillaForm.base_fields if campo != "membrete"}
    form = PlantillaForm(request.POST or None, request.FILES or None, initial=inicial)
    if request.method == "POST" and form.is_valid():
        datos = dict(form.cleaned_data)
        membrete = datos.pop("membrete")
        if attempt(
            request,
            lambda: plantillas.plantilla_update(
                actor=request.user, unidad=unidad, membrete=membrete, ip=client_ip(request), **datos
            ),
            f"Plantilla de {unidad.siglas} guardada.",
            form=form,
        ):
            return redirect("eoficio:plantilla_list")
    return render(request, "eoficio/plantilla_form.html", {"form": form, "unidad": unidad, "plantilla": actual})


@guarded(BANDEJA)
def delegacion_list(request):
    form = DelegacionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: delegaciones.delegacion_create(
                actor=request.user, asistente=form.cleaned_data["asistente"], ip=client_ip(request)
            ),
            "Delegación registrada.",
            form=form,
        )
    context = {"form": form, "delegaciones": delegaciones_de(user=request.user).select_related("titular", "asistente")}
    return render(request, "eoficio/delegaciones.html", context)


@require_POST
@guarded(BANDEJA)
def delegacion_revocar(request, pk: int):
    delegacion = delegaciones_de(user=request.user).filter(pk=pk).first()
    if delegacion is None:
        raise NotFoundError("La delegación no existe.")
    attempt(
        request,
        lambda: delegaciones.delegacion_revoke(actor=request.user, delegacion=delegacion, ip=client_ip(request)),
        "Delegación revocada.",
    )
    return redirect("eoficio:delegacion_list")


urlpatterns = [
    path("plantillas/", plantilla_list, name="plantilla_list"),
    path("plantillas/<int:unidad_id>/", plantilla_editar, name="plantilla_editar"),
    path("delegaciones/", delegacion_list, name="delegacion_list"),
    path("delegaciones/<int:pk>/revocar/", delegacion_revocar, name="delegacion_revocar"),
]
