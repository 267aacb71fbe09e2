"""The bandejas: each one a filter over the access door, with search and filters, paged by the caller."""

from django.db.models import Q, QuerySet

from eoficio.models import EstadoOficio, Revision
from eoficio.selectors.acceso import ENVIADOS, oficio_list_for_user, personas_de
from sai.core.exceptions import ApplicationError
from sai.org.models import Perfil

BANDEJAS = {
    "entrada": "Entrada",
    "borradores": "Borradores",
    "por_revisar": "Por revisar",
    "por_firmar": "Por firmar",
    "enviados": "Enviados",
}


def _filtro(user, bandeja: str) -> Q:
    personas = personas_de(user)
    unidades = Perfil.objects.filter(usuario__in=personas).values("unidad")
    if bandeja == "entrada":
        return Q(estado__in=ENVIADOS) & (Q(destinatarios__unidad__in=unidades) | Q(destinatarios__usuario__in=personas))
    if bandeja == "borradores":
        return Q(estado=EstadoOficio.BORRADOR) & (Q(elaborado_por__in=personas) | Q(en_nombre_de__in=personas))
    if bandeja == "por_revisar":
        return Q(
            estado=EstadoOficio.EN_REVISION,
            revisiones__revisor__in=personas,
            revisiones__estado=Revision.Estado.PENDIENTE,
        )
    if bandeja == "por_firmar":
        return Q(estado=EstadoOficio.POR_FIRMAR, firmantes__usuario__in=personas)
    if bandeja == "enviados":
        return Q(unidad__in=unidades, estado__in=(EstadoOficio.FIRMADO, *ENVIADOS))
    raise ApplicationError("Bandeja desconocida.", errors={"bandeja": [f"Use una de: {', '.join(BANDEJAS)}."]})


def bandeja_list(*, user, bandeja: str, q: str = "", tipo: str = "", estado: str = "") -> QuerySet:
    """The oficios of one bandeja the user may see, newest first; `q` searches número, asunto and referencia."""
    qs = oficio_list_for_user(user=user).filter(_filtro(user, bandeja))
    if q.strip():
        texto = q.strip()
        qs = qs.filter(Q(numero__icontains=texto) | Q(asunto__icontains=texto) | Q(referencia__icontains=texto))
    if tipo:
        qs = qs.filter(tipo=tipo)
    if estado:
        qs = qs.filter(estado=estado)
    return qs.distinct().order_by("-actualizado", "-pk")
