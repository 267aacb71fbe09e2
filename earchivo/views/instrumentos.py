"""Pages of the archival instruments: the CGCA tree with expediente counts, a serie's CADIDO row and ficha, the
versions with their publish / new-borrador actions, the spreadsheet import and the exports.

Anyone with access to the archive browses vigente and histórico versions; changes need `administrar_instrumentos`
(checked here for a clean 403 and again by each service).
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earchivo.permissions import holds
from earchivo.selectors.instrumentos import (
    PERM_ADMINISTRAR,
    cgca_tree,
    cuadro_borradores,
    cuadro_get_for_user,
    cuadro_list_for_user,
    cuadro_series_sin_disposicion,
    cuadro_vigente,
    serie_expedientes_count,
    serie_get,
    tree_walk,
)
from earchivo.services.instrumentos import cuadro_create_borrador, cuadro_publish
from earchivo.services.instrumentos_export import FORMATOS, instrumentos_export
from earchivo.services.instrumentos_io import InstrumentosImportError, instrumentos_import
from earchivo.views import ARCHIVO
from sai.core.exceptions import ApplicationError, NotFoundError
from sai.core.orden import natural
from sai.core.reports import file_response
from sai.core.web import PASS_THROUGH, attempt, form_errors_apply, guarded


class BorradorForm(forms.Form):
    nombre = forms.CharField(label="Nombre del borrador", max_length=255)
    copiar_vigente = forms.BooleanField(label="Copiar la versión vigente para editarla", required=False, initial=True)


class PublicarForm(forms.Form):
    fecha_aprobacion = forms.DateField(
        label="Fecha de aprobación (Grupo Interdisciplinario)", widget=forms.DateInput(attrs={"type": "date"})
    )
    acuerdo = forms.CharField(label="Acuerdo o acta de aprobación", max_length=255)


class ImportarForm(forms.Form):
    archivo = forms.FileField(label="Hoja de cálculo (XLSX o CSV)")
    destino = forms.ChoiceField(label="Importar en")
    nombre = forms.CharField(label="Nombre de la nueva versión", max_length=255, required=False)

    def __init__(self, *args, borradores=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destino"].choices = [("", "Una versión nueva (borrador)")] + [
            (str(c.version), f"Reemplazar el borrador v{c.version}: {c.nombre}") for c in borradores
        ]
        self.fields["destino"].required = False


# --- Browsing ---------------------------------------------------------------------------------------------------


@guarded(ARCHIVO)
@require_GET
def cgca_arbol(request, version: int | None = None):
    """The tree of a version (the vigente one by default), with the expedientes the user may see under each node."""
    cuadros = list(cuadro_list_for_user(user=request.user))
    try:
        cuadro = cuadro_get_for_user(user=request.user, version=version)
    except NotFoundError:
        if version is not None:
            raise
        return render(request, "earchivo/instrumentos/arbol.html", {"cuadro": None, "cuadros": cuadros})
    items = list(tree_walk(cgca_tree(cuadro=cuadro, user=request.user)))
    context = {
        "cuadro": cuadro,
        "cuadros": cuadros,
        "items": items,
        "puede_administrar": holds(request.user, PERM_ADMINISTRAR),
        "series_sin_cadido": cuadro_series_sin_disposicion(cuadro=cuadro) if cuadro.estado == "borrador" else [],
    }
    return render(request, "earchivo/instrumentos/arbol.html", context)


@guarded(ARCHIVO)
@require_GET
def cgca_serie(request, version: int, clave: str):
    """A serie's CADIDO row, ficha técnica and unidades productoras."""
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    nodo = serie_get(cuadro=cuadro, clave=clave)
    context = {
        "cuadro": cuadro,
        "nodo": nodo,
        "disposicion": getattr(nodo, "disposicion", None),
        "ficha": getattr(nodo, "ficha", None),
        "unidades": nodo.unidades_productoras.all(),
        "subseries": nodo.hijos.order_by(natural("clave")),
        "expedientes": serie_expedientes_count(nodo=nodo, user=request.user),
    }
    return render(request, "earchivo/instrumentos/serie.html", context)


@guarded(ARCHIVO)
@require_GET
def cgca_exportar(request, version: int, formato: str):
    if formato not in FORMATOS:
        raise Http404
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    result = instrumentos_export(actor=request.user, cuadro=cuadro, formato=formato)
    return file_response(result.content, filename=result.filename, content_type=result.content_type)


# --- Versions ---------------------------------------------------------------------------------------------------


@guarded(ARCHIVO)
@require_GET
def cgca_versiones(request):
    context = {
        "cuadros": cuadro_list_for_user(user=request.user),
        "puede_administrar": holds(request.user, PERM_ADMINISTRAR),
        "vigente": cuadro_vigente(),
        "borrador_form": BorradorForm(initial={"nombre": f"Actualización {timezone.localdate():%Y}"}),
    }
    return render(request, "earchivo/instrumentos/versiones.html", context)


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_borrador_crear(request):
    form = BorradorForm(request.POST)
    if form.is_valid():
        cuadro = attempt(
            request,
            lambda: cuadro_create_borrador(
                actor=request.user,
                nombre=form.cleaned_data["nombre"],
                copiar_de=cuadro_vigente() if form.cleaned_data["copiar_vigente"] else None,
            ),
            lambda cuadro: f"Se creó el borrador versión {cuadro.version}.",
            form=form,
        )
        if cuadro:
            return redirect("earchivo:cgca_version", version=cuadro.version)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("earchivo:cgca_versiones")


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_http_methods(["GET", "POST"])
def cgca_publicar(request, version: int):
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    form = PublicarForm(request.POST or None, initial={"fecha_aprobacion": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        publicado = attempt(
            request,
            lambda: cuadro_publish(actor=request.user, cuadro=cuadro, **form.cleaned_data),
            f"El CGCA versión {cuadro.version} es ahora el vigente.",
            form=form,
        )
        if publicado:
            return redirect("earchivo:cgca")
    context = {
        "cuadro": cuadro,
        "form": form,
        "vigente": cuadro_vigente(),
        "faltantes": cuadro_series_sin_disposicion(cuadro=cuadro) if cuadro.estado == "borrador" else [],
    }
    return render(request, "earchivo/instrumentos/publicar.html", context)


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_http_methods(["GET", "POST"])
def cgca_importar(request):
    borradores = cuadro_borradores()
    form = ImportarForm(request.POST or None, request.FILES or None, borradores=borradores)
    problemas: list[str] = []
    if request.method == "POST" and form.is_valid():
        destino = form.cleaned_data["destino"]
        upload = form.cleaned_data["archivo"]
        try:
            cuadro = cuadro_get_for_user(user=request.user, version=int(destino)) if destino else None
            summary = instrumentos_import(
                actor=request.user,
                fileobj=upload,
                filename=upload.name,
                cuadro=cuadro,
                nombre=form.cleaned_data["nombre"],
            )
        except InstrumentosImportError as exc:
            form.add_error(None, exc.message)
            problemas = exc.problems
        except PASS_THROUGH:
            raise
        except ApplicationError as exc:
            form_errors_apply(form, exc)
        else:
            messages.success(
                request,
                f"Se importaron {summary.nodos} nodos, {summary.disposiciones} renglones del CADIDO y "
                f"{summary.fichas} fichas técnicas en el borrador versión {summary.cuadro.version}.",
            )
            for aviso in summary.avisos:
                messages.warning(request, aviso)
            return redirect("earchivo:cgca_version", version=summary.cuadro.version)
    return render(request, "earchivo/instrumentos/importar.html", {"form": form, "problemas": problemas})


urlpatterns = [
    path("cgca/", cgca_arbol, name="cgca"),
    path("cgca/versiones/", cgca_versiones, name="cgca_versiones"),
    path("cgca/versiones/nuevo/", cgca_borrador_crear, name="cgca_borrador_crear"),
    path("cgca/importar/", cgca_importar, name="cgca_importar"),
    path("cgca/v<int:version>/", cgca_arbol, name="cgca_version"),
    path("cgca/v<int:version>/publicar/", cgca_publicar, name="cgca_publicar"),
    path("cgca/v<int:version>/series/<str:clave>/", cgca_serie, name="cgca_serie"),
    path("cgca/v<int:version>/exportar/<str:formato>/", cgca_exportar, name="cgca_exportar"),
]
