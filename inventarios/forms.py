"""The generation form: which report, which format, and the filters (all optional)."""

from django import forms

from earchivo.models import ClasificacionInformacion, Expediente
from inventarios.models import Generacion

_VACIO = [("", "Todas")]


class GeneracionForm(forms.Form):
    tipo = forms.ChoiceField(
        label="Inventario o reporte",
        choices=Generacion.Tipo.choices,
    )
    formato = forms.ChoiceField(label="Formato", choices=Generacion.Formato.choices)
    transferencia = forms.IntegerField(label="Transferencia", required=False, widget=forms.Select)
    unidad = forms.IntegerField(label="Unidad administrativa", required=False, widget=forms.Select)
    serie = forms.IntegerField(label="Serie (id)", required=False, min_value=1)
    anio_desde = forms.IntegerField(label="Desde el año", required=False, min_value=1900, max_value=2999)
    anio_hasta = forms.IntegerField(label="Hasta el año", required=False, min_value=1900, max_value=2999)
    etapa = forms.ChoiceField(label="Etapa", required=False, choices=_VACIO + list(Expediente.Etapa.choices))
    estado = forms.ChoiceField(label="Estado", required=False, choices=_VACIO + list(Expediente.Estado.choices))
    clasificacion = forms.ChoiceField(
        label="Clasificación", required=False, choices=_VACIO + list(ClasificacionInformacion.choices)
    )

    def __init__(self, *args, unidades=(), transferencias=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unidad"].widget.choices = [("", "Todas"), *((u.pk, str(u)) for u in unidades)]
        self.fields["transferencia"].widget.choices = [("", "—"), *((t.pk, str(t)) for t in transferencias)]

    def filtros(self) -> dict:
        names = ("unidad", "serie", "anio_desde", "anio_hasta", "etapa", "estado", "clasificacion")
        return {name: self.cleaned_data.get(name) for name in names}
