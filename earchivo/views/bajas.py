"""Baja documental pages: the list, the solicitud, and the proceso page with its dictamen, acta and ejecución steps
and its own records (inventario, acta) to download."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from earchivo.permissions import GESTIONAR_BAJA, SOLICITAR_BAJA, VER_BAJAS
from earchivo.selectors import ciclo as sel
from earchivo.selectors.acceso import expediente_list_by_ids_for_user
from earchivo.services import bajas
from earchivo.views import ARCHIVO
from earchivo.views.ciclo import posted_ids
from sai.core.web import attempt, client_ip, guarded, stream_response


class DictamenForm(forms.Form):
    numero = forms.CharField(label="Número de dictamen", max_length=60)
    fecha = forms.DateField(label="Fecha del dictamen", widget=forms.DateInput(attrs={"type": "date"}))
    emisor = forms.CharField(label="Emisor", max_length=255)


class ActaForm(forms.Form):
    numero = forms.CharField(label="Número de acta", max_length=60)
    fecha = forms.DateField(label="Fecha del acta", widget=forms.DateInput(attrs={"type": "date"}))
    lugar = forms.CharField(label="Lugar", max_length=255)
    metodo_destruccion = forms.CharField(label="Método de destrucción", max_length=255)
    fileobj = forms.FileField(label="Acta digitalizada (opcional)", required=False)


@guarded(ARCHIVO, VER_BAJAS)
def baja_list(request):
    procesos = sel.proceso_baja_list_for_user(user=request.user, estado=request.GET.get("estado"))
    return render(request, "earchivo/ciclo/baja_list.html", {"procesos": procesos[:200]})


@guarded(ARCHIVO, SOLICITAR_BAJA)
def baja_nueva(request):
    if request.method == "POST":
        proceso = attempt(
            request,
            lambda: bajas.baja_solicitar(
                actor=request.user,
                expedientes=expediente_list_by_ids_for_user(user=request.user, ids=posted_ids(request), custodia=True),
                justificacion=request.POST.get("justificacion", ""),
                ip=client_ip(request),
            ),
            lambda p: f"Se solicitó la {p}.",
        )
        if proceso:
            return redirect("earchivo:baja_detalle", pk=proceso.pk)
    context = {"candidatos": sel.baja_candidatos(user=request.user)}
    return render(request, "earchivo/ciclo/baja_nueva.html", context)


def _baja_detalle(request, proceso, *, dictamen_form=None, acta_form=None):
    hoy = {"fecha": timezone.localdate()}
    return render(
        request,
        "earchivo/ciclo/baja_detalle.html",
        {
            "p": proceso,
            "renglones": proceso.renglones.select_related("expediente__unidad", "expediente__serie"),
            "documentos": proceso.documentos.select_related("blob"),
            "dictamen_form": dictamen_form or DictamenForm(initial=hoy),
            "acta_form": acta_form or ActaForm(initial=hoy),
            "testigos": range(1, 4),
        },
    )


@guarded(ARCHIVO, VER_BAJAS)
def baja_detalle(request, pk: int):
    return _baja_detalle(request, sel.proceso_baja_get_for_user(user=request.user, id=pk))


@require_POST
@guarded(ARCHIVO, GESTIONAR_BAJA)
def baja_dictaminar(request, pk: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    form = DictamenForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: bajas.baja_dictaminar(actor=request.user, proceso=proceso, ip=client_ip(request), **form.cleaned_data),
        "Dictamen registrado.",
    ):
        return redirect("earchivo:baja_detalle", pk=pk)
    return _baja_detalle(request, proceso, dictamen_form=form)


@require_POST
@guarded(ARCHIVO, GESTIONAR_BAJA)
def baja_acta(request, pk: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    form = ActaForm(request.POST, request.FILES)
    nombres, ids = request.POST.getlist("testigo_nombre"), request.POST.getlist("testigo_identificacion")
    testigos = [
        {"nombre": n, "identificacion": i} for n, i in zip(nombres, ids, strict=False) if n.strip() or i.strip()
    ]
    if form.is_valid() and attempt(
        request,
        lambda: bajas.baja_registrar_acta(
            actor=request.user, proceso=proceso, testigos=testigos, ip=client_ip(request), **form.cleaned_data
        ),
        "Acta de baja registrada.",
    ):
        return redirect("earchivo:baja_detalle", pk=pk)
    return _baja_detalle(request, proceso, acta_form=form)


@require_POST
@guarded(ARCHIVO, GESTIONAR_BAJA)
def baja_ejecutar(request, pk: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    attempt(
        request,
        lambda: bajas.baja_ejecutar(actor=request.user, proceso=proceso, ip=client_ip(request)),
        "Baja ejecutada: el contenido se eliminó y los registros se conservan.",
    )
    return redirect("earchivo:baja_detalle", pk=pk)


@guarded(ARCHIVO, VER_BAJAS)
def baja_documento(request, pk: int, documento_id: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    documento = proceso.documentos.select_related("blob").filter(pk=documento_id).first()
    if documento is None:
        raise Http404
    stream = bajas.baja_documento_open(actor=request.user, documento=documento, ip=client_ip(request))
    blob = documento.blob
    return stream_response(stream, filename=documento.nombre_archivo, content_type=blob.mime, size=blob.size)


urlpatterns = [
    path("bajas/", baja_list, name="baja_list"),
    path("bajas/nueva/", baja_nueva, name="baja_nueva"),
    path("bajas/<int:pk>/", baja_detalle, name="baja_detalle"),
    path("bajas/<int:pk>/dictamen/", baja_dictaminar, name="baja_dictaminar"),
    path("bajas/<int:pk>/acta/", baja_acta, name="baja_acta"),
    path("bajas/<int:pk>/ejecutar/", baja_ejecutar, name="baja_ejecutar"),
    path("bajas/<int:pk>/documentos/<int:documento_id>/", baja_documento, name="baja_documento"),
]
