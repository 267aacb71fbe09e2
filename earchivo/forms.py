"""Forms of the expediente pages: they parse input only; the services decide (and their errors come back here)."""

from django import forms
from django.contrib.auth import get_user_model

from earchivo.models import ClasificacionInformacion, Expediente, NodoClasificacion, TipoDocumental
from earchivo.selectors.expedientes import series_clasificables, tipo_documental_por_id, tipos_documentales
from sai.org.models import UnidadAdministrativa

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
META_PREFIX = "meta_"


def _usuarios(unidad=None):
    users = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")
    return users.filter(perfil__unidad=unidad) if unidad is not None else users


class UsuarioChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class _ClasificacionMixin(forms.Form):
    clasificacion = forms.ChoiceField(
        label="Clasificación de la información",
        choices=[("", "La de la serie (CADIDO)"), *ClasificacionInformacion.choices],
        required=False,
    )
    fundamento_clasificacion = forms.CharField(
        label="Fundamento legal de la clasificación", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    fecha_clasificacion = forms.DateField(label="Fecha de clasificación", widget=DATE, required=False)
    periodo_reserva_anios = forms.IntegerField(label="Periodo de reserva (años)", min_value=1, required=False)
    partes_clasificadas = forms.CharField(
        label="Partes o secciones clasificadas", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ExpedienteCreateForm(_ClasificacionMixin):
    serie = forms.ModelChoiceField(label="Serie / subserie", queryset=None)
    unidad = forms.ModelChoiceField(label="Unidad administrativa", queryset=None)
    titulo = forms.CharField(label="Título", max_length=500)
    asunto = forms.CharField(label="Asunto", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    responsable = UsuarioChoiceField(label="Responsable", queryset=None, required=False)
    fecha_apertura = forms.DateField(label="Fecha de apertura", widget=DATE, required=False)
    soporte = forms.ChoiceField(
        label="Soporte", choices=Expediente.Soporte.choices, initial=Expediente.Soporte.ELECTRONICO
    )
    legajos = forms.IntegerField(label="Legajos", min_value=1, initial=1)
    ubicacion_topografica = forms.CharField(label="Ubicación topográfica", max_length=255, required=False)
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    field_order = ["serie", "unidad", "titulo", "asunto", "responsable", "fecha_apertura", "soporte", "legajos"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = getattr(getattr(user, "perfil", None), "unidad", None)
        if user.has_perm("earchivo.ver_todos_expedientes"):
            self.fields["unidad"].queryset = UnidadAdministrativa.objects.filter(activa=True)
            self.fields["serie"].queryset = series_clasificables()
            self.fields["responsable"].queryset = _usuarios()
        else:
            self.fields["unidad"].queryset = UnidadAdministrativa.objects.filter(pk=own.pk if own else None)
            self.fields["serie"].queryset = series_clasificables(unidad=own)
            self.fields["responsable"].queryset = _usuarios(own)
        if own is not None:
            self.fields["unidad"].initial = own.pk
        self.fields["responsable"].initial = user.pk
        self.fields["responsable"].help_text = "Si lo deja vacío, usted será el responsable."


class ExpedienteUpdateForm(_ClasificacionMixin):
    titulo = forms.CharField(label="Título", max_length=500)
    asunto = forms.CharField(label="Asunto", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    responsable = UsuarioChoiceField(label="Responsable", queryset=None)
    soporte = forms.ChoiceField(label="Soporte", choices=Expediente.Soporte.choices)
    legajos = forms.IntegerField(label="Legajos", min_value=1)
    ubicacion_topografica = forms.CharField(label="Ubicación topográfica", max_length=255, required=False)
    observaciones = forms.CharField(label="Observaciones", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    field_order = ["titulo", "asunto", "responsable", "soporte", "legajos", "ubicacion_topografica", "observaciones"]

    CLASIFICAR = (*_ClasificacionMixin.base_fields, "responsable")

    def __init__(self, *args, expediente: Expediente, editar: bool = True, clasificar: bool = False, **kwargs):
        """`editar`/`clasificar`: what the user may change (the services decide again); the rest shows disabled."""
        initial = {name: getattr(expediente, name) for name in self.base_fields if name != "responsable"}
        initial["responsable"] = expediente.responsable_id
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["clasificacion"].choices = ClasificacionInformacion.choices
        self.fields["responsable"].queryset = _usuarios(expediente.unidad) | _usuarios().filter(
            pk=expediente.responsable_id
        )
        for name, field in self.fields.items():
            if expediente.estado != Expediente.Estado.ABIERTO:
                field.disabled = not (editar and name in ("ubicacion_topografica", "observaciones"))
            else:
                field.disabled = not (clasificar if name in self.CLASIFICAR else editar)

    def changes(self) -> dict:
        """Only the fields the user actually changed (disabled ones never are)."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


class DocumentoForm(forms.Form):
    tipo_documental = forms.ModelChoiceField(label="Tipo documental", queryset=tipos_documentales())
    titulo = forms.CharField(label="Título", max_length=500)
    fecha = forms.DateField(label="Fecha del documento", widget=DATE)
    autor = forms.CharField(label="Autor", max_length=255, required=False)
    destinatario = forms.CharField(label="Destinatario", max_length=255, required=False)
    fojas = forms.IntegerField(
        label="Fojas", min_value=0, required=False, help_text="Si lo deja vacío, se cuentan las páginas del PDF."
    )
    archivo = forms.FileField(label="Archivo")

    def __init__(self, *args, tipo: TipoDocumental | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if tipo is None and self.is_bound:
            tipo = tipo_documental_por_id(self.data.get("tipo_documental"))
        self.tipo = tipo
        for campo in (tipo.esquema_metadatos if tipo else []) or []:
            self.fields[f"{META_PREFIX}{campo['nombre']}"] = metadato_field(campo)

    def error_field(self, key: str) -> str | None:
        """The service keys metadata errors `metadatos.<campo>`; here each campo is the field `meta_<campo>`."""
        if key.startswith("metadatos."):
            name = f"{META_PREFIX}{key.split('.', 1)[1]}"
            return name if name in self.fields else None
        return None

    def metadatos(self) -> dict:
        return {
            name[len(META_PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(META_PREFIX) and value not in (None, "")
        }

    def metadato_fields(self):
        return [self[name] for name in self.fields if name.startswith(META_PREFIX)]


def metadato_field(campo: dict) -> forms.Field:
    """A lenient input per schema field: the service validates and coerces (one set of rules, one message)."""
    label = campo["nombre"] + (" *" if campo.get("obligatorio") else "")
    tipo = campo.get("tipo", "texto")
    if tipo == "fecha":
        return forms.CharField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))
    if tipo == "booleano":
        return forms.ChoiceField(label=label, required=False, choices=[("", "—"), ("si", "Sí"), ("no", "No")])
    if tipo == "numero":
        return forms.CharField(label=label, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    return forms.CharField(label=label, required=False)


class ArchivosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ArchivosField(forms.FileField):
    """Several files in one input; each is checked by the service, which names the file it refuses."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", ArchivosInput(attrs={"multiple": True}))
        super().__init__(*args, allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        archivos = data if isinstance(data, list | tuple) else [data] if data else []
        if not archivos and self.required:
            raise forms.ValidationError("Adjunte al menos un archivo.")
        return [super(ArchivosField, self).clean(archivo, initial) for archivo in archivos]


class DocumentosLoteForm(forms.Form):
    """Several files at once: one tipo documental and fecha for all, each file's name becomes its title."""

    tipo_documental = forms.ModelChoiceField(label="Tipo documental", queryset=TipoDocumental.objects.all())
    fecha = forms.DateField(label="Fecha de los documentos", widget=DATE)
    autor = forms.CharField(label="Autor", max_length=255, required=False)
    archivos = ArchivosField(label="Archivos")


class VersionForm(forms.Form):
    archivo = forms.FileField(label="Archivo de la nueva versión")
    motivo = forms.CharField(label="Motivo de la nueva versión", max_length=500)


class CierreForm(forms.Form):
    fecha_cierre = forms.DateField(
        label="Fecha de cierre", widget=DATE, required=False, help_text="Vacía: la fecha del último documento."
    )


class ReaperturaForm(forms.Form):
    motivo = forms.CharField(label="Motivo de la reapertura", widget=forms.Textarea(attrs={"rows": 2}))


class ExpedienteFiltroForm(forms.Form):
    q = forms.CharField(label="Clave o título", required=False)
    serie = forms.ModelChoiceField(label="Serie", queryset=None, required=False)
    unidad = forms.ModelChoiceField(label="Unidad", queryset=UnidadAdministrativa.objects.all(), required=False)
    anio = forms.IntegerField(label="Año", required=False, min_value=1900, max_value=9999)
    etapa = forms.ChoiceField(label="Etapa", choices=[("", "Todas"), *Expediente.Etapa.choices], required=False)
    estado = forms.ChoiceField(label="Estado", choices=[("", "Todos"), *Expediente.Estado.choices], required=False)
    clasificacion = forms.ChoiceField(
        label="Clasificación", choices=[("", "Todas"), *ClasificacionInformacion.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serie"].queryset = NodoClasificacion.objects.filter(
            nivel__in=[NodoClasificacion.Nivel.SERIE, NodoClasificacion.Nivel.SUBSERIE]
        ).select_related("cuadro")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "serie": data["serie"].pk if data["serie"] else None,
            "unidad": data["unidad"].pk if data["unidad"] else None,
            "anio": data["anio"],
            "etapa": data["etapa"],
            "estado": data["estado"],
            "clasificacion": data["clasificacion"],
        }
