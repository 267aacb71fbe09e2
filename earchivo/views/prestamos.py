"""Préstamo pages: the list (activos, vencidos, devueltos), lending an expediente by its clave, and its return."""

from django import forms
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from earchivo.permissions import GESTIONAR_PRESTAMO, VER_PRESTAMOS
from earchivo.selectors import ciclo as sel
from earchivo.selectors.acceso import expediente_list_for_user
from earchivo.services import prestamos
from earchivo.services.lecturas import rechazo_registrar
from earchivo.views import ARCHIVO
from earchivo.views.lecturas import audited_access
from sai.core.web import attempt, client_ip, guarded
from sai.org.selectors import usuario_por_username


class PrestamoForm(forms.Form):
    clave = forms.CharField(label="Clave del expediente", max_length=120)
    solicitante = forms.CharField(label="Usuario solicitante", max_length=150)
    fecha_vencimiento = forms.DateField(label="Fecha de vencimiento", widget=forms.DateInput(attrs={"type": "date"}))
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def resolve(self, request) -> dict | None:
        """The expediente (through the access door) and the active solicitante, or field errors. A clave refused
        by the door is recorded when it names a classified expediente."""
        if not self.is_valid():
            return None
        data = dict(self.cleaned_data)
        clave = data.pop("clave").strip()
        data["expediente"] = expediente_list_for_user(user=request.user).filter(clave=clave).first()
        data["solicitante"] = usuario_por_username(data["solicitante"], activo=True)
        if data["expediente"] is None:
            self.add_error("clave", "El expediente no existe o no tiene permiso para verlo.")
            rechazo_registrar(
                actor=request.user,
                tipo="expediente",
                clave=clave,
                vista="prestamo_nuevo",
                estado=404,
                ip=client_ip(request),
            )
        if data["solicitante"] is None:
            self.add_error("solicitante", "No hay una persona usuaria activa con ese nombre de usuario.")
        return data if self.is_valid() else None


@guarded(ARCHIVO, VER_PRESTAMOS)
def prestamo_list(request):
    estado = request.GET.get("estado", "activos")
    qs = sel.prestamo_list_for_user(user=request.user, estado=estado if estado != "todos" else None)
    context = {"prestamos": qs[:200], "estado": estado, "hoy": timezone.localdate()}
    return render(request, "earchivo/ciclo/prestamo_list.html", context)


@guarded(ARCHIVO, GESTIONAR_PRESTAMO)
def prestamo_nuevo(request):
    form = PrestamoForm(request.POST or None, initial={"clave": request.GET.get("clave", "")})
    data = form.resolve(request) if request.method == "POST" else None
    if data and attempt(
        request,
        lambda: prestamos.prestamo_create(actor=request.user, ip=client_ip(request), **data),
        lambda p: f"Expediente {p.expediente.clave} prestado.",
    ):
        return redirect("earchivo:prestamo_list")
    return render(request, "earchivo/ciclo/prestamo_nuevo.html", {"form": form})


@audited_access("prestamo_devolver", tipo="prestamo")
@require_POST
@guarded(ARCHIVO, GESTIONAR_PRESTAMO)
def prestamo_devolver(request, pk: int):
    prestamo = sel.prestamo_get_for_user(user=request.user, id=pk)
    attempt(
        request,
        lambda: prestamos.prestamo_return(actor=request.user, prestamo=prestamo, ip=client_ip(request)),
        f"Expediente {prestamo.expediente.clave} devuelto.",
    )
    return redirect("earchivo:prestamo_list")


urlpatterns = [
    path("prestamos/", prestamo_list, name="prestamo_list"),
    path("prestamos/nuevo/", prestamo_nuevo, name="prestamo_nuevo"),
    path("prestamos/<int:pk>/devolver/", prestamo_devolver, name="prestamo_devolver"),
]
