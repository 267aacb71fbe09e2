"""Writes to the organisation: areas, people and their roles. Every change is audited."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.org.models import Perfil, UnidadAdministrativa
from sai.org.roles import INCOMPATIBLE_ROLES, PRIVILEGED_ROLES, STAFF_ROLES
from sai.org.tokens import api_tokens_revoke

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


OWN_POSITION_MESSAGE = "Nadie puede nombrarse a sí mismo titular ni responsable del archivo de trámite."


@transaction.atomic
def unidad_set_responsables(
    *, actor, unidad: UnidadAdministrativa, titular=None, responsable_archivo_tramite=None
) -> UnidadAdministrativa:
    for field, user in (("titular", titular), ("responsable_archivo_tramite", responsable_archivo_tramite)):
        appointing_self = actor is not None and user is not None and user.pk == actor.pk
        if appointing_self and getattr(unidad, f"{field}_id") != actor.pk:
            raise PermissionDeniedError(OWN_POSITION_MESSAGE)
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
    rfc: str = "",
    curp: str = "",
    roles: list[str] = (),
    activo: bool = True,
):
    """Create or update a person with their profile and roles. A new account cannot log in until an administrator
    sets its password (imported institutions usually reset passwords on first access)."""
    user = User.objects.filter(username=username).first() or User(username=username)
    creating = user.pk is None
    user.first_name, user.last_name, user.email = first_name, last_name, email
    if creating:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    perfil_update(actor=actor, user=user, unidad=unidad, cargo=cargo, rfc=rfc, curp=curp)
    usuario_acceso_set(actor=actor, user=user, roles=roles, activo=activo, staff=bool(STAFF_ROLES.intersection(roles)))
    audit_record(
        actor=actor,
        action="org.usuario_crear" if creating else "org.usuario_actualizar",
        obj=user,
        data={"nombre": user.get_full_name(), "correo": email},
    )
    return user


def _refuse_own_account(actor, user, what: str) -> None:
    if actor is not None and actor.pk == user.pk:
        raise PermissionDeniedError(f"Nadie puede cambiar {what} de su propia cuenta; pídalo a otro administrador.")


def _is_privileged(user) -> bool:
    return user.is_superuser or user.groups.filter(name__in=PRIVILEGED_ROLES).exists()


@transaction.atomic
def perfil_update(
    *,
    actor,
    user,
    unidad: UnidadAdministrativa | None,
    cargo: str = "",
    rfc: str = "",
    curp: str = "",
    ip: str | None = None,
) -> Perfil:
    """Where a person works decides what they see, and RFC/CURP decide whose e.firma they may register: nobody
    changes these on their own account."""
    perfil = Perfil.objects.filter(usuario=user).first() or Perfil(usuario=user)
    before = {"unidad": perfil.unidad.siglas if perfil.unidad_id else None, "rfc": perfil.rfc, "curp": perfil.curp}
    perfil.unidad, perfil.cargo, perfil.rfc, perfil.curp = unidad, cargo, rfc.strip().upper(), curp.strip().upper()
    after = {"unidad": unidad.siglas if unidad else None, "rfc": perfil.rfc, "curp": perfil.curp}
    if after != before or perfil.pk is None:
        _refuse_own_account(actor, user, "la unidad, el RFC o la CURP")
    perfil.full_clean()
    perfil.save()
    if after != before:
        audit_record(
            actor=actor, action="org.perfil_actualizar", obj=user, data={"antes": before, "despues": after}, ip=ip
        )
    return perfil


def usuario_acceso_check(
    *,
    actor,
    user,
    roles: list[str] | None = None,
    permisos: list[Permission] | None = None,
    activo: bool | None = None,
    staff: bool | None = None,
    superusuario: bool | None = None,
) -> dict[str, tuple]:
    """The rules for changing what a (saved) account may do; returns the changes as {field: (before, after)}.

    None leaves a field as it is; actor=None is the system (management commands run by the operator).
    Nobody changes their own access; roles in PRIVILEGED_ROLES, loose permissions, staff and superuser status, and
    accounts that already hold a privileged role are a superuser's business; INCOMPATIBLE_ROLES never meet.
    """
    changes: dict[str, tuple] = {}
    if roles is not None:
        current = set(user.groups.values_list("name", flat=True))
        if current != set(roles):
            changes["roles"] = (sorted(current), sorted(roles))
    if permisos is not None:
        current = set(user.user_permissions.all())
        if current != set(permisos):
            changes["permisos"] = (_labels(current), _labels(permisos))
    for field, value in (("is_active", activo), ("is_staff", staff), ("is_superuser", superusuario)):
        if value is not None and getattr(user, field) != value:
            changes[field] = (getattr(user, field), value)
    if not changes:
        return changes
    unknown = set(roles or ()) - set(Group.objects.filter(name__in=roles or ()).values_list("name", flat=True))
    if unknown:
        raise ApplicationError("Rol desconocido.", errors={"roles": [f"no existe el rol {name!r}" for name in unknown]})
    for pair in INCOMPATIBLE_ROLES:
        if pair <= set(roles or ()):
            raise ApplicationError(
                "Roles incompatibles.",
                errors={"roles": [f"una misma persona no puede ser {' y '.join(sorted(pair))} a la vez"]},
            )
    if actor is None or (actor.is_superuser and actor.pk != user.pk):
        return changes
    _refuse_own_account(actor, user, "los roles, permisos o el estado")
    before, after = changes.get("roles", ([], []))
    privileged = PRIVILEGED_ROLES.intersection(set(before) ^ set(after))
    if privileged:
        raise PermissionDeniedError(
            f"Solo un superusuario puede otorgar o retirar el rol {', '.join(sorted(privileged))}."
        )
    if {"permisos", "is_staff", "is_superuser"} & set(changes):
        raise PermissionDeniedError("Solo un superusuario puede cambiar permisos sueltos, «staff» o «superusuario».")
    if _is_privileged(user):
        raise PermissionDeniedError(
            "Solo un superusuario puede cambiar el acceso de una cuenta con un rol privilegiado."
        )
    return changes


def _labels(permisos) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permisos)


@transaction.atomic
def usuario_acceso_set(*, actor, user, ip: str | None = None, **changes) -> None:
    """Grant or revoke roles, loose permissions, active/staff/superuser status (usuario_acceso_check's arguments).

    Every grant and revoke goes to the bitácora; a deactivated account loses its API tokens (its sessions end by
    themselves: Django's backend no longer loads an inactive user).
    """
    applied = usuario_acceso_check(actor=actor, user=user, **changes)
    if not applied:
        return
    for field in ("is_active", "is_staff", "is_superuser"):
        if field in applied:
            setattr(user, field, applied[field][1])
    user.save()
    if "roles" in applied:
        user.groups.set(Group.objects.filter(name__in=changes["roles"]))
    if "permisos" in applied:
        user.user_permissions.set(changes["permisos"])
    if not user.is_active:
        api_tokens_revoke(user)
    audit_record(
        actor=actor,
        action="org.usuario_acceso",
        obj=user,
        data={field: {"antes": old, "despues": new} for field, (old, new) in applied.items()},
        ip=ip,
    )


def usuario_password_check(*, actor, user) -> None:
    """Whoever may reset a password may become that person: a privileged account is a superuser's business."""
    if actor is None or actor.pk == user.pk or actor.is_superuser:
        return
    if _is_privileged(user):
        raise PermissionDeniedError("Solo un superusuario puede restablecer la contraseña de una cuenta privilegiada.")


@transaction.atomic
def usuario_password_reset(*, actor, user, password: str | None, ip: str | None = None) -> None:
    """Set (or, with None, disable) a password. The user's API tokens are revoked and their other sessions end
    (Django's session check compares the password hash on every request)."""
    usuario_password_check(actor=actor, user=user)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    api_tokens_revoke(user)
    own = actor is not None and actor.pk == user.pk
    action = "org.usuario_password_cambiar" if own else "org.usuario_password_restablecer"
    audit_record(actor=actor, action=action, obj=user, ip=ip)
