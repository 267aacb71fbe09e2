"""The one door to oficios.

Rule: a person with access to the bandeja sees an oficio when they (or a titular who delegated their bandeja to
them) work in its issuing unidad, drafted it or are its titular, review it or sign it; and, once it was sent,
when it is addressed (or copied) to them or to their unidad. A user of another unidad sees nothing else, and a
forbidden oficio looks exactly like a missing one.
"""

from django.db.models import Q, QuerySet

from eoficio.models import DelegacionBandeja, Destinatario, EstadoOficio, FirmanteOficio, Oficio, Revision
from eoficio.permissions import BANDEJA
from sai.core.exceptions import NotFoundError
from sai.org.models import Perfil

ENVIADOS = (EstadoOficio.ENVIADO, EstadoOficio.RECIBIDO, EstadoOficio.ARCHIVADO)


def personas_de(user) -> list[int]:
    """The user and every titular whose bandeja they were given (active delegations)."""
    titulares = DelegacionBandeja.objects.filter(asistente=user, activa=True).values_list("titular_id", flat=True)
    return [user.pk, *titulares]


def oficio_visibility_q(user) -> Q | None:
    if not (user.is_authenticated and user.is_active and user.has_perm(BANDEJA)):
        return None
    personas = personas_de(user)
    unidades = Perfil.objects.filter(usuario__in=personas).values("unidad")
    recibidos = Destinatario.objects.filter(Q(unidad__in=unidades) | Q(usuario__in=personas)).values("oficio")
    return (
        Q(unidad__in=unidades)
        | Q(elaborado_por__in=personas)
        | Q(en_nombre_de__in=personas)
        | Q(pk__in=Revision.objects.filter(revisor__in=personas).values("oficio"))
        | Q(pk__in=FirmanteOficio.objects.filter(usuario__in=personas).values("oficio"))
        | (Q(estado__in=ENVIADOS) & Q(pk__in=recibidos))
    )


def oficio_list_for_user(*, user) -> QuerySet[Oficio]:
    q = oficio_visibility_q(user)
    if q is None:
        return Oficio.objects.none()
    return Oficio.objects.filter(q).select_related("unidad", "expediente", "elaborado_por", "en_nombre_de")


def oficio_get_for_user(*, user, id) -> Oficio:
    oficio = oficio_list_for_user(user=user).filter(pk=id).first() if str(id).isdigit() else None
    if oficio is None:
        raise NotFoundError("El oficio no existe o no tiene permiso para verlo.")
    return oficio
