"""The CGCA editor: a borrador's tree where the Coordinación de Archivos adds, renames, moves and deletes nodes and
sets or removes their CADIDO rows; deleting an unused borrador; comparing two versions.

Each button is one service call (`earchivo/services/instrumentos*.py`), which checks the permission again, refuses
a published version with its reason and audits the change. The node panel loads with htmx beside the tree (and
as `?nodo=` without JavaScript).
"""

from django import forms
from django.contrib import messages
from django.forms.models import fields_for_model
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from earchivo.models import CuadroClasificacion, DisposicionDocumental, NodoClasificacion
from earchivo.selectors.instrumentos import (
    DISPOSICION_FIELDS,
    PERM_ADMINISTRAR,
    cgca_nodes,
    cuadro_get_for_user,
    cuadro_list_for_user,
    nodo_get,
    tree_walk,
)
from earchivo.selectors.instrumentos_comparar import cuadro_compare
from earchivo.services.instrumentos import cuadro_frozen_reason, disposicion_set, nodo_create, nodo_delete, nodo_update
from earchivo.services.instrumentos_editor import cuadro_delete_borrador, disposicion_delete, nodo_move
from earchivo.views import ARCHIVO
from sai.core.web import attempt, error_page, guarded

Nivel = NodoClasificacion.Nivel


def _siglas(text: str) -> list[str]:
    return [s.strip() for s in text.replace(";", ",").split(",") if s.strip()]


class PadreChoiceField(forms.TypedChoiceField):
    def __init__(self, *, nodos=(), **kwargs):
        choices = [("", "— ninguno (raíz del cuadro) —")]
        choices += [(n.pk, f"{n.clave} {n.nombre} ({n.get_nivel_display().lower()})") for n in nodos if not n.es_serie]
        choices += [(n.pk, f"{n.clave} {n.nombre} (serie)") for n in nodos if n.nivel == Nivel.SERIE]
        super().__init__(choices=choices, coerce=int, empty_value=None, required=False, **kwargs)


class NodoForm(forms.Form):
    clave = forms.CharField(label="Clave", max_length=40)
    nombre = forms.CharField(label="Nombre", max_length=255)
    descripcion = forms.CharField(label="Descripción", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    unidades_productoras = forms.CharField(
        label="Unidades productoras", required=False, help_text="Siglas separadas por comas"
    )


class NodoNuevoForm(NodoForm):
    nivel = forms.ChoiceField(label="Nivel", choices=Nivel.choices)
    tipo = forms.ChoiceField(
        label="Tipo (secciones)",
        choices=[("", "Según la clave o la sección"), *NodoClasificacion.Tipo.choices],
        required=False,
    )

    def __init__(self, *args, nodos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["padre"] = PadreChoiceField(label="Depende de", nodos=nodos)
        self.order_fields(["padre", "nivel", "clave", "nombre", "tipo"])


class MoverForm(forms.Form):
    clave = forms.CharField(label="Clave en su nuevo lugar", max_length=40)

    def __init__(self, *args, nodos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["padre"] = PadreChoiceField(label="Nuevo nodo del que depende", nodos=nodos)
        self.order_fields(["padre", "clave"])


class DisposicionForm(forms.Form):
    """The CADIDO row's fields as the model labels them (the service validates the row)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(DisposicionDocumental, fields=DISPOSICION_FIELDS))


def _editor_url(cuadro: CuadroClasificacion, nodo_id: int | None = None) -> str:
    url = reverse("earchivo:cgca_editor", kwargs={"version": cuadro.version})
    return f"{url}?nodo={nodo_id}#panel" if nodo_id else url


def _disposicion_initial(nodo: NodoClasificacion) -> dict | None:
    disposicion = getattr(nodo, "disposicion", None)
    return {f: getattr(disposicion, f) for f in DISPOSICION_FIELDS} if disposicion else None


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_GET
def cgca_editor(request, version: int):
    """The borrador's tree with an edit panel for the chosen node; a published version answers why it is frozen."""
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    if reason := cuadro_frozen_reason(cuadro):
        return error_page(request, reason, status=409)
    items = list(tree_walk(cgca_nodes(cuadro=cuadro)))
    nodos = [item.nodo for item in items]
    context = {"cuadro": cuadro, "items": items, "nuevo_form": NodoNuevoForm(nodos=nodos)}
    if request.GET.get("nodo"):
        nodo = nodo_get(cuadro=cuadro, id=request.GET["nodo"])
        unidades = ", ".join(u.siglas for u in nodo.unidades_productoras.all())
        below = {nodo.pk} | {i.nodo.pk for i in items if i.nodo.clave.startswith(nodo.clave + ".")}
        context |= {
            "nodo": nodo,
            "nodo_form": NodoForm(initial={"unidades_productoras": unidades, **vars(nodo)}),
            "mover_form": MoverForm(nodos=[n for n in nodos if n.pk not in below], initial={"clave": nodo.clave}),
            "hijo_form": NodoNuevoForm(nodos=nodos, initial={"padre": nodo.pk}),
            "cadido_form": DisposicionForm(initial=_disposicion_initial(nodo)) if nodo.es_serie else None,
        }
        if request.headers.get("HX-Request"):
            return render(request, "earchivo/instrumentos/_editor_panel.html", context)
    return render(request, "earchivo/instrumentos/editor.html", context)


def _form_refused(request, form: forms.Form) -> None:
    details = "; ".join(
        f"{form.fields[name].label if name in form.fields else 'Formulario'}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )
    messages.error(request, f"No se guardó. {details}")


def _posted(request, version: int, form_class, nodo_id: int | None = None):
    """The version, the node named in the URL and the bound form (None when invalid: the refusal is a message)."""
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    nodo = nodo_get(cuadro=cuadro, id=nodo_id) if nodo_id is not None else None
    kwargs = {"nodos": list(cuadro.nodos.all())} if form_class in (NodoNuevoForm, MoverForm) else {}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        _form_refused(request, form)
        return cuadro, nodo, None
    return cuadro, nodo, form.cleaned_data


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_nodo_crear(request, version: int):
    cuadro, _, data = _posted(request, version, NodoNuevoForm)
    nodo = data and attempt(
        request,
        lambda: nodo_create(
            actor=request.user,
            cuadro=cuadro,
            padre=nodo_get(cuadro=cuadro, id=data["padre"]) if data["padre"] else None,
            nivel=data["nivel"],
            clave=data["clave"],
            nombre=data["nombre"],
            descripcion=data["descripcion"],
            tipo=data["tipo"],
            unidades_productoras=_siglas(data["unidades_productoras"]),
        ),
        lambda nodo: f"Se agregó {nodo.clave} {nodo.nombre}.",
    )
    return redirect(_editor_url(cuadro, nodo.pk if nodo else None))


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_nodo_modificar(request, version: int, nodo_id: int):
    cuadro, nodo, data = _posted(request, version, NodoForm, nodo_id)
    if data:
        attempt(
            request,
            lambda: nodo_update(
                actor=request.user,
                nodo=nodo,
                clave=data["clave"],
                nombre=data["nombre"],
                descripcion=data["descripcion"],
                unidades_productoras=_siglas(data["unidades_productoras"]),
            ),
            lambda nodo: f"Se guardó {nodo.clave} {nodo.nombre}.",
        )
    return redirect(_editor_url(cuadro, nodo.pk))


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_nodo_mover(request, version: int, nodo_id: int):
    cuadro, nodo, data = _posted(request, version, MoverForm, nodo_id)
    if data:
        padre = nodo_get(cuadro=cuadro, id=data["padre"]) if data["padre"] else None
        attempt(
            request,
            lambda: nodo_move(actor=request.user, nodo=nodo, padre=padre, clave=data["clave"]),
            lambda nodo: f"{nodo.clave} {nodo.nombre} se movió.",
        )
    return redirect(_editor_url(cuadro, nodo.pk))


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_nodo_eliminar(request, version: int, nodo_id: int):
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    nodo = nodo_get(cuadro=cuadro, id=nodo_id)
    done = attempt(request, lambda: nodo_delete(actor=request.user, nodo=nodo), f"Se eliminó {nodo.clave}.")
    return redirect(_editor_url(cuadro, None if done else nodo.pk))


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_cadido_guardar(request, version: int, nodo_id: int):
    cuadro, nodo, data = _posted(request, version, DisposicionForm, nodo_id)
    if data:
        attempt(
            request,
            lambda: disposicion_set(actor=request.user, nodo=nodo, **data),
            f"Se guardó el renglón del CADIDO de {nodo.clave}.",
        )
    return redirect(_editor_url(cuadro, nodo.pk))


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_cadido_eliminar(request, version: int, nodo_id: int):
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    nodo = nodo_get(cuadro=cuadro, id=nodo_id)
    attempt(
        request,
        lambda: disposicion_delete(actor=request.user, nodo=nodo),
        f"Se quitó el renglón del CADIDO de {nodo.clave}.",
    )
    return redirect(_editor_url(cuadro, nodo.pk))


@guarded(ARCHIVO, PERM_ADMINISTRAR)
@require_POST
def cgca_borrador_eliminar(request, version: int):
    cuadro = cuadro_get_for_user(user=request.user, version=version)
    if attempt(
        request,
        lambda: cuadro_delete_borrador(actor=request.user, cuadro=cuadro),
        f"Se eliminó el borrador versión {cuadro.version}.",
    ):
        return redirect("earchivo:cgca_versiones")
    return redirect("earchivo:cgca_version", version=cuadro.version)


@guarded(ARCHIVO)
@require_GET
def cgca_comparar(request):
    """Two versions side by side (a borrador only for those who may see it)."""
    cuadros = list(cuadro_list_for_user(user=request.user))
    context = {"cuadros": cuadros, "comparacion": None}
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a.isdigit() and b.isdigit():
        context["comparacion"] = cuadro_compare(
            a=cuadro_get_for_user(user=request.user, version=int(a)),
            b=cuadro_get_for_user(user=request.user, version=int(b)),
        )
    return render(request, "earchivo/instrumentos/comparar.html", context)


urlpatterns = [
    path("cgca/comparar/", cgca_comparar, name="cgca_comparar"),
    path("cgca/v<int:version>/editar/", cgca_editor, name="cgca_editor"),
    path("cgca/v<int:version>/eliminar/", cgca_borrador_eliminar, name="cgca_borrador_eliminar"),
    path("cgca/v<int:version>/editar/nodos/nuevo/", cgca_nodo_crear, name="cgca_nodo_crear"),
    path("cgca/v<int:version>/editar/nodos/<int:nodo_id>/", cgca_nodo_modificar, name="cgca_nodo_modificar"),
    path("cgca/v<int:version>/editar/nodos/<int:nodo_id>/mover/", cgca_nodo_mover, name="cgca_nodo_mover"),
    path("cgca/v<int:version>/editar/nodos/<int:nodo_id>/eliminar/", cgca_nodo_eliminar, name="cgca_nodo_eliminar"),
    path("cgca/v<int:version>/editar/nodos/<int:nodo_id>/cadido/", cgca_cadido_guardar, name="cgca_cadido_guardar"),
    path(
        "cgca/v<int:version>/editar/nodos/<int:nodo_id>/cadido/eliminar/",
        cgca_cadido_eliminar,
        name="cgca_cadido_eliminar",
    ),
]
