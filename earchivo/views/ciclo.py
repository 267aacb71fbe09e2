"""Pages for the life cycle after cierre: calendario, transferencias, bajas, retenciones legales and préstamos.

Thin views: parse the request, open objects through the access selectors, call one service, show its refusal
as a message. Every view needs the archive module plus the specific permission; services re-check scope.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from earchivo.models import DocumentoProcesoBaja, Transferencia
from earchivo.selectors import ciclo as sel
from earchivo.selectors.acceso import expediente_get_for_user, expediente_list_for_user
from earchivo.selectors.calendario import calendario_caducidades, calendario_resumen
from earchivo.services import bajas, prestamos, retenciones, transferencias
from sai.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from sai.org.models import UnidadAdministrativa

T = "earchivo/ciclo/"


def perm_required(perm: str):
    """The archive module and one permission, or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (request.user.has_perm("org.acceder_archivo") and request.user.has_perm(perm)):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except PermissionDeniedError:
                raise PermissionDenied from None
            except NotFoundError:
                raise Http404 from None

        return wrapped

    return decorator


def _refused(request, exc: ApplicationError) -> None:
    detalles = [m for msgs in exc.errors.values() for m in msgs]
    messages.error(request, " ".join([exc.message, *detalles]))


def _attempt(request, action, ok: str):
    """Run one service call: its result (and a success message), or None with the refusal shown as a message.

    A permission refusal is not a message: it propagates, and perm_required turns it into 403.
    """
    try:
        result = action()
    except PermissionDeniedError:
        raise
    except ApplicationError as exc:
        _refused(request, exc)
        return None
    messages.success(request, ok(result) if callable(ok) else ok)
    return result if result is not None else True


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _expedientes_visibles(request, ids: list[int]) -> list:
    """The requested expedientes in the order given, all through the access door (missing = refused)."""
    encontrados = {e.pk: e for e in expediente_list_for_user(user=request.user).filter(pk__in=ids)}
    if len(encontrados) != len(set(ids)):
        raise ApplicationError("Alguno de los expedientes no existe o no tiene permiso para verlo.")
    return [encontrados[pk] for pk in ids]


def _ids(request, name: str = "expedientes") -> list[int]:
    try:
        return [int(v) for v in request.POST.getlist(name)]
    except ValueError:
        return []


# --- calendario -------------------------------------------------------------------------------------------------


@perm_required("earchivo.view_expediente")
def calendario(request):
    hoy = timezone.localdate()
    anio = int(request.GET["anio"]) if request.GET.get("anio", "").isdigit() else hoy.year
    unidad = UnidadAdministrativa.objects.filter(pk=request.GET.get("unidad") or None).first()
    filas = calendario_caducidades(user=request.user, anio=anio, unidad=unidad)
    return render(
        request,
        T + "calendario.html",
        {
            "filas": filas,
            "resumen": calendario_resumen(filas),
            "anio": anio,
            "anios": range(hoy.year - 1, hoy.year + 6),
            "unidad": unidad,
            "unidades": UnidadAdministrativa.objects.filter(activa=True),
        },
    )


# --- transferencias ---------------------------------------------------------------------------------------------


class TransferenciaForm(forms.Form):
    expedientes_por_caja = forms.IntegerField(label="Expedientes por caja", min_value=1, initial=10, required=False)
    peso_kg = forms.DecimalField(label="Peso aproximado (kg)", min_value=0, decimal_places=2, required=False)
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    referencia_dictamen = forms.CharField(label="Dictamen / acta (secundaria)", max_length=255, required=False)


@perm_required("earchivo.view_transferencia")
def transferencia_list(request):
    qs = sel.transferencia_list_for_user(
        user=request.user, tipo=request.GET.get("tipo"), estado=request.GET.get("estado")
    )
    return render(request, T + "transferencia_list.html", {"transferencias": qs[:200], "estados": Transferencia.Estado})


@perm_required("earchivo.add_transferencia")
def transferencia_nueva(request):
    tipo = request.GET.get("tipo") if request.GET.get("tipo") in Transferencia.Tipo.values else "primaria"
    perfil = getattr(request.user, "perfil", None)
    if tipo == Transferencia.Tipo.PRIMARIA:
        unidad = perfil.unidad if perfil else None
    else:
        unidad = UnidadAdministrativa.objects.filter(pk=request.GET.get("unidad") or None).first()
    form = TransferenciaForm(request.POST or None)
    if request.method == "POST" and unidad is not None and form.is_valid():
        ids = _ids(request)
        cajas = [request.POST.get(f"caja_{pk}", "").strip() for pk in ids]
        if any(c and not c.isdigit() for c in cajas):
            messages.error(request, "Las cajas deben ser números enteros.")
        else:
            transferencia = _attempt(
                request,
                lambda: transferencias.transferencia_prepare(
                    actor=request.user,
                    tipo=tipo,
                    unidad=unidad,
                    expedientes=_expedientes_visibles(request, ids),
                    cajas=[int(c) for c in cajas] if ids and all(cajas) else None,
                    ip=_ip(request),
                    **form.cleaned_data,
                ),
                lambda t: f"Se preparó la {t}.",
            )
            if transferencia:
                return redirect("earchivo:transferencia_detalle", pk=transferencia.pk)
    candidatos = sel.transferencia_candidatos(user=request.user, tipo=tipo, unidad=unidad) if unidad else []
    unidades = UnidadAdministrativa.objects.filter(activa=True)
    context = {"tipo": tipo, "unidad": unidad, "unidades": unidades, "candidatos": candidatos, "form": form}
    return render(request, T + "transferencia_nueva.html", context)


@perm_required("earchivo.view_transferencia")
def transferencia_detalle(request, pk: int):
    transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
    renglones = sel.transferencia_renglones(user=request.user, transferencia=transferencia)
    return render(
        request,
        T + "transferencia_detalle.html",
        {
            "t": transferencia,
            "renglones": renglones,
            "cajas": len({r["caja"] for r in renglones}),
            "puede_recibir": request.user.has_perm(transferencias.PERM_RECIBIR[transferencia.tipo]),
        },
    )


@require_POST
@perm_required("earchivo.revisar_transferencia")
def transferencia_revisar(request, pk: int):
    transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
    aprobar = request.POST.get("decision") == "aprobar"
    _attempt(
        request,
        lambda: transferencias.transferencia_review(
            actor=request.user,
            transferencia=transferencia,
            aprobar=aprobar,
            motivo=request.POST.get("motivo", ""),
            ip=_ip(request),
        ),
        "Transferencia aprobada." if aprobar else "Transferencia rechazada: los expedientes regresaron a su archivo.",
    )
    return redirect("earchivo:transferencia_detalle", pk=pk)


@require_POST
@perm_required("earchivo.view_transferencia")
def transferencia_recibir(request, pk: int):
    transferencia = sel.transferencia_get_for_user(user=request.user, id=pk)
    _attempt(
        request,
        lambda: transferencias.transferencia_receive(actor=request.user, transferencia=transferencia, ip=_ip(request)),
        "Transferencia recibida.",
    )
    return redirect("earchivo:transferencia_detalle", pk=pk)


# --- bajas ------------------------------------------------------------------------------------------------------


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


@perm_required("earchivo.view_procesobaja")
def baja_list(request):
    procesos = sel.proceso_baja_list_for_user(user=request.user, estado=request.GET.get("estado"))
    return render(request, T + "baja_list.html", {"procesos": procesos[:200]})


@perm_required("earchivo.add_procesobaja")
def baja_nueva(request):
    if request.method == "POST":
        proceso = _attempt(
            request,
            lambda: bajas.baja_solicitar(
                actor=request.user,
                expedientes=_expedientes_visibles(request, _ids(request)),
                justificacion=request.POST.get("justificacion", ""),
                ip=_ip(request),
            ),
            lambda p: f"Se solicitó la {p}.",
        )
        if proceso:
            return redirect("earchivo:baja_detalle", pk=proceso.pk)
    return render(request, T + "baja_nueva.html", {"candidatos": sel.baja_candidatos(user=request.user)})


def _baja_detalle(request, proceso, *, dictamen_form=None, acta_form=None):
    hoy = {"fecha": timezone.localdate()}
    return render(
        request,
        T + "baja_detalle.html",
        {
            "p": proceso,
            "renglones": proceso.renglones.select_related("expediente__unidad", "expediente__serie"),
            "documentos": proceso.documentos.select_related("blob"),
            "dictamen_form": dictamen_form or DictamenForm(initial=hoy),
            "acta_form": acta_form or ActaForm(initial=hoy),
            "testigos": range(1, 4),
        },
    )


@perm_required("earchivo.view_procesobaja")
def baja_detalle(request, pk: int):
    return _baja_detalle(request, sel.proceso_baja_get_for_user(user=request.user, id=pk))


@require_POST
@perm_required("earchivo.gestionar_baja")
def baja_dictaminar(request, pk: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    form = DictamenForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        lambda: bajas.baja_dictaminar(actor=request.user, proceso=proceso, ip=_ip(request), **form.cleaned_data),
        "Dictamen registrado.",
    ):
        return redirect("earchivo:baja_detalle", pk=pk)
    return _baja_detalle(request, proceso, dictamen_form=form)


@require_POST
@perm_required("earchivo.gestionar_baja")
def baja_acta(request, pk: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    form = ActaForm(request.POST, request.FILES)
    nombres, ids = request.POST.getlist("testigo_nombre"), request.POST.getlist("testigo_identificacion")
    testigos = [
        {"nombre": n, "identificacion": i} for n, i in zip(nombres, ids, strict=False) if n.strip() or i.strip()
    ]
    if form.is_valid() and _attempt(
        request,
        lambda: bajas.baja_registrar_acta(
            actor=request.user, proceso=proceso, testigos=testigos, ip=_ip(request), **form.cleaned_data
        ),
        "Acta de baja registrada.",
    ):
        return redirect("earchivo:baja_detalle", pk=pk)
    return _baja_detalle(request, proceso, acta_form=form)


@require_POST
@perm_required("earchivo.gestionar_baja")
def baja_ejecutar(request, pk: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    _attempt(
        request,
        lambda: bajas.baja_ejecutar(actor=request.user, proceso=proceso, ip=_ip(request)),
        "Baja ejecutada: el contenido se eliminó y los registros se conservan.",
    )
    return redirect("earchivo:baja_detalle", pk=pk)


@perm_required("earchivo.view_procesobaja")
def baja_documento(request, pk: int, documento_id: int):
    proceso = sel.proceso_baja_get_for_user(user=request.user, id=pk)
    documento = DocumentoProcesoBaja.objects.filter(proceso=proceso, pk=documento_id).select_related("blob").first()
    if documento is None:
        raise Http404
    stream = bajas.baja_documento_open(actor=request.user, documento=documento, ip=_ip(request))
    response = FileResponse(stream, as_attachment=True, filename=documento.nombre_archivo)
    response["Content-Type"] = documento.blob.mime
    return response


# --- retenciones legales ----------------------------------------------------------------------------------------


@perm_required("earchivo.view_expediente")
def retenciones_expediente(request, expediente_id: int):
    expediente = expediente_get_for_user(user=request.user, id=expediente_id)
    if request.method == "POST" and _attempt(
        request,
        lambda: retenciones.retencion_place(
            actor=request.user, expediente=expediente, motivo=request.POST.get("motivo", ""), ip=_ip(request)
        ),
        "Retención legal colocada.",
    ):
        return redirect("earchivo:retenciones", expediente_id=expediente.pk)
    context = {"expediente": expediente, "retenciones": sel.retencion_list(expediente=expediente)}
    return render(request, T + "retenciones.html", context)


@require_POST
@perm_required("earchivo.gestionar_retencion_legal")
def retencion_levantar(request, pk: int):
    retencion = sel.retencion_get_for_user(user=request.user, id=pk)
    _attempt(
        request,
        lambda: retenciones.retencion_lift(
            actor=request.user, retencion=retencion, motivo=request.POST.get("motivo", ""), ip=_ip(request)
        ),
        "Retención legal levantada.",
    )
    return redirect("earchivo:retenciones", expediente_id=retencion.expediente_id)


# --- préstamos --------------------------------------------------------------------------------------------------


class PrestamoForm(forms.Form):
    clave = forms.CharField(label="Clave del expediente", max_length=120)
    solicitante = forms.CharField(label="Usuario solicitante", max_length=150)
    fecha_vencimiento = forms.DateField(label="Fecha de vencimiento", widget=forms.DateInput(attrs={"type": "date"}))
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def resolve(self, user) -> dict | None:
        """The expediente (through the access door) and the active solicitante, or field errors."""
        if not self.is_valid():
            return None
        data = dict(self.cleaned_data)
        data["expediente"] = expediente_list_for_user(user=user).filter(clave=data.pop("clave").strip()).first()
        usuarios = get_user_model().objects.filter(is_active=True)
        data["solicitante"] = usuarios.filter(username=data["solicitante"].strip()).first()
        if data["expediente"] is None:
            self.add_error("clave", "El expediente no existe o no tiene permiso para verlo.")
        if data["solicitante"] is None:
            self.add_error("solicitante", "No hay una persona usuaria activa con ese nombre de usuario.")
        return data if self.is_valid() else None


@perm_required("earchivo.view_prestamo")
def prestamo_list(request):
    estado = request.GET.get("estado", "activos")
    qs = sel.prestamo_list_for_user(user=request.user, estado=estado if estado != "todos" else None)
    context = {"prestamos": qs[:200], "estado": estado, "hoy": timezone.localdate()}
    return render(request, T + "prestamo_list.html", context)


@perm_required("earchivo.gestionar_prestamo")
def prestamo_nuevo(request):
    form = PrestamoForm(request.POST or None, initial={"clave": request.GET.get("clave", "")})
    data = form.resolve(request.user) if request.method == "POST" else None
    if data and _attempt(
        request,
        lambda: prestamos.prestamo_create(actor=request.user, ip=_ip(request), **data),
        lambda p: f"Expediente {p.expediente.clave} prestado.",
    ):
        return redirect("earchivo:prestamo_list")
    return render(request, T + "prestamo_nuevo.html", {"form": form})


@require_POST
@perm_required("earchivo.gestionar_prestamo")
def prestamo_devolver(request, pk: int):
    prestamo = sel.prestamo_get_for_user(user=request.user, id=pk)
    _attempt(
        request,
        lambda: prestamos.prestamo_return(actor=request.user, prestamo=prestamo, ip=_ip(request)),
        f"Expediente {prestamo.expediente.clave} devuelto.",
    )
    return redirect("earchivo:prestamo_list")


urlpatterns = [
    path("calendario/", calendario, name="calendario"),
    path("transferencias/", transferencia_list, name="transferencia_list"),
    path("transferencias/nueva/", transferencia_nueva, name="transferencia_nueva"),
    path("transferencias/<int:pk>/", transferencia_detalle, name="transferencia_detalle"),
    path("transferencias/<int:pk>/revisar/", transferencia_revisar, name="transferencia_revisar"),
    path("transferencias/<int:pk>/recibir/", transferencia_recibir, name="transferencia_recibir"),
    path("bajas/", baja_list, name="baja_list"),
    path("bajas/nueva/", baja_nueva, name="baja_nueva"),
    path("bajas/<int:pk>/", baja_detalle, name="baja_detalle"),
    path("bajas/<int:pk>/dictamen/", baja_dictaminar, name="baja_dictaminar"),
    path("bajas/<int:pk>/acta/", baja_acta, name="baja_acta"),
    path("bajas/<int:pk>/ejecutar/", baja_ejecutar, name="baja_ejecutar"),
    path("bajas/<int:pk>/documentos/<int:documento_id>/", baja_documento, name="baja_documento"),
    path("expedientes/<int:expediente_id>/retenciones/", retenciones_expediente, name="retenciones"),
    path("retenciones/<int:pk>/levantar/", retencion_levantar, name="retencion_levantar"),
    path("prestamos/", prestamo_list, name="prestamo_list"),
    path("prestamos/nuevo/", prestamo_nuevo, name="prestamo_nuevo"),
    path("prestamos/<int:pk>/devolver/", prestamo_devolver, name="prestamo_devolver"),
]
