from django.contrib import admin

from eoficio.models import Instruccion


@admin.register(Instruccion)
class InstruccionAdmin(admin.ModelAdmin):
    """The catalogue of instrucciones de turno: Administración adds, renames or retires (activa) them."""

    list_display = ("nombre", "requiere_respuesta", "activa")
    list_filter = ("activa",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # turnos keep pointing at them; retire with `activa`
