from django import forms

from sai.audit.selectors import FiltroBitacora


class BitacoraFiltroForm(forms.Form):
    """The bitácora's filters. No free text over objeto/datos: a match would say yes/no about a hidden title."""

    actor = forms.CharField(label="Usuario", required=False, max_length=150)
    accion = forms.CharField(label="Acción", required=False, max_length=100, help_text="p. ej. expediente.consultar")
    objeto_tipo = forms.CharField(label="Tipo de objeto", required=False, max_length=100)
    objeto_id = forms.CharField(label="Id del objeto", required=False, max_length=64)
    desde = forms.DateField(label="Desde", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hasta = forms.DateField(label="Hasta", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("desde") and data.get("hasta") and data["desde"] > data["hasta"]:
            self.add_error("hasta", "La fecha final es anterior a la inicial.")
        return data

    def filtro(self) -> FiltroBitacora:
        data = self.cleaned_data
        return FiltroBitacora(**{name: data.get(name) or None for name in self.fields})
