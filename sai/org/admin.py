from django.contrib import admin

from sai.core.admin import AuditedModelAdmin
from sai.org.models import Perfil, UnidadAdministrativa


@admin.register(UnidadAdministrativa)
class UnidadAdministrativaAdmin(AuditedModelAdmin):
    list_display = ("siglas", "nombre", "padre", "titular", "responsable_archivo_tramite", "activa")
    list_filter = ("activa",)
    search_fields = ("siglas", "nombre")
    autocomplete_fields = ("padre",)
    raw_id_fields = ("titular", "responsable_archivo_tramite")


@admin.register(Perfil)
class PerfilAdmin(AuditedModelAdmin):
    list_display = ("usuario", "unidad", "cargo")
    list_filter = ("unidad",)
    search_fields = ("usuario__username", "usuario__first_name", "usuario__last_name", "cargo")
    raw_id_fields = ("usuario",)
