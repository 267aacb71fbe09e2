"""Expediente pages: list, apertura, the expediente page with its documents, cierre/reapertura, carátula, downloads.

Each view parses input, checks access through the selectors' door, and calls one service; services re-check.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earchivo.forms import (
    CierreForm,
    DocumentoForm,
    ExpedienteCreateForm,
    ExpedienteFiltroForm,
    ExpedienteUpdateForm,
    ReaperturaForm,
    VersionForm,
    errors_apply,
)
from earchivo.models import TipoDocumental
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.selectors.expedientes import (
    documento_get_for_user,
    expediente_acciones,
    expediente_detail,
    expediente_list_filtered,
    indice_verify,
    version_get_for_user,
)
from earchivo.services.caratula import caratula_pdf
from earchivo.services.documentos import documento_create, documento_reorder, documento_version_add, version_open
from earchivo.services.expedientes import expediente_close, expediente_create, expediente_reopen, expediente_update
from sai.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from sai.core.permissions import module_access_required
from sai.core.reports import file_response

ARCHIVO = "org.acceder_archivo"
PAGE_SIZE = 25
# Refusals that must surface as 403/404, not as a message on the form.
_PASS = (PermissionDeniedError, NotFoundError)


def guarded(permission: str):
    """Module access + the specific permission; service refusals become 403/404 like any other."""

    def decorator(view):
        @module_access_required(ARCHIVO)
        @module_access_required(permission)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except NotFoundError:
                raise Http404 from None
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from None

        return wrapped

    return decorator


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _refusal(request, exc: ApplicationError) -> None:
    """Business refusal of a button (not a form): show it as a message on the page it came from."""
    detail = "; ".join(m for messages_ in exc.errors.values() for m in messages_)
    messages.error(request, f"{exc.message} {detail}".strip())


@guarded("earchivo.view_expediente")
@require_GET
def expediente_list(request):
    filtro = ExpedienteFiltroForm(request.GET or None)
    qs = expediente_list_filtered(user=request.user, **filtro.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "earchivo/expedientes/list.html",
        {
            "filtro": filtro,
            "page": page,
            "query": query.urlencode(),
            "puede_crear": request.user.has_perm("earchivo.add_expediente"),
        },
    )


@guarded("earchivo.add_expediente")
@require_http_methods(["GET", "POST"])
def expediente_new(request):
    form = ExpedienteCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            expediente = expediente_create(actor=request.user, **form.cleaned_data, ip=_ip(request))
        except _PASS:
            raise
        except ApplicationError as exc:
            errors_apply(form, exc)
        else:
            messages.success(request, f"Expediente {expediente.clave} abierto.")
            return redirect("earchivo:expediente_detail", pk=expediente.pk)
    return render(request, "earchivo/expedientes/form.html", {"form": form, "titulo": "Nuevo expediente"})


@guarded("earchivo.view_expediente")
@require_GET
def expediente_detail_view(request, pk: int):
    detalle = expediente_detail(user=request.user, id=pk)
    acciones = expediente_acciones(user=request.user, expediente=detalle.expediente, documentos=len(detalle.documentos))
    return render(
        request,
        "earchivo/expedientes/detail.html",
        {
            "d": detalle,
            "e": detalle.expediente,
            "acciones": acciones,
            "documento_form": DocumentoForm() if acciones.capturar else None,
            "cierre_form": CierreForm() if acciones.cerrar else None,
            "reapertura_form": ReaperturaForm() if acciones.reabrir else None,
        },
    )


@guarded("earchivo.change_expediente")
@require_http_methods(["GET", "POST"])
def expediente_edit(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = ExpedienteUpdateForm(request.POST or None, expediente=expediente)
    if request.method == "POST" and form.is_valid():
        try:
            expediente_update(actor=request.user, expediente=expediente, ip=_ip(request), **form.changes())
        except _PASS:
            raise
        except ApplicationError as exc:
            errors_apply(form, exc)
        else:
            messages.success(request, "Datos del expediente actualizados.")
            return redirect("earchivo:expediente_detail", pk=pk)
    return render(
        request,
        "earchivo/expedientes/form.html",
        {"form": form, "titulo": f"Editar {expediente.clave}", "expediente": expediente},
    )


@guarded("earchivo.cerrar_expediente")
@require_POST
def expediente_close_view(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = CierreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La fecha de cierre no es válida.")
        return redirect("earchivo:expediente_detail", pk=pk)
    try:
        expediente = expediente_close(
            actor=request.user, expediente=expediente, fecha_cierre=form.cleaned_data["fecha_cierre"], ip=_ip(request)
        )
    except _PASS:
        raise
    except ApplicationError as exc:
        _refusal(request, exc)
    else:
        messages.success(
            request, f"Expediente cerrado el {expediente.fecha_cierre:%d/%m/%Y}; índice electrónico generado."
        )
    return redirect("earchivo:expediente_detail", pk=pk)


@guarded("earchivo.reabrir_expediente")
@require_POST
def expediente_reopen_view(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = ReaperturaForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError("Indique el motivo de la reapertura.")
        expediente_reopen(
            actor=request.user, expediente=expediente, motivo=form.cleaned_data["motivo"], ip=_ip(request)
        )
    except _PASS:
        raise
    except ApplicationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, "Expediente reabierto.")
    return redirect("earchivo:expediente_detail", pk=pk)


@guarded("earchivo.view_expediente")
@require_GET
def expediente_caratula(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    filename = f"caratula-{expediente.clave.replace('/', '-')}.pdf"
    return file_response(caratula_pdf(expediente), filename=filename, content_type="application/pdf")


@guarded("earchivo.view_expediente")
@require_GET
def expediente_indice(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    verificacion = indice_verify(expediente=expediente)
    return render(request, "earchivo/expedientes/indice.html", {"e": expediente, "v": verificacion})


@guarded("earchivo.add_documento")
@require_http_methods(["GET", "POST"])
def documento_new(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = DocumentoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        archivo = data["archivo"]
        try:
            documento_create(
                actor=request.user,
                expediente=expediente,
                tipo_documental=data["tipo_documental"],
                titulo=data["titulo"],
                fecha=data["fecha"],
                autor=data["autor"],
                destinatario=data["destinatario"],
                fojas=data["fojas"],
                metadatos=form.metadatos(),
                fileobj=archivo,
                filename=archivo.name,
                ip=_ip(request),
            )
        except _PASS:
            raise
        except ApplicationError as exc:
            errors_apply(form, exc)
        else:
            messages.success(request, "Documento agregado.")
            return redirect("earchivo:expediente_detail", pk=pk)
    return render(request, "earchivo/expedientes/documento_form.html", {"form": form, "e": expediente})


@guarded("earchivo.add_documento")
@require_GET
def documento_metadatos(request):
    """htmx partial: the extra metadata inputs of the chosen tipo documental."""
    tipo = TipoDocumental.objects.filter(pk=request.GET.get("tipo_documental") or None).first()
    return render(request, "earchivo/expedientes/_metadatos.html", {"form": DocumentoForm(tipo=tipo)})


@guarded("earchivo.change_documento")
@require_http_methods(["GET", "POST"])
def documento_version_new(request, pk: int):
    documento = documento_get_for_user(user=request.user, id=pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        archivo = form.cleaned_data["archivo"]
        try:
            version = documento_version_add(
                actor=request.user,
                documento=documento,
                fileobj=archivo,
                filename=archivo.name,
                motivo=form.cleaned_data["motivo"],
                ip=_ip(request),
            )
        except _PASS:
            raise
        except ApplicationError as exc:
            errors_apply(form, exc)
        else:
            messages.success(request, f"Versión {version.numero} agregada.")
            return redirect("earchivo:expediente_detail", pk=documento.expediente_id)
    return render(
        request,
        "earchivo/expedientes/version_form.html",
        {"form": form, "documento": documento, "e": documento.expediente},
    )


@guarded("earchivo.change_documento")
@require_POST
def documento_move(request, pk: int):
    """Move one document up or down; the service receives the whole new order."""
    documento = documento_get_for_user(user=request.user, id=pk)
    ids = list(documento.expediente.documentos.order_by("orden").values_list("pk", flat=True))
    index = ids.index(documento.pk)
    target = index - 1 if request.POST.get("direccion") == "arriba" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        try:
            documento_reorder(actor=request.user, expediente=documento.expediente, documento_ids=ids, ip=_ip(request))
        except _PASS:
            raise
        except ApplicationError as exc:
            _refusal(request, exc)
    return redirect("earchivo:expediente_detail", pk=documento.expediente_id)


def _version_response(request, pk: int, numero: int, *, inline: bool):
    version = version_get_for_user(user=request.user, documento_id=pk, numero=numero)
    contenido = version_open(actor=request.user, version=version, inline=inline, ip=_ip(request))
    response = FileResponse(
        contenido.stream,
        as_attachment=not inline,
        filename=contenido.nombre_archivo,
        content_type=contenido.mime,
    )
    response["Content-Length"] = str(contenido.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@guarded("earchivo.view_documento")
@require_GET
def version_download(request, pk: int, numero: int):
    return _version_response(request, pk, numero, inline=False)


@guarded("earchivo.view_documento")
@require_GET
def version_view(request, pk: int, numero: int):
    return _version_response(request, pk, numero, inline=True)


urlpatterns = [
    path("expedientes/", expediente_list, name="expediente_list"),
    path("expedientes/nuevo/", expediente_new, name="expediente_create"),
    path("expedientes/metadatos/", documento_metadatos, name="documento_metadatos"),
    path("expedientes/<int:pk>/", expediente_detail_view, name="expediente_detail"),
    path("expedientes/<int:pk>/editar/", expediente_edit, name="expediente_update"),
    path("expedientes/<int:pk>/cerrar/", expediente_close_view, name="expediente_close"),
    path("expedientes/<int:pk>/reabrir/", expediente_reopen_view, name="expediente_reopen"),
    path("expedientes/<int:pk>/caratula.pdf", expediente_caratula, name="expediente_caratula"),
    path("expedientes/<int:pk>/indice/", expediente_indice, name="expediente_indice"),
    path("expedientes/<int:pk>/documentos/nuevo/", documento_new, name="documento_create"),
    path("documentos/<int:pk>/version/", documento_version_new, name="documento_version_add"),
    path("documentos/<int:pk>/mover/", documento_move, name="documento_move"),
    path("documentos/<int:pk>/v/<int:numero>/descargar/", version_download, name="version_download"),
    path("documentos/<int:pk>/v/<int:numero>/ver/", version_view, name="version_view"),
]
