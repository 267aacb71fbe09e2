from eoficio.models.configuracion import Competencia, DelegacionBandeja, Plantilla
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
    "Oficio",
    "Plantilla",
    "Revision",
    "TipoOficio",
    "VersionOficio",
]
