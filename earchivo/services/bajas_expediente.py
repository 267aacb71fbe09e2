"""The baja documental's own expediente (LGA art. 31 fr. VIII): its inventario and acta filed as signable documents.

When SAI_BAJA_SERIE names a serie of the vigente CGCA, each solicitud opens "Proceso de baja documental NNN/AAAA" in
that serie for the requesting unidad and files the generated inventario there; the acta joins it when registered.
The Archivo de Concentración does not hold add_expediente: the expediente is part of the baja, not a free apertura,
so these helpers run inside the baja services (which already checked their own permission) and are not an API.
"""

import datetime
import io

from django.conf import settings
from django.utils import timezone

from earchivo.models import (
    ClasificacionInformacion,
    CuadroClasificacion,
    Documento,
    Expediente,
    NodoClasificacion,
    ProcesoBaja,
    TipoDocumental,
)
from earchivo.services.documentos import documento_append
from earchivo.services.expediente_reglas import serie_validate
from earchivo.services.expedientes import expediente_insert, lock_expediente, require_abierto
from sai.core.exceptions import ApplicationError

TIPO_INVENTARIO = "Inventario de baja documental"
TIPO_ACTA = "Acta de baja documental"


def _serie_baja() -> NodoClasificacion | None:
    clave = (getattr(settings, "SAI_BAJA_SERIE", "") or "").strip()
    if not clave:
        return None
    serie = (
        NodoClasificacion.objects.filter(cuadro__estado=CuadroClasificacion.Estado.VIGENTE, clave=clave)
        .select_related("cuadro")
        .first()
    )
    if serie is None:
        raise ApplicationError(
            "No se encuentra la serie de los procesos de baja.",
            errors={"serie": [f"SAI_BAJA_SERIE={clave} no es una serie del cuadro de clasificación vigente."]},
        )
    return serie


def baja_expediente_open(*, actor, proceso: ProcesoBaja, ip: str | None = None) -> Expediente | None:
    """Open the proceso's expediente (responsable: the requester); None when SAI_BAJA_SERIE is off.

    Call inside the solicitud's transaction: a refusal here (serie misconfigured, not produced by the unidad)
    rolls the whole solicitud back.
    """
    serie = _serie_baja()
    if serie is None:
        return None
    unidad = proceso.unidad
    disposicion = serie_validate(serie=serie, unidad=unidad)
    if disposicion.clasificacion_default != ClasificacionInformacion.PUBLICA:
        raise ApplicationError(
            "La serie de los procesos de baja debe ser pública.",
            errors={"serie": [f"{serie.clave} se clasifica por omisión como {disposicion.clasificacion_default}."]},
        )
    expediente = expediente_insert(
        actor=actor,
        serie=serie,
        unidad=unidad,
        fecha_apertura=timezone.localdate(),
        audit_extra={"origen": "baja", "proceso": str(proceso)},
        ip=ip,
        titulo=f"Proceso de baja documental {proceso.numero:03d}/{proceso.anio}",
        asunto=proceso.justificacion,
        responsable=actor,
        soporte=Expediente.Soporte.ELECTRONICO,
        clasificacion=ClasificacionInformacion.PUBLICA,
    )
    proceso.expediente = expediente
    proceso.save(update_fields=["expediente"])
    return expediente


def baja_expediente_file(
    *,
    actor,
    proceso: ProcesoBaja,
    tipo: str,
    titulo: str,
    fecha: datetime.date,
    fileobj,
    filename: str,
    ip: str | None = None,
) -> Documento | None:
    """File one of the proceso's records as a document (first version) of its expediente; None if it has none."""
    if proceso.expediente_id is None:
        return None
    expediente = lock_expediente(proceso.expediente)
    require_abierto(expediente, f"El expediente {expediente.clave} del proceso está cerrado: reábralo para archivar.")
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)  # the proceso's own copy was stored from the same upload
    tipo_documental, _ = TipoDocumental.objects.get_or_create(nombre=tipo, defaults={"del_sistema": True})
    return documento_append(
        actor=actor,
        expediente=expediente,
        fileobj=fileobj,
        filename=filename,
        motivo="Versión inicial",
        audit_extra={"origen": "baja", "proceso": str(proceso)},
        ip=ip,
        tipo_documental=tipo_documental,
        titulo=titulo[:500],
        fecha=fecha,
        es_documento_de_archivo=tipo_documental.es_documento_de_archivo,
    )


def inventario_file(*, actor, proceso: ProcesoBaja, pdf: bytes, filename: str, ip: str | None = None):
    return baja_expediente_file(
        actor=actor,
        proceso=proceso,
        tipo=TIPO_INVENTARIO,
        titulo=f"Inventario de baja documental {proceso.numero:03d}/{proceso.anio}",
        fecha=timezone.localdate(),
        fileobj=io.BytesIO(pdf),
        filename=filename,
        ip=ip,
    )
