"""Transferencia pages: the list, preparing one (candidates of a unidad, boxes), its detail, review and reception."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from earchivo.models import Transferencia
from earchivo.permissions import PREPARAR_TRANSFERENCIA, REVISAR_TRANSFERENCIA, VER_TRANSFERENCIAS, holds
from earchivo.selectors import ciclo as sel
from earchivo.services import transferencias, transferencias_rechazo
from earchivo.views import ARCHIVO
from earchivo.views.ciclo import expedientes_visibles, posted_ids
from sai.core.params import param_id
from sai.core.web import attempt, client_ip, guarded
from sai.org.selectors import unidad_por_id, unidades_activas


class TransferenciaForm(forms.Form):
    expedientes_por_caja = forms.IntegerField(label="Expedientes por caja", min_value=1, initial=10, required=False)
    peso_kg = forms.DecimalField(label="Peso aproximado (kg)", min_value=0, decimal_places=2, required=False)
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    referencia_dictamen = forms.CharField(label="Dictamen / acta (secundaria)", max_length=255, required=False)


@guarded(ARCHIVO, VER_TRANSFERENCIAS)
def transferencia_list(request):
    qs = sel.transferencia_list_for_user(
        user=request.user, tipo=request.GET.get("tipo"), estado=request.GET.get("estado")
    )
    context = {"transferencias": qs[:200], "estados": Transferencia.Estado}
    return render(request, "earchivo/ciclo/transferencia_list.html", context)


@guarded(ARCHIVO, PREPARAR_TRANSFERENCIA)
def transferencia_nueva(request):
    tipo = request.GET.get("tipo") if request.GET.get("tipo") in Transferencia.Tipo.values else "primaria"
    perfil = getattr(request.user, "perfil", None)
    if tipo == Transferencia.Tipo.PRIMARIA:
        unidad = perfil.unidad if perfil else None
    else:
        unidad = unidad_por_id(param_id(request.GET, "unidad"))
    form = TransferenciaForm(request.POST or None)
    if request.method == "POST" and unidad is not None and form.is_valid():
        ids = posted_ids(request)
        cajas = [request.POST.get(f"caja_{pk}", "").strip() for pk in ids]
        if any(c and not c.isdigit() for c in cajas):
            messages.error(request, "Las cajas deben ser números enteros.")
        else:
            transferencia = attempt(
                request,
                lambda: transferencias.transferencia_prepare(
                    actor=request.user,
                    tipo=tipo,
                    unidad=unidad,
                    expedientes=expedientes_visibles(request, ids),
                    cajas=[int(c) for c in cajas] if ids and all(cajas) else None,
                    ip=client_ip(request),
                    **form.cleaned_data,
                ),
                lambda t: f"Se preparó la {t}.",
            )
            if transferencia:
                return redirect("earchivo:transferencia_detalle", pk=transferencia.pk)
    candidatos = sel.transferencia_candidatos(user=request.user, tipo=tipo, unidad=unidad) if unidad else []
    unidades = unidades_activas()
    context = {"tipo": tipo, "unidad": unidad, "unidades": unidades, "candidatos": candidatos, "form": form}
    return render(request, "earchivo/ciclo/transferencia_nueva.html", context)


@guarded(ARCHIVO, VER_TRANSFERENCIAS)
def transferencia_detalle(request, pk: int):
    transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
    renglones = sel.transferencia_renglones(user=request.user, transferencia=transferencia)
    return render(
        request,
        "earchivo/ciclo/transferencia_detalle.html",
        {
            "t": transferencia,
            "renglones": renglones,
            "cajas": len({r["caja"] for r in renglones}),
            "cajas_pendientes": sorted({r["caja"] for r in renglones if not r["rechazado"]}),
            "recibiendo": transferencia.estado == Transferencia.Estado.REVISADA
            and holds(request.user, transferencias.PERM_RECIBIR[transferencia.tipo]),
        },
    )


@require_POST
@guarded(ARCHIVO, REVISAR_TRANSFERENCIA)
def transferencia_revisar(request, pk: int):
    transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
    aprobar = request.POST.get("decision") == "aprobar"
    attempt(
        request,
        lambda: transferencias.transferencia_review(
            actor=request.user,
            transferencia=transferencia,
            aprobar=aprobar,
            motivo=request.POST.get("motivo", ""),
            ip=client_ip(request),
        ),
        "Transferencia aprobada." if aprobar else "Transferencia rechazada: los expedientes regresaron a su archivo.",
    )
    return redirect("earchivo:transferencia_detalle", pk=pk)


def _ubicaciones(request, prefijo: str) -> dict[int, str]:
    """The `<prefijo><n>` fields of the reception form: ubicación topográfica by box or by expediente."""
    return {
        int(k.removeprefix(prefijo)): v
        for k, v in request.POST.items()
        if k.startswith(prefijo) and k.removeprefix(prefijo).isdigit() and v.strip()
    }


@require_POST
@guarded(ARCHIVO, VER_TRANSFERENCIAS)
def transferencia_recibir(request, pk: int):
    transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
    attempt(
        request,
        lambda: transferencias.transferencia_receive(
            actor=request.user,
            transferencia=transferencia,
            ubicaciones=_ubicaciones(request, "ubicacion_caja_"),
            ubicaciones_expediente=_ubicaciones(request, "ubicacion_expediente_"),
            ip=client_ip(request),
        ),
        "Transferencia recibida.",
    )
    return redirect("earchivo:transferencia_detalle", pk=pk)


@require_POST
@guarded(ARCHIVO, VER_TRANSFERENCIAS)
def transferencia_rechazar(request, pk: int):
    """The receiving archive rejects one box (`caja` posted) or the whole transfer, with a reason."""
    transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
    caja = request.POST.get("caja", "").strip()
    attempt(
        request,
        lambda: transferencias_rechazo.transferencia_reject(
            actor=request.user,
            transferencia=transferencia,
            motivo=request.POST.get("motivo", ""),
            caja=int(caja) if caja.isdigit() else None,
            ip=client_ip(request),
        ),
        f"Caja {caja} rechazada: sus expedientes regresaron a quien los envió."
        if caja.isdigit()
        else "Transferencia rechazada: los expedientes regresaron a quien los envió.",
    )
    return redirect("earchivo:transferencia_detalle", pk=pk)


urlpatterns = [
    path("transferencias/", transferencia_list, name="transferencia_list"),
    path("transferencias/nueva/", transferencia_nueva, name="transferencia_nueva"),
    path("transferencias/<int:pk>/", transferencia_detalle, name="transferencia_detalle"),
    path("transferencias/<int:pk>/revisar/", transferencia_revisar, name="transferencia_revisar"),
    path("transferencias/<int:pk>/recibir/", transferencia_recibir, name="transferencia_recibir"),
    path("transferencias/<int:pk>/rechazar/", transferencia_rechazar, name="transferencia_rechazar"),
]
