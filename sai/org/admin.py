from django import forms
from django.contrib import admin

from sai.core.admin import AuditedModelAdmin
from sai.core.web import client_ip
from sai.org.models import Perfil, UnidadAdministrativa
from sai.org.services import OWN_POSITION_MESSAGE, perfil_update


@admin.register(UnidadAdministrativa)
class UnidadAdministrativaAdmin(AuditedModelAdmin):
    list_display = ("siglas", "nombre", "padre", "titular", "responsable_archivo_tramite", "activa")
    list_filter = ("activa",)
    search_fields = ("siglas", "nombre")
    autocomplete_fields = ("padre",)
    raw_id_fields = ("titular", "responsable_archivo_tramite")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class NoSelfAppointmentForm(form_class):
            """Titular and Responsable de Archivo de Trámite carry rights over the unidad's expedientes."""

            def clean(self):
                cleaned_data = super().clean()
                for field in ("titular", "responsable_archivo_tramite"):
                    if field in self.changed_data and cleaned_data.get(field) == request.user:
                        self.add_error(field, OWN_POSITION_MESSAGE)
                return cleaned_data

        return NoSelfAppointmentForm


class PerfilForm(forms.ModelForm):
    class Meta:
        model = Perfil
        fields = ("usuario", "unidad", "cargo", "rfc", "curp")

    def clean_rfc(self):
        return self.cleaned_data["rfc"].strip().upper()

    def clean_curp(self):
        return self.cleaned_data["curp"].strip().upper()


@admin.register(Perfil)
class PerfilAdmin(AuditedModelAdmin):
    """Profiles are written by sai.org.services.perfil_update: nobody moves themselves or changes their own RFC."""

    form = PerfilForm
    list_display = ("usuario", "unidad", "cargo", "rfc")
    list_filter = ("unidad",)
    search_fields = ("usuario__username", "usuario__first_name", "usuario__last_name", "cargo", "rfc", "curp")
    raw_id_fields = ("usuario",)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.usuario_id == request.user.pk:
            return ("usuario", "unidad", "rfc", "curp")
        return ("usuario",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class OwnProfileForm(form_class):
            def clean_usuario(self):
                usuario = self.cleaned_data["usuario"]
                if usuario == request.user:
                    raise forms.ValidationError("Nadie puede crear ni cambiar su propio perfil.")
                return usuario

        return OwnProfileForm

    def save_model(self, request, obj, form, change):
        obj.pk = perfil_update(
            actor=request.user,
            user=obj.usuario,
            unidad=obj.unidad,
            cargo=obj.cargo,
            rfc=obj.rfc,
            curp=obj.curp,
            ip=client_ip(request),
        ).pk
