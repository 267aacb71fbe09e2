"""Forms of the oficio pages. People and recipients are typed as short lines, resolved here to SAI's records:
`usuario` (a person of SAI), `#SIGLAS` (a unidad), or `Nombre | Cargo | Institución | correo` (someone outside);
a line starting with `ccp:` is a copy (c.c.p.)."""

from django import forms

from earchivo.models import Expediente
from earchivo.selectors.acceso import expediente_list_for_user
from eoficio.models import TipoOficio
from sai.org.selectors import unidades, usuario_por_username


class OficioNuevoForm(forms.Form):
    tipo = forms.ChoiceField(label="Tipo", choices=TipoOficio.choices)
    expediente = forms.ModelChoiceField(label="Expediente", queryset=Expediente.objects.none())
    asunto = forms.CharField(label="Asunto", max_length=500, required=False)
    en_nombre_de = forms.CharField(label="A nombre de (usuario del titular)", max_length=150, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        perfil = getattr(user, "perfil", None)
        self.fields["expediente"].queryset = expediente_list_for_user(user=user).filter(
            estado=Expediente.Estado.ABIERTO, unidad_id=getattr(perfil, "unidad_id", None)
        )

    def clean_en_nombre_de(self):
        nombre = self.cleaned_data["en_nombre_de"].strip()
        if not nombre:
            return None
        usuario = usuario_por_username(nombre, activo=True)
        if usuario is None:
            raise forms.ValidationError("No hay una persona usuaria activa con ese nombre de usuario.")
        return usuario


class BorradorForm(forms.Form):
    """The fields that save themselves while typing (htmx autosave)."""

    tipo = forms.ChoiceField(label="Tipo", choices=TipoOficio.choices)
    asunto = forms.CharField(label="Asunto", max_length=500, required=False)
    referencia = forms.CharField(label="Referencia", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    cuerpo = forms.CharField(
        label="Cuerpo",
        widget=forms.Textarea(attrs={"rows": 14, "data-editor": "cuerpo"}),
        required=False,
        help_text="Formato permitido: <p>, <b>, <i>, <u>, listas. Todo lo demás se elimina al guardar.",
    )


def _usuarios(texto: str, campo: str) -> list:
    resultado, faltan = [], []
    for nombre in (n.strip() for n in texto.replace(",", "\n").splitlines()):
        if nombre:
            usuario = usuario_por_username(nombre, activo=True)
            (resultado if usuario else faltan).append(usuario or nombre)
    if faltan:
        raise forms.ValidationError(f"No existen o no están activas: {', '.join(faltan)}.", code=campo)
    return resultado


class PersonasForm(forms.Form):
    destinatarios = forms.CharField(label="Destinatarios y c.c.p.", widget=forms.Textarea(attrs={"rows": 4}))
    firmantes = forms.CharField(label="Firmantes, en orden (usuarios)", widget=forms.Textarea(attrs={"rows": 2}))
    revisores = forms.CharField(label="Revisores (usuarios)", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    en_orden = forms.BooleanField(label="Revisión en el orden indicado", required=False, initial=True)

    def clean_destinatarios(self) -> list[dict]:
        lista = []
        for linea in self.cleaned_data["destinatarios"].splitlines():
            linea = linea.strip()
            copia = linea.lower().startswith("ccp:")
            linea = linea[4:].strip() if copia else linea
            if not linea:
                continue
            if "|" in linea:
                partes = [p.strip() for p in linea.split("|")] + ["", "", ""]
                lista.append(
                    {
                        "nombre": partes[0],
                        "cargo": partes[1],
                        "institucion": partes[2],
                        "email": partes[3],
                        "copia": copia,
                    }
                )
            elif linea.startswith("#"):
                unidad = unidades().filter(siglas=linea[1:].strip()).first()
                if unidad is None:
                    raise forms.ValidationError(f"No existe la unidad {linea}.")
                lista.append({"unidad": unidad, "copia": copia})
            else:
                lista.append({"usuario": _usuarios(linea, "destinatarios")[0], "copia": copia})
        return lista

    def clean_firmantes(self) -> list[dict]:
        return [{"usuario": u} for u in _usuarios(self.cleaned_data["firmantes"], "firmantes")]

    def clean_revisores(self) -> list:
        return _usuarios(self.cleaned_data["revisores"], "revisores")


class ComentarioForm(forms.Form):
    comentario = forms.CharField(label="Comentario", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PlantillaForm(forms.Form):
    institucion = forms.CharField(label="Institución", max_length=255, required=False)
    lugar = forms.CharField(label="Lugar", max_length=120)
    lema = forms.CharField(label="Lema del año", max_length=255, required=False)
    pie = forms.CharField(label="Pie de página", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    despedida = forms.CharField(label="Despedida", max_length=120)
    patron_numero = forms.CharField(label="Patrón del número", max_length=100)
    margen_superior = forms.IntegerField(label="Margen superior (mm)", min_value=0, max_value=80)
    margen_inferior = forms.IntegerField(label="Margen inferior (mm)", min_value=0, max_value=80)
    margen_izquierdo = forms.IntegerField(label="Margen izquierdo (mm)", min_value=0, max_value=60)
    margen_derecho = forms.IntegerField(label="Margen derecho (mm)", min_value=0, max_value=60)
    membrete = forms.FileField(label="Membrete (PNG o JPEG)", required=False)


class DelegacionForm(forms.Form):
    asistente = forms.CharField(label="Usuario de su secretaría particular", max_length=150)

    def clean_asistente(self):
        usuario = usuario_por_username(self.cleaned_data["asistente"].strip(), activo=True)
        if usuario is None:
            raise forms.ValidationError("No hay una persona usuaria activa con ese nombre de usuario.")
        return usuario
