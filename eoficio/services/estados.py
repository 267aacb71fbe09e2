"""The oficio's life: which state may follow which. Every service changes the state through `estado_cambiar`, so
an invalid transition is refused in one place, with a Spanish message naming the current state."""

from eoficio.models import EstadoOficio as E
from eoficio.models import Oficio
from sai.core.exceptions import ConflictError

TRANSICIONES: dict[str, set[str]] = {
    E.BORRADOR: {E.EN_REVISION, E.APROBADO},
    E.EN_REVISION: {E.BORRADOR, E.APROBADO},
    E.APROBADO: {E.BORRADOR, E.POR_FIRMAR},
    E.POR_FIRMAR: {E.APROBADO, E.FIRMADO},
    E.FIRMADO: {E.ENVIADO},
    E.ENVIADO: {E.RECIBIDO, E.ARCHIVADO},  # only external recipients: nobody in SAI acknowledges it
    E.RECIBIDO: {E.ARCHIVADO},
    E.ARCHIVADO: set(),
}


def estado_cambiar(oficio: Oficio, nuevo: str, *, accion: str) -> str:
    """Move a locked oficio to `nuevo` (the caller saves it); returns the previous state."""
    if nuevo not in TRANSICIONES[oficio.estado]:
        raise ConflictError(
            f"No se puede {accion}: el oficio está en estado «{oficio.get_estado_display()}» "
            f"y no puede pasar a «{E(nuevo).label}»."
        )
    anterior, oficio.estado = oficio.estado, nuevo
    return anterior
