"""Inventarios pages: ask for a report, watch its progress bar (htmx polling), cancel it, download the result."""

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from earchivo.selectors.ciclo import transferencia_list_for_user
from inventarios import selectors, services
from inventarios.forms import GeneracionForm
from inventarios.permissions import GENERAR, MODULO
from sai.core.web import attempt, client_ip, guarded, stream_response


def _form(request, data=None) -> GeneracionForm:
    return GeneracionForm(
        data,
        unidades=selectors.unidad_list(),
        transferencias=transferencia_list_for_user(user=request.user)[:200],
    )


@guarded(MODULO, GENERAR)
def index(request):
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        generacion = attempt(
            request,
            lambda: services.generacion_solicitar(
                actor=request.user,
                tipo=data["tipo"],
                formato=data["formato"],
                filtros=form.filtros(),
                transferencia_id=data.get("transferencia"),
                ip=client_ip(request),
            ),
            form=form,
        )
        if generacion:
            return redirect("inventarios:detalle", pk=generacion.pk)
    generaciones = selectors.generacion_list_for_user(user=request.user)[:50]
    return render(request, "inventarios/index.html", {"form": form, "generaciones": generaciones})


@guarded(MODULO, GENERAR)
def detalle(request, pk: int):
    generacion = selectors.generacion_get_for_user(user=request.user, id=pk)
    template = "inventarios/_progreso.html" if request.headers.get("HX-Request") else "inventarios/detalle.html"
    return render(request, template, {"g": generacion})


@require_POST
@guarded(MODULO, GENERAR)
def cancelar(request, pk: int):
    generacion = selectors.generacion_get_for_user(user=request.user, id=pk)
    attempt(
        request,
        lambda: services.generacion_cancelar(actor=request.user, generacion=generacion, ip=client_ip(request)),
        "Se canceló la generación; no se guardó ningún archivo.",
    )
    return redirect("inventarios:detalle", pk=pk)


def generacion_response(request, pk: int):
    """The finished file of a generation the user may see, as a download (audited); the page and the API share it."""
    generacion = selectors.generacion_get_for_user(user=request.user, id=pk)
    contenido = services.generacion_abrir(actor=request.user, generacion=generacion, ip=client_ip(request))
    return stream_response(
        contenido,
        filename=generacion.nombre_archivo,
        content_type=services.MIME[generacion.formato],
        size=generacion.blob.size,
    )


@guarded(MODULO, GENERAR)
def descargar(request, pk: int):
    return generacion_response(request, pk)


app_name = "inventarios"
urlpatterns = [
    path("", index, name="index"),
    path("generaciones/<int:pk>/", detalle, name="detalle"),
    path("generaciones/<int:pk>/cancelar/", cancelar, name="cancelar"),
    path("generaciones/<int:pk>/descargar/", descargar, name="descargar"),
]
