"""The one door to expedientes: what a user may see, applied inside the query (never after it).

- Nothing without `earchivo.view_expediente` (every archive role holds it; a Perfil alone opens nothing).
- Staff see their own unidad's expedientes; the archives see the stage they keep (concentración, histórico);
  Coordinación de Archivos and Auditor see every unidad (`ver_todos_expedientes`).
- Reservada/confidencial expedientes additionally need `ver_expediente_clasificado` held globally by a role
  (every classified expediente in scope); their responsable always sees them, and so does the titular of their
  unidad (the owners of the information, who classify it and grant access to it).
- A per-expediente grant of `ver_expediente_clasificado` (django-guardian, `earchivo/services/accesos.py`) opens
  that expediente to its holder whatever their unidad: an explicit, audited decision of the information's owner.
"""

from django.db.models import Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from earchivo.models import ClasificacionInformacion, Expediente
from earchivo.permissions import (
    CUSTODIAR_CONCENTRACION,
    CUSTODIAR_HISTORICO,
    VER_CLASIFICADO,
    VER_EXPEDIENTES,
    VER_TODOS,
    unidad_id_of,
)
from sai.core.exceptions import ApplicationError, NotFoundError


def expediente_visibility_q(user) -> Q | None:
    """The filter for what `user` may see; None means nothing at all."""
    if not (user.is_authenticated and user.is_active):
        return None
    if not user.has_perm(VER_EXPEDIENTES):
        return None  # no archive role: a Perfil in a unidad alone opens nothing
    # scope None = every unidad and etapa (an empty Q would vanish when OR-ed with the grants below).
    scope = None if user.has_perm(VER_TODOS) else _scope(user)
    granted = Q(
        pk__in=get_objects_for_user(
            user, VER_CLASIFICADO, klass=Expediente, accept_global_perms=False, with_superuser=False
        ).values("pk")
    ) | Q(unidad__titular=user)
    if user.has_perm(VER_CLASIFICADO):
        return Q() if scope is None else scope | granted
    classified_ok = Q(clasificacion=ClasificacionInformacion.PUBLICA) | Q(responsable=user)
    return (classified_ok if scope is None else scope & classified_ok) | granted


def _scope(user) -> Q:
    """The unidades and etapas a user without `ver_todos_expedientes` works with."""
    scope = Q(pk__in=[])
    if unidad_id_of(user) is not None:
        scope |= Q(unidad_id=unidad_id_of(user))
    if user.has_perm(CUSTODIAR_CONCENTRACION):
        scope |= Q(etapa=Expediente.Etapa.CONCENTRACION)
    if user.has_perm(CUSTODIAR_HISTORICO):
        scope |= Q(etapa=Expediente.Etapa.HISTORICO)
    return scope


def expediente_list_for_user(*, user) -> QuerySet[Expediente]:
    q = expediente_visibility_q(user)
    if q is None:
        return Expediente.objects.none()
    return Expediente.objects.filter(q).select_related("serie", "unidad", "responsable")


def expediente_custodia_for_user(*, user) -> QuerySet[Expediente]:
    """What the user sees, plus what their archive keeps even when classified (their unidad's, their etapa's).

    Only for dispositions (baja): the archive that keeps personal files asks for their baja by clave without
    reading them; wherever these are listed, titles the user may not open stay masked.
    """
    q = expediente_visibility_q(user)
    if q is None:
        return Expediente.objects.none()
    qs = Expediente.objects.all() if user.has_perm(VER_TODOS) else Expediente.objects.filter(q | _scope(user))
    return qs.select_related("serie", "unidad", "responsable")


def expediente_get_for_user(*, user, id: int) -> Expediente:
    """The expediente if the user may see it; otherwise NotFoundError (a forbidden one looks like a missing one)."""
    expediente = expediente_list_for_user(user=user).filter(pk=id).first()
    if expediente is None:
        raise NotFoundError("El expediente no existe o no tiene permiso para verlo.")
    return expediente


def expediente_list_by_ids_for_user(*, user, ids: list[int], custodia: bool = False) -> list[Expediente]:
    """The requested expedientes in the order given, or ApplicationError naming each one the user may not see
    (or, with `custodia`, does not keep: see `expediente_custodia_for_user`)."""
    qs = expediente_custodia_for_user(user=user) if custodia else expediente_list_for_user(user=user)
    encontrados = {e.pk: e for e in qs.filter(pk__in=ids)}
    faltan = [pk for pk in ids if pk not in encontrados]
    if faltan:
        raise ApplicationError(
            "Alguno de los expedientes no existe o no tiene permiso para verlo.",
            errors={"expedientes": [f"Expediente {pk}: no existe o no tiene permiso para verlo." for pk in faltan]},
        )
    return [encontrados[pk] for pk in ids]
