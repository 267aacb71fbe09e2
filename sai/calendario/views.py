"""Administración's page of días inhábiles: a year's official holidays beside the institution's own days."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sai.calendario import selectors, services
from sai.core.params import param_int
from sai.core.permissions import holds_all
from sai.core.web import attempt, guarded

ADMINISTRACION = "org.acceder_administracion"


class DiaInhabilForm(forms.Form):
    fecha = forms.DateField(label="Fecha", widget=forms.DateInput(attrs={"type": "date"}))
    descripcion = forms.CharField(label="Motivo", max_length=200)


@guarded(ADMINISTRACION, "calendario.view_diainhabil")
def dias_inhabiles(request):
    anio = param_int(request.GET, "anio", default=timezone.localdate().year, minimum=1900, maximum=2200)
    form = DiaInhabilForm(request.POST or None)
    if request.method == "POST":
        if not holds_all(request.user, [services.GESTIONAR_DIAS_INHABILES]):
            raise PermissionDenied
        if form.is_valid() and attempt(
            request,
            lambda: services.dia_inhabil_create(actor=request.user, **form.cleaned_data),
            lambda d: f"{d.fecha:%d/%m/%Y} declarado día inhábil.",
            form=form,
        ):
            return redirect(f"{request.path}?anio={form.cleaned_data['fecha'].year}")
    context = {"anio": anio, "dias": selectors.dias_no_laborables(anio=anio), "form": form}
    return render(request, "calendario/dias_inhabiles.html", context)


@require_POST
@guarded(ADMINISTRACION, "calendario.delete_diainhabil")
def dia_inhabil_eliminar(request, pk: int):
    dia = selectors.dia_inhabil_get(id=pk)
    anio = dia.fecha.year
    attempt(request, lambda: services.dia_inhabil_delete(actor=request.user, dia=dia), "Día inhábil retirado.")
    return redirect(f"{reverse('calendario:dias_inhabiles')}?anio={anio}")
