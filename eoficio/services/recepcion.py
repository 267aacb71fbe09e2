"""Oficialía de partes: registering a received document under its folio de control.

The folio is `SIGLAS/NNNNN/AAAA` from the one numbering service (scope per oficialía and year), taken inside the
registro's transaction so a refused registro leaves no gap. The constancia de presentación is produced and stored
at filing. With SAI_CORRESPONDENCIA_SERIE the scan is also filed (through e-archivo's services) as a document of
the oficialía's yearly "Correspondencia recibida AAAA" expediente, where search extracts its text (OCR for scans).
"""

import datetime
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from earchivo.models import ClasificacionInformacion, CuadroClasificacion, Expediente, NodoClasificacion, TipoDocumental
from earchivo.services.documentos import documento_append
from earchivo.services.expediente_reglas import serie_validate, validation_to_application
from earchivo.services.expedientes import expediente_insert, lock_expediente
from eoficio.models import Registro
from eoficio.permissions import REGISTRAR_DOCUMENTO, unidad_de
from eoficio.services.gestion_pdf import constancia_pdf
from sai.audit.services import audit_record
from sai.calendario.services import recepcion_efectiva
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.numeracion.services import ambito, numero_siguiente
from sai.search.services.indexing import search_enqueue
from sai.storage.services import blob_put

TIPO_RECIBIDO = "Documento recibido"
SECRETOS = ("asunto", "remitente")


def _validate(datos: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for campo, etiqueta in (("remitente_nombre", "el remitente"), ("remitente_institucion", "la institución"),
                            ("asunto", "el asunto")):  # fmt: skip
        if not (datos.get(campo) or "").strip():
            errors[campo] = [f"Indique {etiqueta}."]
    if datos.get("medio") not in Registro.Medio.values:
        errors["medio"] = ["Elija ventanilla, mensajería, correo electrónico o SAI."]
    fecha = datos.get("fecha_documento")
    if fecha is None:
        errors["fecha_documento"] = ["La fecha del documento es obligatoria."]
    elif fecha > timezone.localdate():
        errors["fecha_documento"] = ["La fecha del documento no puede ser futura."]
    if (datos.get("anexos_cantidad") or 0) < 0:
        errors["anexos_cantidad"] = ["El número de anexos no puede ser negativo."]
    return errors


def _serie_correspondencia() -> NodoClasificacion | None:
    clave = settings.SAI_CORRESPONDENCIA_SERIE
    if not clave:
        return None
    serie = NodoClasificacion.objects.filter(cuadro__estado=CuadroClasificacion.Estado.VIGENTE, clave=clave).first()
    if serie is None:
        raise ApplicationError(
            "No se encuentra la serie de la correspondencia recibida.",
            errors={"serie": [f"SAI_CORRESPONDENCIA_SERIE={clave} no es una serie del cuadro vigente."]},
        )
    return serie


def _expediente_del_anio(*, actor, serie, unidad, anio: int) -> Expediente:
    """The oficialía's open "Correspondencia recibida AAAA" expediente, opened on the year's first registro.

    Concurrent first registros are serialised by the folio counter's row lock, taken before this runs.
    """
    titulo = f"Correspondencia recibida {anio}"
    expediente = Expediente.objects.filter(
        serie=serie, unidad=unidad, anio=anio, titulo=titulo, estado=Expediente.Estado.ABIERTO
    ).first()
    if expediente is not None:
        return lock_expediente(expediente)
    serie_validate(serie=serie, unidad=unidad)
    return expediente_insert(
        actor=actor,
        serie=serie,
        unidad=unidad,
        fecha_apertura=timezone.localdate(),
        audit_extra={"origen": "oficialia de partes"},
        titulo=titulo,
        asunto="Documentos recibidos por la oficialía de partes",
        responsable=actor,
        soporte=Expediente.Soporte.ELECTRONICO,
        clasificacion=ClasificacionInformacion.PUBLICA,
    )


def _archivar(*, actor, registro: Registro, contenido: bytes, filename: str):
    serie = _serie_correspondencia()
    if serie is None:
        return None
    expediente = _expediente_del_anio(actor=actor, serie=serie, unidad=registro.unidad, anio=registro.anio)
    tipo, _ = TipoDocumental.objects.get_or_create(nombre=TIPO_RECIBIDO)
    return documento_append(
        actor=actor,
        expediente=expediente,
        fileobj=io.BytesIO(contenido),
        filename=filename,
        motivo="Recepción en oficialía de partes",
        audit_extra={"folio": registro.folio},
        tipo_documental=tipo,
        titulo=f"{registro.folio} {registro.asunto}"[:500],
        fecha=registro.fecha_documento,
        autor=f"{registro.remitente_nombre}, {registro.remitente_institucion}"[:255],
        es_documento_de_archivo=True,
    )


def registro_create(
    *,
    actor,
    medio: str,
    remitente_nombre: str,
    remitente_institucion: str,
    asunto: str,
    fecha_documento: datetime.date | None,
    remitente_cargo: str = "",
    remitente_correo: str = "",
    numero_documento: str = "",
    anexos: str = "",
    anexos_cantidad: int = 0,
    observaciones: str = "",
    fileobj=None,
    filename: str = "",
    recibido: datetime.datetime | None = None,
    ip: str | None = None,
) -> Registro:
    """Register a received document: folio, effective reception day, stored scan, constancia; all or nothing."""
    require_perm(actor, REGISTRAR_DOCUMENTO, "Sólo la oficialía de partes registra documentos recibidos.")
    unidad = unidad_de(actor)
    if unidad is None:
        raise PermissionDeniedError("Su cuenta no pertenece a ninguna unidad: no puede registrar documentos.")
    datos = {
        "medio": medio,
        "remitente_nombre": (remitente_nombre or "").strip(),
        "remitente_cargo": (remitente_cargo or "").strip(),
        "remitente_institucion": (remitente_institucion or "").strip(),
        "remitente_correo": (remitente_correo or "").strip(),
        "numero_documento": (numero_documento or "").strip(),
        "fecha_documento": fecha_documento,
        "asunto": (asunto or "").strip(),
        "anexos": (anexos or "").strip(),
        "anexos_cantidad": anexos_cantidad or 0,
        "observaciones": (observaciones or "").strip(),
    }
    errors = _validate(datos)
    if errors:
        raise ApplicationError("Revise los datos del documento recibido.", errors=errors)
    recibido = recibido or timezone.now()
    contenido = fileobj.read() if fileobj is not None else b""
    with transaction.atomic():
        archivo = blob_put(fileobj=io.BytesIO(contenido)) if contenido else None
        if archivo is not None and not (archivo.mime == "application/pdf" or archivo.mime.startswith("image/")):
            raise ApplicationError(
                "La digitalización debe ser un PDF o una imagen.",
                errors={"archivo": [f"el contenido es {archivo.mime}"]},
            )
        anio = timezone.localtime(recibido).year
        numero = numero_siguiente(ambito=ambito("registro", unidad.siglas), anio=anio)
        registro = Registro(
            folio=f"{unidad.siglas}/{numero:05d}/{anio}",
            unidad=unidad,
            anio=anio,
            numero=numero,
            recibido=recibido,
            recepcion_efectiva=recepcion_efectiva(recibido),
            archivo=archivo,
            nombre_archivo=(filename or "")[:255] if archivo else "",
            registrado_por=actor,
            **datos,
        )
        registro.constancia = blob_put(
            fileobj=io.BytesIO(constancia_pdf(registro=registro, archivo_sha256=archivo.sha256 if archivo else ""))
        )
        try:
            registro.full_clean(exclude=["constancia", "archivo", "documento"])
        except ValidationError as exc:
            raise validation_to_application(exc, "Revise los datos del documento recibido.") from None
        registro.save(force_insert=True)
        if archivo is not None:
            registro.documento = _archivar(
                actor=actor, registro=registro, contenido=contenido, filename=filename or "digitalizacion.pdf"
            )
            if registro.documento is not None:
                registro.save(update_fields=["documento"])
        search_enqueue(registro)
        audit_record(
            actor=actor,
            action="registro.crear",
            obj=registro,
            data={
                "folio": registro.folio,
                "medio": medio,
                "remitente": registro.remitente_institucion,
                "asunto": registro.asunto,
                "recepcion_efectiva": registro.recepcion_efectiva,
                "sha256": archivo.sha256 if archivo else "",
                "constancia": registro.constancia_id,
            },
            ip=ip,
        )
    return registro
