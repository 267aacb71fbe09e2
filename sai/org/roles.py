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
    OIC = "Órgano Interno de Control"
    ADMINISTRADOR = "Administrador"
    OFICIALIA = "Oficialía de partes"


_BANDEJA = "org.acceder_bandeja"
_ARCHIVO = "org.acceder_archivo"
_BUSQUEDA = "org.acceder_busqueda"
_INVENTARIOS = "org.acceder_inventarios"
# Every archive role may generate inventories; each holds only the rows its holder may see.
_MODULOS_ARCHIVO = [_ARCHIVO, _BUSQUEDA, _INVENTARIOS, "inventarios.generar_inventario"]

# e-archivo: who may do what (tests/earchivo/test_permission_matrix.py checks each role × action).
_CAPTURA = [
    "earchivo.view_expediente",
    "earchivo.add_expediente",
    "earchivo.change_expediente",
    "earchivo.view_documento",
    "earchivo.add_documento",
    "earchivo.change_documento",
]
_CONSULTA = [
    "earchivo.view_expediente",
    "earchivo.view_documento",
    "earchivo.view_cuadroclasificacion",
    "earchivo.view_transferencia",
    "earchivo.view_procesobaja",
    "earchivo.view_prestamo",
]
# Classifying (clasificación, fundamento, plazo, responsable) is its own permission: never a Capturista's.
_CLASIFICAR = "earchivo.clasificar_expediente"
# The archive holding an expediente (concentración, histórico) records its location and remarks: custody moves with
# the etapa, and the producing unidad no longer edits it (earchivo/permissions.py `keeps`).
_CUSTODIA = "earchivo.change_expediente"

# firma: who may ask for signatures on a PDF, and who signs (oficios, inventories with three signers, actas).
_SOLICITAR_FIRMA = "firma.solicitar_firma"
_FIRMAR = "firma.firmar_documento"
# e-oficio control de gestión: oficialía de partes registers and turns what arrives; titulares re-turn and conclude.
_REGISTRAR = "eoficio.registrar_documento"
_TURNAR = "eoficio.turnar_asunto"
_CONCLUIR = "eoficio.concluir_asunto"
# e-oficio: who drafts oficios; Administración keeps the plantillas and the signing competences.
_ELABORAR_OFICIO = "eoficio.elaborar_oficio"
_CONFIGURAR_OFICIOS = ["eoficio.administrar_plantillas", "eoficio.administrar_competencias"]
# The bitácora's own page (/bitacora/): the auditors' job, nobody else's.
_BITACORA = "audit.view_entradabitacora"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Rol.CAPTURISTA: [_BANDEJA, _ARCHIVO, _BUSQUEDA, *_CAPTURA, _SOLICITAR_FIRMA, _ELABORAR_OFICIO],
    Rol.FIRMANTE: [  # the role of a unidad's titular: classifies its information (opens the archive to do it)
        _BANDEJA,
        _ARCHIVO,
        _BUSQUEDA,
        "earchivo.view_expediente",
        "earchivo.view_documento",
        _CLASIFICAR,
        _SOLICITAR_FIRMA,
        _FIRMAR,
        _TURNAR,
        _CONCLUIR,
        _ELABORAR_OFICIO,
    ],
    Rol.OFICIALIA: [_BANDEJA, _REGISTRAR, _TURNAR, _CONCLUIR],
    Rol.RESPONSABLE_AT: [
        _BANDEJA,
        *_MODULOS_ARCHIVO,
        *_CAPTURA,
        *_CONSULTA,
        _CLASIFICAR,
        "earchivo.cerrar_expediente",
        "earchivo.add_transferencia",
        "earchivo.gestionar_prestamo",
        _SOLICITAR_FIRMA,
        _FIRMAR,
    ],
    Rol.COORDINACION: [
        *_MODULOS_ARCHIVO,
        *_CONSULTA,
        "earchivo.administrar_instrumentos",
        "earchivo.add_cuadroclasificacion",
        "earchivo.change_cuadroclasificacion",
        "earchivo.add_tipodocumental",
        "earchivo.change_tipodocumental",
        "earchivo.view_tipodocumental",
        "earchivo.ver_todos_expedientes",
        "earchivo.reabrir_expediente",
        "earchivo.desclasificar_expediente",
        "earchivo.gestionar_retencion_legal",
        "earchivo.revisar_transferencia",
        "earchivo.gestionar_baja",
        _SOLICITAR_FIRMA,
        _FIRMAR,
        "firma.gestionar_solicitudes",
    ],
    Rol.CONCENTRACION: [
        *_MODULOS_ARCHIVO,
        *_CONSULTA,
        "earchivo.custodiar_concentracion",
        _CUSTODIA,
        "earchivo.recibir_transferencia_primaria",
        "earchivo.add_transferencia",
        "earchivo.add_procesobaja",
        "earchivo.gestionar_prestamo",
        _SOLICITAR_FIRMA,
        _FIRMAR,
    ],
    Rol.HISTORICO: [
        *_MODULOS_ARCHIVO,
        *_CONSULTA,
        "earchivo.custodiar_historico",
        _CUSTODIA,
        "earchivo.recibir_transferencia_secundaria",
        "earchivo.gestionar_prestamo",
        _FIRMAR,
    ],
    Rol.AUDITOR: [
        *_MODULOS_ARCHIVO,
        *_CONSULTA,
        "earchivo.ver_todos_expedientes",
        "earchivo.ver_expediente_clasificado",
        _BITACORA,
    ],
    # Oversight without the reserved content: consults the archive read-only and reads the bitácora, where entries
    # about classified expedientes show "[clasificado]" unless an explicit grant opens that expediente to them.
    Rol.OIC: [*_MODULOS_ARCHIVO, *_CONSULTA, "earchivo.ver_todos_expedientes", _BITACORA],
    # Runs the institution's accounts and unidades; never reads the bitácora (separation of duties).
    Rol.ADMINISTRADOR: [
        "org.acceder_administracion",
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
        "calendario.view_diainhabil",
        "calendario.add_diainhabil",
        "calendario.delete_diainhabil",
        "eoficio.view_instruccion",
        "eoficio.add_instruccion",
        "eoficio.change_instruccion",
        *_CONFIGURAR_OFICIOS,
    ],
}

# Roles whose holders may open the Django admin (it still checks each model permission).
STAFF_ROLES = frozenset({Rol.ADMINISTRADOR})

# Roles that oversee or configure everybody else: only a superuser grants or revokes them, and only a superuser
# resets the password of (or deactivates) an account holding one, or an Administrador could become them.
PRIVILEGED_ROLES = frozenset({Rol.AUDITOR, Rol.OIC, Rol.COORDINACION, Rol.ADMINISTRADOR})

# Separation of duties: nobody may hold both roles of a pair (whoever administers accounts must not audit them).
INCOMPATIBLE_ROLES = (frozenset({Rol.ADMINISTRADOR, Rol.AUDITOR}), frozenset({Rol.ADMINISTRADOR, Rol.OIC}))


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
