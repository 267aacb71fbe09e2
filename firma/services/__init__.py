"""firma writes. Views, API, commands and tasks call these and nothing else."""

from firma.services.certificados import certificado_register
from firma.services.documentos import (
    documento_firma_complete,
    documento_firmar,
    documento_solicitud_create,
    version_firmada_publish,
)
from firma.services.dos_fases import Preparacion, firma_complete, firma_prepare
from firma.services.niveles import firma_link_version, firma_upgrade
from firma.services.resello import solicitud_resellar
from firma.services.solicitudes import firma_sign, solicitud_create
from firma.services.validacion import firma_validate

__all__ = [
    "Preparacion",
    "certificado_register",
    "documento_firma_complete",
    "documento_firmar",
    "documento_solicitud_create",
    "firma_complete",
    "firma_link_version",
    "firma_prepare",
    "firma_sign",
    "firma_upgrade",
    "firma_validate",
    "solicitud_create",
    "solicitud_resellar",
    "version_firmada_publish",
]
