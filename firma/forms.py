"""Forms of the firma pages (Spanish labels; services do the real checks)."""

from django import forms

from firma.engine.pades import NIVELES
from firma.engine.pdf import MAX_SIGNERS
from firma.selectors import firmantes_elegibles

MAX_CER = 16 * 1024


class CertificadoForm(forms.Form):
    cer = forms.FileField(label="Certificado (.cer)", help_text="El archivo .cer de su e.firma (no la llave .key).")

    def clean_cer(self):
        upload = self.cleaned_data["cer"]
        if upload.size > MAX_CER:
            raise forms.ValidationError("El archivo es demasiado grande para ser un certificado .cer.")
        return upload.read()

    def error_field(self, key: str) -> str | None:
        return "cer" if key in ("certificado", "cer") else None


class UsuarioChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        nombre = obj.get_full_name() or obj.get_username()
        unidad = getattr(getattr(obj, "perfil", None), "unidad", None)
        return f"{nombre} ({obj.get_username()}{' · ' + unidad.siglas if unidad else ''})"


class SolicitudForm(forms.Form):
    """Folio, level and up to MAX_SIGNERS signers with their cargos, in signing order (empty rows are skipped)."""

    folio = forms.CharField(label="Folio o número de oficio", max_length=100)
    unidad_emisora = forms.CharField(label="Unidad emisora", max_length=255, required=False)
    nivel = forms.ChoiceField(
        label="Nivel de firma (PAdES)",
        choices=[("", "El configurado para el tipo documental")] + [(n, f"PAdES {n}") for n in NIVELES],
        required=False,
    )

    def __init__(self, *args, filas: int = MAX_SIGNERS, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = firmantes_elegibles().select_related("perfil__unidad")
        self.filas = filas
        for i in range(1, filas + 1):
            self.fields[f"firmante_{i}"] = UsuarioChoiceField(
                queryset=queryset, required=i == 1, label=f"Firmante {i}", empty_label="—"
            )
            self.fields[f"cargo_{i}"] = forms.CharField(label=f"Cargo del firmante {i}", max_length=255, required=False)

    def renglones(self):
        return [(self[f"firmante_{i}"], self[f"cargo_{i}"]) for i in range(1, self.filas + 1)]

    def firmantes(self) -> list[tuple]:
        result = []
        for i in range(1, self.filas + 1):
            user = self.cleaned_data.get(f"firmante_{i}")
            if user is not None:
                result.append((user, self.cleaned_data.get(f"cargo_{i}", "")))
        return result

    def error_field(self, key: str) -> str | None:
        if key == "firmantes":
            return "firmante_1"
        return key if key in self.fields else None


class VerificaCopiaForm(forms.Form):
    archivo = forms.FileField(
        label="PDF a verificar",
        error_messages={
            "required": "Adjunte el PDF que desea verificar.",
            "empty": "El archivo adjunto está vacío.",
            "invalid": "Adjunte el PDF como archivo (formulario multipart).",
            "missing": "Adjunte el PDF que desea verificar.",
        },
    )


def motivo_field() -> forms.CharField:
    return forms.CharField(
        label="Motivo",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indique el motivo."},
    )


class MotivoForm(forms.Form):
    motivo = motivo_field()


class ReasignarForm(forms.Form):
    """Which pending place in the order goes to whom, and why."""

    orden = forms.TypedChoiceField(label="Firmante pendiente", coerce=int)
    usuario = UsuarioChoiceField(label="Nueva persona firmante", queryset=None)
    cargo = forms.CharField(label="Cargo", max_length=255, required=False)
    motivo = motivo_field()

    def __init__(self, *args, pendientes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orden"].choices = [
            (f.orden, f"{f.orden}. {f.usuario.get_full_name() or f.usuario.get_username()}") for f in pendientes
        ]
        self.fields["usuario"].queryset = firmantes_elegibles().select_related("perfil__unidad")

    def error_field(self, key: str) -> str | None:
        if key == "firmantes":
            return "usuario"
        return key if key in self.fields else None


class SuplenciaForm(forms.Form):
    """Who signs in my place, between which dates, on what basis."""

    suplente = UsuarioChoiceField(label="Suplente", queryset=None)
    desde = forms.DateField(label="Desde", widget=forms.DateInput(attrs={"type": "date"}))
    hasta = forms.DateField(label="Hasta", widget=forms.DateInput(attrs={"type": "date"}))
    fundamento = forms.CharField(
        label="Fundamento",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Artículo, reglamento u oficio que sustenta la suplencia.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suplente"].queryset = firmantes_elegibles().exclude(pk=user.pk).select_related("perfil__unidad")
