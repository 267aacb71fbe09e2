"""The institution's roles (Groups) and the permissions each grants.

Later modules add their permissions to ROLE_PERMISSIONS; `roles_sync` makes the database match it exactly.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction


class Rol:
    CAPTURISTA = "Capturista"
    FIRMANTE = "Firmante"
    RESPONSABLE_AT = "Responsable de Archivo de Trámite"
    COORDINACION = "Coordinación de Archivos"
    CONCENTRACION = "Archivo de Concentración"
    HISTORICO = "Archivo Histórico"
    AUDITOR = "Auditor"
    ADMINISTRADOR = "Administrador"


_BANDEJA = "org.acceder_bandeja"
_ARCHIVO = "org.acceder_archivo"
_BUSQUEDA = "org.acceder_busqueda"
_INVENTARIOS = "org.acceder_inventarios"
_ARCHIVO_ROLES = [_ARCHIVO, _BUSQUEDA, _INVENTARIOS]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Rol.CAPTURISTA: [_BANDEJA, _BUSQUEDA],
    Rol.FIRMANTE: [_BANDEJA, _BUSQUEDA],
    Rol.RESPONSABLE_AT: [_BANDEJA, *_ARCHIVO_ROLES],
    Rol.COORDINACION: _ARCHIVO_ROLES,
    Rol.CONCENTRACION: _ARCHIVO_ROLES,
    Rol.HISTORICO: _ARCHIVO_ROLES,
    Rol.AUDITOR: [*_ARCHIVO_ROLES, "audit.view_entradabitacora"],
    Rol.ADMINISTRADOR: [
        "org.acceder_administracion",
        "audit.view_entradabitacora",
        "org.view_unidadadministrativa",
        "org.add_unidadadministrativa",
        "org.change_unidadadministrativa",
        "org.view_perfil",
        "org.add_perfil",
        "org.change_perfil",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
    ],
}

# Roles whose holders may open the Django admin (it still checks each model permission).
STAFF_ROLES = frozenset({Rol.ADMINISTRADOR})


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise ImproperlyConfigured(f"ROLE_PERMISSIONS names {label!r}, which no model defines") from None


@transaction.atomic
def roles_sync() -> None:
    """Create every role and give it exactly the permissions listed: idempotent, safe to run at any time."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for name, labels in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(label) for label in labels])


def roles_sync_after_migrate(sender, **kwargs) -> None:
    # Once per migrate run: after the last installed app, when every permission exists.
    apps_with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if sender.name == apps_with_models[-1].name:
        roles_sync()
