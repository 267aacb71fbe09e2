from django.contrib import admin

from sai.audit.models import EntradaBitacora


@admin.register(EntradaBitacora)
class EntradaBitacoraAdmin(admin.ModelAdmin):
    """Read-only: nobody, not even a superuser, edits or prunes the trail through the admin."""

    list_display = ("seq", "creado", "actor_username", "accion", "objeto_tipo", "objeto_repr", "ip")
    list_filter = ("accion", "objeto_tipo")
    search_fields = ("actor_username", "accion", "objeto_repr", "objeto_id")
    readonly_fields = [f.name for f in EntradaBitacora._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
