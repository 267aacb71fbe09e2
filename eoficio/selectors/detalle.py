"""What the oficio page shows: the oficio, its people, its versions, its signature requests, its bitácora history
and the thread of answers (only the oficios of the thread the viewer may see)."""

from dataclasses import dataclass

from eoficio.models import Oficio
from eoficio.selectors.acceso import oficio_get_for_user, oficio_list_for_user
from firma.models import SolicitudFirma
from sai.audit.selectors import FiltroBitacora, bitacora_list

HISTORIA_LIMITE = 100


@dataclass
class OficioDetalle:
    oficio: Oficio
    destinatarios: list
    firmantes: list
    revisiones: list
    versiones: list
    anexos: list
    acuses: list
    solicitudes: list
    historia: list
    hilo: list  # the oficios it answers (oldest first), then itself, then its visible answers


def _hilo(user, oficio: Oficio) -> list[Oficio]:
    visibles = oficio_list_for_user(user=user)
    antes, actual = [], oficio
    while actual.respuesta_a_id and len(antes) < 20:
        actual = visibles.filter(pk=actual.respuesta_a_id).first()
        if actual is None:
            break
        antes.insert(0, actual)
    return [*antes, oficio, *visibles.filter(respuesta_a=oficio).order_by("creado")]


def oficio_detalle(*, user, id) -> OficioDetalle:
    oficio = oficio_get_for_user(user=user, id=id)
    filtro = FiltroBitacora(objeto_tipo="eoficio.oficio", objeto_id=str(oficio.pk))
    return OficioDetalle(
        oficio=oficio,
        destinatarios=list(oficio.destinatarios.select_related("unidad", "usuario")),
        firmantes=list(oficio.firmantes.select_related("usuario", "suplencia__titular")),
        revisiones=list(oficio.revisiones.select_related("revisor")),
        versiones=list(oficio.versiones.select_related("creada_por")),
        anexos=list(oficio.anexos.all()),
        acuses=list(oficio.acuses.select_related("unidad", "recibido_por")),
        solicitudes=list(
            SolicitudFirma.objects.filter(firmable_tipo="eoficio.oficio", firmable_id=oficio.pk)
            .prefetch_related("firmantes__usuario")
            .order_by("-creada")
        ),
        historia=list(bitacora_list(filtro=filtro)[:HISTORIA_LIMITE]),
        hilo=_hilo(user, oficio),
    )
