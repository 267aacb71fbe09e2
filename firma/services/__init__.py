"""firma writes. Views, API, commands and tasks call these and nothing else."""

from firma.services.certificados import certificado_register
from firma.services.constancia import solicitud_constancia_download
from firma.services.descargas import solicitud_pdf_download
from firma.services.dos_fases import Preparacion, firma_complete, firma_prepare
from firma.services.firmables import solicitud_deliver
from firma.services.gestion import firmante_reassign, solicitud_cancel, solicitud_decline
from firma.services.lote import ResultadoLote, firma_sign_batch
from firma.services.niveles import firma_upgrade
from firma.services.rechazos import solicitud_rechazo_registrar
from firma.services.resello import solicitud_resellar
from firma.services.solicitudes import firma_sign, solicitud_create
from firma.services.suplencias import suplencia_designate
from firma.services.validacion import firma_validate

__all__ = [
    "Preparacion",
    "ResultadoLote",
    "certificado_register",
    "firma_complete",
    "firma_prepare",
    "firma_sign",
    "firma_sign_batch",
    "firma_upgrade",
    "firma_validate",
    "firmante_reassign",
    "solicitud_cancel",
    "solicitud_constancia_download",
    "solicitud_create",
    "solicitud_decline",
    "solicitud_deliver",
    "solicitud_pdf_download",
    "solicitud_rechazo_registrar",
    "solicitud_resellar",
    "suplencia_designate",
]
