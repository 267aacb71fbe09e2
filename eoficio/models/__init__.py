from eoficio.models.configuracion import Competencia, DelegacionBandeja, Plantilla
from eoficio.models.gestion import Instruccion, Recordatorio, Registro, Turno
from eoficio.models.oficios import (
    TIPO_DOCUMENTAL,
    AcuseRecibo,
    Anexo,
    Destinatario,
    EstadoOficio,
    FirmanteOficio,
    Oficio,
    Revision,
    TipoOficio,
    VersionOficio,
)

__all__ = [
    "TIPO_DOCUMENTAL",
    "AcuseRecibo",
    "Anexo",
    "Competencia",
    "DelegacionBandeja",
    "Destinatario",
    "EstadoOficio",
    "FirmanteOficio",
    "Instruccion",
    "Oficio",
    "Plantilla",
    "Recordatorio",
    "Registro",
    "Revision",
    "TipoOficio",
    "Turno",
    "VersionOficio",
]
