"""Who may do what in e-oficio: permission names and the guards services call."""

from sai.core.exceptions import PermissionDeniedError

# --- control de gestión (oficialía de partes, turnos) -------------------------------------------------------------

BANDEJA = "org.acceder_bandeja"
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
