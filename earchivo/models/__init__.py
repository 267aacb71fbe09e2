from earchivo.models.cgca import (
    ClasificacionInformacion,
    CuadroClasificacion,
    DisposicionDocumental,
    FichaTecnicaValoracion,
    NodoClasificacion,
)
from earchivo.models.ciclo import (
    BajaExpediente,
    DocumentoProcesoBaja,
    Prestamo,
    ProcesoBaja,
    Transferencia,
    TransferenciaExpediente,
)
from earchivo.models.expedientes import (
    Documento,
    Expediente,
    IndiceElectronico,
    RetencionLegal,
    TipoDocumental,
    VersionDocumento,
)

__all__ = [
    "BajaExpediente",
    "ClasificacionInformacion",
    "CuadroClasificacion",
    "DisposicionDocumental",
    "Documento",
    "DocumentoProcesoBaja",
    "Expediente",
    "FichaTecnicaValoracion",
    "IndiceElectronico",
    "NodoClasificacion",
    "Prestamo",
    "ProcesoBaja",
    "RetencionLegal",
    "TipoDocumental",
    "Transferencia",
    "TransferenciaExpediente",
    "VersionDocumento",
]
