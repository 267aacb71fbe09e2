from eoficio.models.configuracion import Competencia, DelegacionBandeja, Plantilla
from eoficio.models.oficios import (
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
