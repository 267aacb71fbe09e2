"""Writes to the organisation: areas, people and their roles. Every change is audited."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError
from sai.org.models import Perfil, UnidadAdministrativa
from sai.org.roles import STAFF_ROLES

User = get_user_model()


@transaction.atomic
def unidad_upsert(
    *,
    actor,
    siglas: str,
    nombre: str,
    padre: UnidadAdministrativa | None = None,
    activa: bool = True,
) -> UnidadAdministrativa:
    unidad = UnidadAdministrativa.objects.filter(siglas=siglas).first() or UnidadAdministrativa(siglas=siglas)
    creating = unidad.pk is None
    unidad.nombre, unidad.padre, unidad.activa = nombre, padre, activa
    unidad.full_clean()
    unidad.save()
    audit_record(
        actor=actor,
        action="org.unidad_crear" if creating else "org.unidad_actualizar",
        obj=unidad,
        data={"siglas": siglas, "nombre": nombre, "padre": padre.siglas if padre else None, "activa": activa},
    )
    return unidad


@transaction.atomic
def unidad_set_responsables(
    *, actor, unidad: UnidadAdministrativa, titular=None, responsable_archivo_tramite=None
) -> UnidadAdministrativa:
    unidad.titular, unidad.responsable_archivo_tramite = titular, responsable_archivo_tramite
    unidad.save(update_fields=["titular", "responsable_archivo_tramite"])
    audit_record(
        actor=actor,
        action="org.unidad_responsables",
        obj=unidad,
        data={
            "titular": titular.get_username() if titular else None,
            "responsable_archivo_tramite": (
                responsable_archivo_tramite.get_username() if responsable_archivo_tramite else None
            ),
        },
    )
    return unidad


@transaction.atomic
def usuario_upsert(
    *,
    actor,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    unidad: UnidadAdministrativa | None = None,
    cargo: str = "",
    roles: list[str] = (),
    activo: bool = True,
    password: str | None = None,
):
    """Create or update a person with their profile and roles. Without a password the account cannot log in
    until an administrator sets one (imported institutions usually reset passwords on first access)."""
    user = User.objects.filter(username=username).first() or User(username=username)
    creating = user.pk is None
    user.first_name, user.last_name, user.email, user.is_active = first_name, last_name, email, activo
    user.is_staff = bool(STAFF_ROLES.intersection(roles))
    if password is not None:
        user.set_password(password)
    elif creating:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    Perfil.objects.update_or_create(usuario=user, defaults={"unidad": unidad, "cargo": cargo})
    groups = list(Group.objects.filter(name__in=roles))
    unknown = set(roles) - {group.name for group in groups}
    if unknown:
        raise ApplicationError("Rol desconocido.", errors={"roles": [f"no existe el rol {name!r}" for name in unknown]})
    user.groups.set(groups)
    audit_record(
        actor=actor,
        action="org.usuario_crear" if creating else "org.usuario_actualizar",
        obj=user,
        data={
            "unidad": unidad.siglas if unidad else None,
            "cargo": cargo,
            "roles": sorted(roles),
            "activo": activo,
            "password_cambiada": password is not None,
        },
    )
    return user


@transaction.atomic
def usuario_set_password(*, actor, user, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="org.usuario_password", obj=user)
