"""e-oficio's permission names and guards (one place; services and the access door use these)."""

from sai.core.access import require_perm

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
