"""Admin changes are state changes too: they go to the bitácora like any other."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from sai.audit.services import audit_record
from sai.core.web import client_ip


class AuditedModelAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"{obj._meta.label_lower}.admin_{'cambiar' if change else 'crear'}",
            obj=obj,
            data={"campos": sorted(form.changed_data)},
            ip=client_ip(request),
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action=f"{obj._meta.label_lower}.admin_borrar",
            obj=obj,
            ip=client_ip(request),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedModelAdmin, UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may grant superuser status or loose permissions; others assign roles (groups).
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, "is_superuser", "user_permissions")


admin.site.site_header = "SAI — Administración"
admin.site.site_title = "SAI"
admin.site.index_title = "Administración del Sistema de Archivos Institucional"
