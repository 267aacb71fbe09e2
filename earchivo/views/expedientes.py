"""Expediente pages: list, apertura, the expediente page with its documents, cierre/reapertura, carátula, downloads.

Each view parses input, checks access through the selectors' door, and calls one service; services re-check.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earchivo.forms import (
    CierreForm,
    DocumentoForm,
    DocumentosLoteForm,
    ExpedienteCreateForm,
    ExpedienteFiltroForm,
    ExpedienteUpdateForm,
    ReaperturaForm,
    VersionForm,
)
from earchivo.models import Expediente
from earchivo.permissions import (
    ABRIR_EXPEDIENTE,
    AGREGAR_DOCUMENTO,
    CERRAR_EXPEDIENTE,
    MODIFICAR_DOCUMENTO,
    REABRIR_EXPEDIENTE,
    VER_DOCUMENTOS,
    VER_EXPEDIENTES,
    holds,
)
from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.selectors.expedientes import (
    documento_get_for_user,
    expediente_acciones,
    expediente_detail,
    expediente_list_filtered,
    indice_verify,
    tipo_documental_por_id,
    version_get_for_user,
)
from earchivo.services.caratula import caratula_filename, caratula_pdf
from earchivo.services.cierre import expediente_close, expediente_reopen
from earchivo.services.documentos import documento_create, documento_reorder, documento_version_add, version_open
from earchivo.services.documentos_lote import documentos_create_batch
from earchivo.services.expedientes import expediente_create, expediente_update
from earchivo.views import ARCHIVO, ciclo, prestamos
from earchivo.views.lecturas import audited_access
from sai.core.exceptions import GoneError
from sai.core.params import param_id
from sai.core.reports import file_response
from sai.core.web import attempt, client_ip, guarded, may_open, stream_response

PAGE_SIZE = 25
PRESTABLES = (Expediente.Estado.ABIERTO, Expediente.Estado.CERRADO)


@guarded(ARCHIVO, VER_EXPEDIENTES)
@require_GET
def expediente_list(request):
    filtro = ExpedienteFiltroForm(request.GET or None)
    orden = request.GET.get("orden", "")
    qs = expediente_list_filtered(user=request.user, orden=orden, **filtro.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filtros = query.copy()
    filtros.pop("orden", None)
    return render(
        request,
        "earchivo/expedientes/list.html",
        {
            "filtro": filtro,
            "page": page,
            "query": query.urlencode(),
            "columnas": _columnas(filtros.urlencode(), orden),
            "puede_crear": holds(request.user, ABRIR_EXPEDIENTE),
        },
    )


COLUMNAS = [
    ("clave", "Clave"),
    ("titulo", "Título"),
    ("serie", "Serie"),
    ("unidad", "Unidad"),
    ("apertura", "Apertura"),
    ("etapa", "Etapa"),
    ("estado", "Estado"),
    ("clasificacion", "Clasificación"),
]


def _columnas(filtros: str, orden: str) -> list[dict]:
    """Each sortable header: its link (a second click reverses the order) and its aria-sort state."""
    columnas = []
    for clave, etiqueta in COLUMNAS:
        actual = "ascending" if orden == clave else "descending" if orden == f"-{clave}" else "none"
        siguiente = f"-{clave}" if orden == clave else clave
        href = f"?{filtros}&orden={siguiente}" if filtros else f"?orden={siguiente}"
        columnas.append({"etiqueta": etiqueta, "href": href, "aria_sort": actual})
    return columnas


@guarded(ARCHIVO, ABRIR_EXPEDIENTE)
@require_http_methods(["GET", "POST"])
def expediente_new(request):
    form = ExpedienteCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        expediente = attempt(
            request,
            lambda: expediente_create(actor=request.user, **form.cleaned_data, ip=client_ip(request)),
            lambda expediente: f"Expediente {expediente.clave} abierto.",
            form=form,
        )
        if expediente:
            return redirect("earchivo:expediente_detail", pk=expediente.pk)
    return render(request, "earchivo/expedientes/form.html", {"form": form, "titulo": "Nuevo expediente"})


@audited_access("expediente", lectura=True)
@guarded(ARCHIVO, VER_EXPEDIENTES)
@require_GET
def expediente_detail_view(request, pk: int):
    detalle = expediente_detail(user=request.user, id=pk)
    expediente = detalle.expediente
    acciones = expediente_acciones(user=request.user, expediente=expediente, documentos=len(detalle.documentos))
    return render(
        request,
        "earchivo/expedientes/detail.html",
        {
            "d": detalle,
            "e": expediente,
            "acciones": acciones,
            "ver_retenciones": may_open(request.user, ciclo.retenciones_expediente),
            # Only a lendable estado offers the link; the service still decides (etapa, unidad, solicitante).
            "prestar": may_open(request.user, prestamos.prestamo_nuevo) and expediente.estado in PRESTABLES,
            "documento_form": DocumentoForm() if acciones.capturar else None,
            "lote_form": DocumentosLoteForm(initial={"fecha": timezone.localdate()}) if acciones.capturar else None,
            "cierre_form": CierreForm() if acciones.cerrar else None,
            "reapertura_form": ReaperturaForm() if acciones.reabrir else None,
        },
    )


@audited_access("editar")
@guarded(ARCHIVO, VER_EXPEDIENTES)
@require_http_methods(["GET", "POST"])
def expediente_edit(request, pk: int):
    """Descriptive fields for the expediente's keeper, classification and responsable for its classifiers."""
    expediente = expediente_get_for_user(user=request.user, id=pk)
    acciones = expediente_acciones(user=request.user, expediente=expediente, documentos=0)
    if not (acciones.editar or acciones.clasificar):
        raise PermissionDenied
    form = ExpedienteUpdateForm(
        request.POST or None, expediente=expediente, editar=acciones.editar, clasificar=acciones.clasificar
    )
    if request.method == "POST" and form.is_valid():
        actualizado = attempt(
            request,
            lambda: expediente_update(
                actor=request.user, expediente=expediente, ip=client_ip(request), **form.changes()
            ),
            "Datos del expediente actualizados.",
            form=form,
        )
        if actualizado:
            return redirect("earchivo:expediente_detail", pk=pk)
    return render(
        request,
        "earchivo/expedientes/form.html",
        {"form": form, "titulo": f"Editar {expediente.clave}", "expediente": expediente},
    )


@audited_access("cerrar")
@guarded(ARCHIVO, CERRAR_EXPEDIENTE)
@require_POST
def expediente_close_view(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = CierreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La fecha de cierre no es válida.")
    else:
        attempt(
            request,
            lambda: expediente_close(
                actor=request.user,
                expediente=expediente,
                fecha_cierre=form.cleaned_data["fecha_cierre"],
                ip=client_ip(request),
            ),
            lambda e: f"Expediente cerrado el {e.fecha_cierre:%d/%m/%Y}; índice electrónico generado.",
        )
    return redirect("earchivo:expediente_detail", pk=pk)


@audited_access("reabrir")
@guarded(ARCHIVO, REABRIR_EXPEDIENTE)
@require_POST
def expediente_reopen_view(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = ReaperturaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indique el motivo de la reapertura.")
    else:
        attempt(
            request,
            lambda: expediente_reopen(
                actor=request.user, expediente=expediente, motivo=form.cleaned_data["motivo"], ip=client_ip(request)
            ),
            "Expediente reabierto.",
        )
    return redirect("earchivo:expediente_detail", pk=pk)


@audited_access("caratula", lectura=True)
@guarded(ARCHIVO, VER_EXPEDIENTES)
@require_GET
def expediente_caratula(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    return file_response(
        caratula_pdf(expediente), filename=caratula_filename(expediente), content_type="application/pdf"
    )


@audited_access("indice", lectura=True)
@guarded(ARCHIVO, VER_EXPEDIENTES)
@require_GET
def expediente_indice(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    verificacion = indice_verify(expediente=expediente)
    return render(request, "earchivo/expedientes/indice.html", {"e": expediente, "v": verificacion})


@audited_access("documento_nuevo")
@guarded(ARCHIVO, AGREGAR_DOCUMENTO)
@require_http_methods(["GET", "POST"])
def documento_new(request, pk: int):
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = DocumentoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        archivo = data["archivo"]
        agregado = attempt(
            request,
            lambda: documento_create(
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
                ip=client_ip(request),
            ),
            "Documento agregado.",
            form=form,
        )
        if agregado:
            return redirect("earchivo:expediente_detail", pk=pk)
    return render(request, "earchivo/expedientes/documento_form.html", {"form": form, "e": expediente})


@audited_access("documentos_lote")
@guarded(ARCHIVO, AGREGAR_DOCUMENTO)
@require_POST
def documentos_lote(request, pk: int):
    """Several files dropped (or picked) at once: each becomes a document, or none does (errors per file)."""
    expediente = expediente_get_for_user(user=request.user, id=pk)
    form = DocumentosLoteForm(request.POST, request.FILES)
    if not form.is_valid():
        detalles = "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items())
        messages.error(request, f"No se agregó ningún documento. {detalles}")
        return redirect("earchivo:expediente_detail", pk=pk)
    data = form.cleaned_data
    attempt(
        request,
        lambda: documentos_create_batch(
            actor=request.user,
            expediente=expediente,
            tipo_documental=data["tipo_documental"],
            fecha=data["fecha"],
            autor=data["autor"],
            archivos=[(archivo, archivo.name) for archivo in data["archivos"]],
            ip=client_ip(request),
        ),
        lambda docs: f"Se agregaron {len(docs)} documento{'s' if len(docs) != 1 else ''}.",
    )
    return redirect("earchivo:expediente_detail", pk=pk)


@guarded(ARCHIVO, AGREGAR_DOCUMENTO)
@require_GET
def documento_metadatos(request):
    """htmx partial: the extra metadata inputs of the chosen tipo documental."""
    tipo = tipo_documental_por_id(param_id(request.GET, "tipo_documental"))
    return render(request, "earchivo/expedientes/_metadatos.html", {"form": DocumentoForm(tipo=tipo)})


@audited_access("version_nueva", tipo="documento")
@guarded(ARCHIVO, MODIFICAR_DOCUMENTO)
@require_http_methods(["GET", "POST"])
def documento_version_new(request, pk: int):
    documento = documento_get_for_user(user=request.user, id=pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        archivo = form.cleaned_data["archivo"]
        version = attempt(
            request,
            lambda: documento_version_add(
                actor=request.user,
                documento=documento,
                fileobj=archivo,
                filename=archivo.name,
                motivo=form.cleaned_data["motivo"],
                ip=client_ip(request),
            ),
            lambda version: f"Versión {version.numero} agregada.",
            form=form,
        )
        if version:
            return redirect("earchivo:expediente_detail", pk=documento.expediente_id)
    return render(
        request,
        "earchivo/expedientes/version_form.html",
        {"form": form, "documento": documento, "e": documento.expediente},
    )


@audited_access("mover", tipo="documento")
@guarded(ARCHIVO, MODIFICAR_DOCUMENTO)
@require_POST
def documento_move(request, pk: int):
    """Move one document up or down; the service receives the whole new order."""
    documento = documento_get_for_user(user=request.user, id=pk)
    ids = list(documento.expediente.documentos.order_by("orden").values_list("pk", flat=True))
    index = ids.index(documento.pk)
    target = index - 1 if request.POST.get("direccion") == "arriba" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        attempt(
            request,
            lambda: documento_reorder(
                actor=request.user, expediente=documento.expediente, documento_ids=ids, ip=client_ip(request)
            ),
        )
    return redirect("earchivo:expediente_detail", pk=documento.expediente_id)


def _version_response(request, pk: int, numero: int, *, inline: bool):
    """The version's bytes; content a baja documental deleted answers 410 with a page that says which baja."""
    version = version_get_for_user(user=request.user, documento_id=pk, numero=numero)
    try:
        contenido = version_open(actor=request.user, version=version, inline=inline, ip=client_ip(request))
    except GoneError as exc:
        context = {"mensaje": exc.message, "documento": version.documento, "version": version}
        return render(request, "earchivo/expedientes/contenido_eliminado.html", context, status=exc.status_code)
    return stream_response(
        contenido.stream,
        filename=contenido.nombre_archivo,
        content_type=contenido.mime,
        size=contenido.size,
        inline=inline,
    )


@audited_access("descargar", tipo="documento")
@guarded(ARCHIVO, VER_DOCUMENTOS)
@require_GET
def version_download(request, pk: int, numero: int):
    return _version_response(request, pk, numero, inline=False)


@audited_access("ver", tipo="documento")
@guarded(ARCHIVO, VER_DOCUMENTOS)
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
    path("expedientes/<int:pk>/documentos/varios/", documentos_lote, name="documentos_lote"),
    path("documentos/<int:pk>/version/", documento_version_new, name="documento_version_add"),
    path("documentos/<int:pk>/mover/", documento_move, name="documento_move"),
    path("documentos/<int:pk>/v/<int:numero>/descargar/", version_download, name="version_download"),
    path("documentos/<int:pk>/v/<int:numero>/ver/", version_view, name="version_view"),
]
