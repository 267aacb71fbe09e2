"""Admin changes are state changes too: they go to the bitácora like any other."""

import copy
from itertools import chain

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError

from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.core.web import client_ip
from sai.org.services import usuario_acceso_check, usuario_acceso_set, usuario_password_check, usuario_password_reset


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

# What an account may do: written only by sai.org.services.usuario_acceso_set (its rules, its bitácora entry).
ACCESS_FIELDS = {
    "groups": "roles",
    "user_permissions": "permisos",
    "is_active": "activo",
    "is_staff": "staff",
    "is_superuser": "superusuario",
}


def _access_changes(cleaned_data: dict) -> dict:
    changes = {arg: cleaned_data[field] for field, arg in ACCESS_FIELDS.items() if field in cleaned_data}
    if "roles" in changes:
        changes["roles"] = [group.name for group in changes["roles"]]
    if "permisos" in changes:
        changes["permisos"] = list(changes["permisos"])
    return changes


@admin.register(User)
class AuditedUserAdmin(AuditedModelAdmin, UserAdmin):
    """The user admin enforces the account rules of sai.org.services: the form refuses what the service would."""

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            return (*readonly, *ACCESS_FIELDS)
        if request.user.is_superuser:
            return readonly
        return (*readonly, "is_staff", "is_superuser", "user_permissions")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form_class

        class AccessRulesForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                try:
                    usuario_acceso_check(actor=request.user, user=self.instance, **_access_changes(cleaned_data))
                except ApplicationError as exc:
                    raise ValidationError([exc.message, *chain.from_iterable(exc.errors.values())]) from None
                return cleaned_data

        return AccessRulesForm

    def save_model(self, request, obj, form, change):
        changes = _access_changes(form.cleaned_data) if change else {}
        for field in ACCESS_FIELDS:
            form.cleaned_data.pop(field, None)  # so save_m2m leaves groups and permissions to the service
        if change:
            stored = User.objects.get(pk=obj.pk)
            for field in ("is_active", "is_staff", "is_superuser"):
                setattr(obj, field, getattr(stored, field))
        super().save_model(request, obj, form, change)
        usuario_acceso_set(actor=request.user, user=obj, ip=client_ip(request), **changes)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if user is not None:
            try:
                usuario_password_check(actor=request.user, user=user)
            except PermissionDeniedError:
                raise PermissionDenied from None
        # The password form saves through the service; a per-request copy keeps the shared admin untouched.
        actor, ip = request.user, client_ip(request)

        class ServicePasswordForm(self.change_password_form):
            def save(self, commit=True):
                usable = self.cleaned_data.get("set_usable_password", True)
                password = self.cleaned_data["password1"] if usable else None
                usuario_password_reset(actor=actor, user=self.user, password=password, ip=ip)
                return self.user

        per_request = copy.copy(self)
        per_request.change_password_form = ServicePasswordForm
        return UserAdmin.user_change_password(per_request, request, id, form_url)


admin.site.site_header = "SAI — Administración"
admin.site.site_title = "SAI"
admin.site.index_title = "Administración del Sistema de Archivos Institucional"
