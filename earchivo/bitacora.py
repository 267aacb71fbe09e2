"""What the bitácora needs to know about e-archivo (registered in EarchivoConfig.ready): which entries are about
classified expedientes, and how its action codes read in Spanish (`ACCIONES`).

An entry about an expediente, one of its documents or a document version shows its content only to users the
expediente's access door (`earchivo.selectors.acceso`) lets in; what is stored about one carries its clave, never
its title.
"""

from earchivo.models import ClasificacionInformacion, Documento, Expediente, VersionDocumento
from earchivo.selectors.acceso import expediente_visibility_q
from sai.audit.acciones import acciones_register
from sai.audit.registry import Clasificable, register

PUBLICA = ClasificacionInformacion.PUBLICA


def _ocultos(user, model, ids: set[str], expediente_path: str) -> set[str]:
    """Ids of `model` (reached from Expediente by `expediente_path`) classified now and not visible to `user`."""
    pks = [int(i) for i in ids if i.isdigit()]
    prefix = f"{expediente_path}__" if expediente_path else ""
    classified = model.objects.filter(pk__in=pks).exclude(**{f"{prefix}clasificacion": PUBLICA})
    visible = expediente_visibility_q(user)
    if visible is not None:
        visible_ids = Expediente.objects.filter(visible).values("pk")
        classified = classified.exclude(**{f"{prefix}pk__in": visible_ids})
    return {str(pk) for pk in classified.values_list("pk", flat=True)}


class ExpedienteClasificable(Clasificable):
    tipo = "earchivo.expediente"

    def clasificado(self, obj) -> bool:
        return obj.clasificacion != PUBLICA

    def etiqueta(self, obj) -> str:
        return f"{obj.clave} ({obj.get_clasificacion_display().lower()})"

    def ocultos(self, user, ids):
        return _ocultos(user, Expediente, ids, "")


class DocumentoClasificable(Clasificable):
    tipo = "earchivo.documento"

    def clasificado(self, obj) -> bool:
        return obj.expediente.clasificacion != PUBLICA

    def etiqueta(self, obj) -> str:
        return f"Documento {obj.orden} de {obj.expediente.clave}"

    def ocultos(self, user, ids):
        return _ocultos(user, Documento, ids, "expediente")


class VersionClasificable(Clasificable):
    tipo = "earchivo.versiondocumento"

    def clasificado(self, obj) -> bool:
        return obj.documento.expediente.clasificacion != PUBLICA

    def etiqueta(self, obj) -> str:
        return f"Documento {obj.documento.orden} de {obj.documento.expediente.clave} v{obj.numero}"

    def ocultos(self, user, ids):
        return _ocultos(user, VersionDocumento, ids, "documento__expediente")


# code → label, or (label, key of the data quoted after it). Shown in the expediente's history and the bitácora.
ACCIONES = {
    "expediente.crear": "Expediente abierto",
    "expediente.modificar": "Datos del expediente modificados",
    "expediente.clasificar": "Clasificación del expediente modificada",
    "expediente.cerrar": ("Expediente cerrado", "fecha_cierre"),
    "expediente.reabrir": ("Expediente reabierto", "motivo"),
    "expediente.reordenar": "Documentos reordenados",
    "expediente.consultar": "Expediente consultado",
    "expediente.acceso_otorgar": ("Acceso a información clasificada otorgado", "usuario"),
    "expediente.acceso_revocar": ("Acceso a información clasificada revocado", "usuario"),
    "expediente.transferencia.incluir": ("Incluido en transferencia", "transferencia"),
    "expediente.transferencia.devolver": ("Devuelto de la transferencia", "motivo"),
    "expediente.transferir": ("Transferido", "transferencia"),
    "expediente.baja": "Dado de baja",
    "documento.crear": ("Documento agregado", "archivo"),
    "documento.nueva_version": ("Nueva versión del documento", "motivo"),
    "documento.version_firmada": "Versión firmada agregada",
    "documento.ver": "Documento consultado",
    "documento.descargar": "Documento descargado",
    "prestamo.crear": ("Expediente prestado", "solicitante"),
    "prestamo.devolver": ("Préstamo devuelto", "solicitante"),
    "retencion.colocar": ("Retención legal colocada", "motivo"),
    "retencion.levantar": "Retención legal levantada",
    "transferencia.preparar": "Transferencia preparada",
    "transferencia.aprobar": "Transferencia aprobada",
    "transferencia.rechazar": ("Transferencia rechazada en revisión", "motivo"),
    "transferencia.rechazar_caja": ("Caja rechazada al recibir", "motivo"),
    "transferencia.rechazar_recepcion": ("Transferencia rechazada al recibir", "motivo"),
    "transferencia.recibir": "Transferencia recibida",
    "baja.solicitar": "Baja documental solicitada",
    "baja.dictaminar": "Dictamen de baja registrado",
    "baja.acta": "Acta de baja registrada",
    "baja.ejecutar": "Baja documental ejecutada",
    "calendario.notificar": "Aviso de caducidades enviado",
}


def register_all() -> None:
    for clasificable in (ExpedienteClasificable(), DocumentoClasificable(), VersionClasificable()):
        register(clasificable)
    acciones_register(ACCIONES)
