"""e-oficio's permission names and guards (one place; services and the access door use these)."""

from sai.core.access import require_perm
from sai.core.exceptions import PermissionDeniedError

# --- oficios (drafting, review, signing, sending) -------------------------------------------------------------
BANDEJA = "org.acceder_bandeja"
ELABORAR = "eoficio.elaborar_oficio"
ADMINISTRAR_PLANTILLAS = "eoficio.administrar_plantillas"
ADMINISTRAR_COMPETENCIAS = "eoficio.administrar_competencias"
SOLICITAR_FIRMA = "firma.solicitar_firma"
FIRMAR = "firma.firmar_documento"


def require_elaborar(actor) -> None:
    require_perm(actor, ELABORAR, "No tiene permiso para elaborar oficios.")


def require_plantillas(actor) -> None:
    require_perm(actor, ADMINISTRAR_PLANTILLAS, "No tiene permiso para administrar las plantillas de oficio.")


def require_competencias(actor) -> None:
    require_perm(actor, ADMINISTRAR_COMPETENCIAS, "No tiene permiso para configurar las competencias de firma.")


# --- control de gestión (oficialía de partes, turnos) -------------------------------------------------------------

REGISTRAR_DOCUMENTO = "eoficio.registrar_documento"
TURNAR_ASUNTO = "eoficio.turnar_asunto"
CONCLUIR_ASUNTO = "eoficio.concluir_asunto"


def unidad_de(user):
    """The unidad a person works in (None for the system or a person without one)."""
    perfil = getattr(user, "perfil", None) if user is not None else None
    return perfil.unidad if perfil is not None else None


def es_oficialia_de(user, registro) -> bool:
    """Whether `user` is oficialía de partes of the unidad that registered `registro`."""
    unidad = unidad_de(user)
    return unidad is not None and user.has_perm(REGISTRAR_DOCUMENTO) and registro.unidad_id == unidad.id


def require_turno_propio(user, turno, message: str) -> None:
    """Only the receiving unidad (or the person it names) acts on a turno."""
    unidad = unidad_de(user)
    if turno.destinatario_id != user.id and (unidad is None or turno.unidad_id != unidad.id):
        raise PermissionDeniedError(message)


# --- end control de gestión ---------------------------------------------------------------------------------------
