"""The Coordinación de Archivos' page for tipos documentales: list, create, rename, metadata fields, deactivate.

Tipos SAI makes for its own records are not listed (`tipos_documentales_administrables`). The metadata schema is
typed one field per line, `nombre | tipo | obligatorio` (e.g. `numero_contrato | texto | sí`).
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from earchivo.permissions import ADMINISTRAR_TIPOS
from earchivo.selectors.expedientes import tipo_documental_por_id, tipos_documentales_administrables
from earchivo.services.documentos import TIPOS_METADATO
from earchivo.services.tipos_documentales import tipo_documental_create, tipo_documental_update
from earchivo.views import ARCHIVO
from sai.core.web import attempt, guarded

_SI = {"si", "sí", "s", "x", "obligatorio", "true", "1"}
_NO = {"", "no", "n", "opcional", "false", "0"}


class TipoForm(forms.Form):
    nombre = forms.CharField(label="Nombre", max_length=150)
    es_documento_de_archivo = forms.BooleanField(
        label="Es documento de archivo",
        required=False,
        initial=True,
        help_text="Desmarque para comprobación administrativa inmediata o apoyo informativo.",
    )
    esquema_metadatos = forms.CharField(
        label="Metadatos adicionales",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Uno por renglón: nombre | tipo ({', '.join(TIPOS_METADATO)}) | obligatorio (sí/no)",
    )

    def clean_esquema_metadatos(self) -> list[dict]:
        campos, errores = [], []
        for numero, linea in enumerate(self.cleaned_data["esquema_metadatos"].splitlines(), start=1):
            if not linea.strip():
                continue
            partes = [p.strip() for p in linea.split("|")]
            nombre, tipo, obligatorio = [*partes, "", ""][:3]
            if len(partes) > 3 or obligatorio.lower() not in _SI | _NO:
                errores.append(f"Renglón {numero}: escriba «nombre | tipo | sí/no».")
                continue
            tipo, obligatorio = tipo.lower() or "texto", obligatorio.lower() in _SI
            campos.append({"nombre": nombre, "tipo": tipo, "obligatorio": obligatorio})
        if errores:
            raise forms.ValidationError(errores)
        return campos

    @staticmethod
    def esquema_text(esquema: list[dict]) -> str:
        return "\n".join(
            f"{c['nombre']} | {c.get('tipo', 'texto')} | {'sí' if c.get('obligatorio') else 'no'}" for c in esquema
        )


@guarded(ARCHIVO, ADMINISTRAR_TIPOS)
@require_http_methods(["GET", "POST"])
def tipos_lista(request):
    form = TipoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tipo = attempt(
            request,
            lambda: tipo_documental_create(actor=request.user, **form.cleaned_data),
            lambda tipo: f"Se creó el tipo documental «{tipo.nombre}».",
            form=form,
        )
        if tipo:
            return redirect("earchivo:tipos_documentales")
    context = {"tipos": tipos_documentales_administrables(), "form": form}
    return render(request, "earchivo/tipos/lista.html", context)


def _tipo(tipo_id: int):
    tipo = tipo_documental_por_id(tipo_id, administrables=True)
    if tipo is None:
        raise Http404
    return tipo


@guarded(ARCHIVO, ADMINISTRAR_TIPOS)
@require_http_methods(["GET", "POST"])
def tipo_editar(request, tipo_id: int):
    tipo = _tipo(tipo_id)
    initial = {
        "nombre": tipo.nombre,
        "es_documento_de_archivo": tipo.es_documento_de_archivo,
        "esquema_metadatos": TipoForm.esquema_text(tipo.esquema_metadatos),
    }
    form = TipoForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        guardado = attempt(
            request,
            lambda: tipo_documental_update(actor=request.user, tipo=tipo, **form.cleaned_data),
            lambda tipo: f"Se guardó el tipo documental «{tipo.nombre}».",
            form=form,
        )
        if guardado:
            return redirect("earchivo:tipos_documentales")
    return render(request, "earchivo/tipos/editar.html", {"tipo": tipo, "form": form})


@guarded(ARCHIVO, ADMINISTRAR_TIPOS)
@require_POST
def tipo_activar(request, tipo_id: int):
    """Deactivate (no longer offered) or reactivate a tipo; documents already filed keep it."""
    tipo = _tipo(tipo_id)
    activo = not tipo.activo
    attempt(
        request,
        lambda: tipo_documental_update(actor=request.user, tipo=tipo, activo=activo),
        f"El tipo «{tipo.nombre}» {'vuelve a ofrecerse' if activo else 'ya no se ofrece'}.",
    )
    return redirect("earchivo:tipos_documentales")


urlpatterns = [
    path("tipos-documentales/", tipos_lista, name="tipos_documentales"),
    path("tipos-documentales/<int:tipo_id>/", tipo_editar, name="tipo_documental"),
    path("tipos-documentales/<int:tipo_id>/activo/", tipo_activar, name="tipo_documental_activo"),
]
