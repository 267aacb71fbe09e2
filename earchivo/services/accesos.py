"""Explicit access to a reservada/confidencial expediente, granted or revoked by the owners of the information.

The owners are the expediente's responsable and the titular of its unidad (who sees every classified expediente of
the unidad, so it can grant access even where it is not the responsable). A grant is a django-guardian object
permission (`ver_expediente_clasificado` on that expediente); `earchivo/selectors/acceso.py` honours it whatever
the holder's unidad, and the search index carries it (the expediente is re-indexed on every change).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from earchivo.models import Expediente
from earchivo.permissions import VER_CLASIFICADO, is_owner
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.search.services.indexing import search_enqueue

PERM = VER_CLASIFICADO
CODENAME = PERM.split(".", 1)[1]


def _checks(*, actor, expediente: Expediente, usuario, motivo: str) -> str:
    if not is_owner(actor, expediente):
        raise PermissionDeniedError(
            "Sólo el responsable del expediente o el titular de su unidad autorizan el acceso a información "
            "clasificada."
        )
    if not expediente.es_clasificado:
        raise ApplicationError("El expediente es público: su consulta no requiere autorización.")
    motivo = (motivo or "").strip()
    errors = {}
    if not motivo:
        errors["motivo"] = ["Indique el motivo (p. ej. el oficio o acuerdo que lo justifica)."]
    if usuario is None or not usuario.is_active:
        errors["usuario"] = ["Elija una persona con cuenta activa."]
    if errors:
        raise ApplicationError("No se pudo registrar la autorización.", errors=errors)
    return motivo


def acceso_clasificado_otorgar(*, actor, expediente: Expediente, usuario, motivo: str, ip: str | None = None) -> None:
    motivo = _checks(actor=actor, expediente=expediente, usuario=usuario, motivo=motivo)
    with transaction.atomic():
        assign_perm(PERM, usuario, expediente)
        search_enqueue(expediente)
        audit_record(
            actor=actor,
            action="expediente.acceso_otorgar",
            obj=expediente,
            data={"usuario": usuario.get_username(), "clasificacion": expediente.clasificacion, "motivo": motivo},
            ip=ip,
        )


def acceso_clasificado_revocar(*, actor, expediente: Expediente, usuario, motivo: str, ip: str | None = None) -> None:
    motivo = _checks(actor=actor, expediente=expediente, usuario=usuario, motivo=motivo)
    with transaction.atomic():
        remove_perm(PERM, usuario, expediente)
        search_enqueue(expediente)
        audit_record(
            actor=actor,
            action="expediente.acceso_revocar",
            obj=expediente,
            data={"usuario": usuario.get_username(), "motivo": motivo},
            ip=ip,
        )


def accesos_clasificados(*, expediente: Expediente) -> list:
    """The people holding an explicit grant on this expediente (not those who see it through their role)."""
    users = get_users_with_perms(
        expediente, only_with_perms_in=[CODENAME], with_superusers=False, with_group_users=False
    )
    return list(get_user_model().objects.filter(pk__in=users.values("pk")).order_by("username"))
