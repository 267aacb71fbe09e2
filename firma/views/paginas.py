"""Signed-in pages: my certificates, the documents waiting for my signature, sending a document version to
signature, a request's detail and the browser signing page (two-phase: the `.key` is read and used by JavaScript,
never uploaded).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from firma import permissions, selectors
from firma.engine.certificates import certificado_load
from firma.forms import CertificadoForm, MotivoForm, ReasignarForm, SolicitudForm, SuplenciaForm
from firma.models import Firmante
from firma.services import (
    certificado_register,
    firmante_reassign,
    solicitud_cancel,
    solicitud_constancia_download,
    solicitud_create,
    solicitud_decline,
    solicitud_pdf_download,
    suplencia_designate,
)
from firma.services.firmables import firmable_for_request
from firma.views import audited_access, solicitud_pdf_response
from sai.core.exceptions import ApplicationError
from sai.core.web import attempt, client_ip, guarded, refusals_as_http


def firma_access(view):
    """Either firma permission opens the module's shared pages; services and selectors narrow what is shown."""
    answered = refusals_as_http(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.puede_usar_firma(request.user):
            raise PermissionDenied
        return answered(request, *args, **kwargs)

    wrapped.required_permissions = (permissions.FIRMAR,)
    return wrapped


@firma_access
@require_GET
def index(request):
    puede_firmar = permissions.puede_firmar(request.user)
    return render(
        request,
        "firma/index.html",
        {
            "pendientes": selectors.firmantes_pendientes(user=request.user) if puede_firmar else [],
            "solicitudes": selectors.solicitud_list_for_user(user=request.user)[:50],
            "puede_firmar": puede_firmar,
        },
    )


@guarded(permissions.FIRMAR)
@require_http_methods(["GET", "POST"])
def certificados(request):
    form = CertificadoForm(request.POST or None, request.FILES or None)
    nuevo = None
    if request.method == "POST" and form.is_valid():
        nuevo = attempt(
            request,
            lambda: certificado_register(actor=request.user, cer=form.cleaned_data["cer"], ip=client_ip(request)),
            lambda c: f"Certificado {c.numero_certificado or c.serie_hex} de {c.titular} registrado.",
            form=form,
        )
        if nuevo:
            form = CertificadoForm()
    return render(
        request,
        "firma/certificados.html",
        {"form": form, "nuevo": nuevo, "certificados": selectors.certificado_list_for_user(user=request.user)},
    )


@guarded(permissions.SOLICITAR)
@require_http_methods(["GET", "POST"])
def solicitud_nueva(request, tipo: str, object_id: int):
    """Send a registered firmable (e.g. an e-archivo PDF version) to signature."""
    info = selectors.firmable_get_for_user(user=request.user, tipo=tipo, id=object_id)
    try:
        firmable_for_request(actor=request.user, tipo=tipo, object_id=object_id)
    except ApplicationError as exc:
        return render(request, "firma/solicitud_nueva.html", {"info": info, "error": exc.message}, status=400)
    form = SolicitudForm(request.POST or None, initial={"unidad_emisora": info.unidad_emisora})
    if request.method == "POST" and form.is_valid():
        solicitud = attempt(
            request,
            lambda: solicitud_create(
                actor=request.user,
                firmable_tipo=tipo,
                firmable_id=object_id,
                firmantes=form.firmantes(),
                folio=form.cleaned_data["folio"],
                unidad_emisora=form.cleaned_data["unidad_emisora"],
                nivel=form.cleaned_data["nivel"] or None,
                ip=client_ip(request),
            ),
            lambda s: f"Documento enviado a firma (folio {s.folio}).",
            form=form,
        )
        if solicitud:
            return redirect("firma:solicitud", uuid=solicitud.uuid)
    return render(request, "firma/solicitud_nueva.html", {"info": info, "form": form})


def _detalle(request, solicitud, *, cancelar=None, rechazar=None, reasignar=None, status=200):
    siguiente = selectors.firmante_siguiente(solicitud=solicitud)
    firmantes = list(solicitud.firmantes.select_related("usuario", "reasignado_de", "firma__certificado"))
    abierta = solicitud.estado == "en_firma"
    pendientes = [f for f in firmantes if f.estado != Firmante.Estado.FIRMADA] if abierta else []
    gestiona = abierta and permissions.puede_gestionar(request.user, solicitud)
    rechaza = abierta and any(f.usuario_id == request.user.pk for f in pendientes)
    return render(
        request,
        "firma/solicitud.html",
        {
            "s": solicitud,
            "info": selectors.firmable_de(solicitud),
            "firmantes": firmantes,
            "siguiente": siguiente,
            "me_toca": siguiente is not None and siguiente.usuario_id == request.user.pk,
            "cancelar_form": (cancelar or MotivoForm(prefix="cancelar")) if gestiona else None,
            "reasignar_form": (reasignar or ReasignarForm(prefix="reasignar", pendientes=pendientes))
            if gestiona and pendientes
            else None,
            "rechazar_form": (rechazar or MotivoForm(prefix="rechazar")) if rechaza else None,
        },
        status=status,
    )


@audited_access("solicitud")
@firma_access
@require_GET
def solicitud_detalle(request, uuid):
    return _detalle(request, selectors.solicitud_get_for_user(user=request.user, uuid=uuid))


@firma_access
@require_http_methods(["POST"])
def solicitud_cancelar(request, uuid):
    """Cancel (requester or Coordinación) or decline (a pending signer): both end the request with a reason."""
    solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
    rechazo = "rechazar-motivo" in request.POST
    form = MotivoForm(request.POST, prefix="rechazar" if rechazo else "cancelar")
    if form.is_valid():
        service = solicitud_decline if rechazo else solicitud_cancel
        hecho = attempt(
            request,
            lambda: service(
                actor=request.user, solicitud=solicitud, motivo=form.cleaned_data["motivo"], ip=client_ip(request)
            ),
            "Rechazó firmar el documento." if rechazo else "Solicitud cancelada.",
            form=form,
        )
        if hecho:
            return redirect("firma:solicitud", uuid=solicitud.uuid)
    forms_ = {"rechazar": form} if rechazo else {"cancelar": form}
    return _detalle(request, solicitud, status=400, **forms_)


@firma_access
@require_http_methods(["POST"])
def solicitud_reasignar(request, uuid):
    solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
    pendientes = solicitud.firmantes.exclude(estado=Firmante.Estado.FIRMADA).select_related("usuario")
    form = ReasignarForm(request.POST, prefix="reasignar", pendientes=pendientes)
    if form.is_valid():
        data = form.cleaned_data
        hecho = attempt(
            request,
            lambda: firmante_reassign(
                actor=request.user,
                solicitud=solicitud,
                orden=data["orden"],
                usuario=data["usuario"],
                cargo=data["cargo"],
                motivo=data["motivo"],
                ip=client_ip(request),
            ),
            lambda f: f"El lugar {f.orden} en el orden de firma pasó a {f.usuario.get_full_name() or f.usuario}.",
            form=form,
        )
        if hecho:
            return redirect("firma:solicitud", uuid=solicitud.uuid)
    return _detalle(request, solicitud, reasignar=form, status=400)


@audited_access("pdf")
@firma_access
@require_GET
def solicitud_pdf(request, uuid):
    return solicitud_pdf_response(request, uuid, descargar=solicitud_pdf_download, nombre="firma")


@audited_access("constancia")
@firma_access
@require_GET
def solicitud_constancia(request, uuid):
    """The printable PDF/A constancia of a request, for whoever may see the request."""
    return solicitud_pdf_response(request, uuid, descargar=solicitud_constancia_download, nombre="constancia")


def _con_modulo(certificados) -> list:
    """Each certificate with its RSA modulus: lets the page tell "this .key is not this certificate's" up front."""
    certificados = list(certificados)
    for certificado in certificados:
        certificado.modulo = f"{certificado_load(bytes(certificado.der)).public_key().public_numbers().n:x}"
    return certificados


@audited_access("firmar")
@guarded(permissions.FIRMAR)
@require_GET
def firmar(request, uuid):
    """The browser signing page. Only the certificate id and the signature value are ever posted from it."""
    solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
    mio, suplencia = selectors.firmante_de(solicitud=solicitud, user=request.user)
    if mio is None:
        raise PermissionDenied("Usted no es firmante de este documento.")
    siguiente = selectors.firmante_siguiente(solicitud=solicitud)
    aviso = ""
    if mio.estado == Firmante.Estado.FIRMADA:
        aviso = "Usted ya firmó este documento."
    elif solicitud.estado != "en_firma":
        aviso = f"La solicitud ya no está en firma ({solicitud.get_estado_display()})."
    elif siguiente is None or siguiente.pk != mio.pk:
        quien = siguiente.usuario.get_full_name() or siguiente.usuario.get_username()
        aviso = f"Aún no le corresponde firmar: falta la firma de {quien} (firmante {siguiente.orden} del orden)."
    certificados = _con_modulo(selectors.certificado_list_for_user(user=request.user).filter(tipo="efirma"))
    if not aviso and not certificados:
        messages.info(request, "Registre primero el certificado (.cer) de su e.firma.")
    return render(
        request,
        "firma/firmar.html",
        {"s": solicitud, "mio": mio, "suplencia": suplencia, "aviso": aviso, "certificados": certificados},
    )


@guarded(permissions.FIRMAR)
@require_GET
def lote(request):
    """Batch signing page: pick pending requests, unlock the `.key` once in the browser, sign them all (lote.js)."""
    certificados = _con_modulo(selectors.certificado_list_for_user(user=request.user).filter(tipo="efirma"))
    if not certificados:
        messages.info(request, "Registre primero el certificado (.cer) de su e.firma.")
    return render(
        request,
        "firma/lote.html",
        {"pendientes": selectors.firmantes_pendientes(user=request.user), "certificados": certificados},
    )


@guarded(permissions.FIRMAR)
@require_http_methods(["GET", "POST"])
def suplencias(request):
    """Designate who signs in my place while I am absent; the list of suplencias I gave and received."""
    form = SuplenciaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        hecho = attempt(
            request,
            lambda: suplencia_designate(
                actor=request.user, titular=request.user, ip=client_ip(request), **form.cleaned_data
            ),
            lambda s: f"Suplencia registrada: {s.suplente.get_full_name() or s.suplente} firma {s.leyenda()}.",
            form=form,
        )
        if hecho:
            return redirect("firma:suplencias")
    return render(
        request,
        "firma/suplencias.html",
        {"form": form, "suplencias": selectors.suplencia_list_for_user(user=request.user)},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("", index, name="index"),
    path("certificados/", certificados, name="certificados"),
    path("suplencias/", suplencias, name="suplencias"),
    path("lote/", lote, name="lote"),
    path("enviar/<str:tipo>/<int:object_id>/", solicitud_nueva, name="solicitud_nueva"),
    path("solicitudes/<uuid:uuid>/", solicitud_detalle, name="solicitud"),
    path("solicitudes/<uuid:uuid>/pdf/", solicitud_pdf, name="solicitud_pdf"),
    path("solicitudes/<uuid:uuid>/constancia/", solicitud_constancia, name="solicitud_constancia"),
    path("solicitudes/<uuid:uuid>/cancelar/", solicitud_cancelar, name="solicitud_cancelar"),
    path("solicitudes/<uuid:uuid>/reasignar/", solicitud_reasignar, name="solicitud_reasignar"),
    path("solicitudes/<uuid:uuid>/firmar/", firmar, name="firmar"),
]
