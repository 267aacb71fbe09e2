"""Documento writes: capture into an open expediente, immutable versions, ordering, and audited reads of content.

Content goes through `blob_put` (content-addressed, SHA-256); a version row is never changed afterwards.
The expediente row is locked while documents change, so `orden` and the expediente's fojas stay consistent.
"""

import datetime
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from earchivo.models import Documento, Expediente, ProcesoBaja, TipoDocumental, VersionDocumento
from earchivo.permissions import AGREGAR_DOCUMENTO, MODIFICAR_DOCUMENTO, VER_DOCUMENTOS, require_unidad
from earchivo.services.expediente_reglas import validation_to_application
from earchivo.services.expedientes import lock_expediente, require_abierto, require_visible
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.conversion import conversion_disponible, docx_to_pdf
from sai.core.exceptions import ApplicationError, GoneError, PermissionDeniedError
from sai.search.services.indexing import search_enqueue
from sai.storage.models import Blob
from sai.storage.services import SPOOL_BYTES, blob_open, blob_put

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TIFF_MIME = "image/tiff"
# Scans: each page of one is a foja.
SCAN_MIMES = frozenset({TIFF_MIME, "image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"})
TIPOS_METADATO = ("texto", "numero", "fecha", "booleano")
_VERDADERO = {"true", "1", "si", "sí", "yes", "on"}
_FALSO = {"false", "0", "no", "off"}


# --- metadatos --------------------------------------------------------------------------------------------------


def _coerce(tipo: str, value):
    """Return the JSON value for one metadato, or raise ValueError with the reason."""
    if tipo == "numero":
        if isinstance(value, bool):
            raise ValueError("debe ser un número")
        if isinstance(value, int | float):
            return value
        try:
            number = float(str(value).strip().replace(",", ""))
        except ValueError:
            raise ValueError("debe ser un número") from None
        return int(number) if number.is_integer() else number
    if tipo == "fecha":
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValueError("debe ser una fecha AAAA-MM-DD") from None
    if tipo == "booleano":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _VERDADERO | _FALSO:
            return text in _VERDADERO
        raise ValueError("debe ser sí o no")
    return str(value).strip()


def metadatos_validate(*, tipo_documental: TipoDocumental, metadatos: dict | None) -> dict:
    """Check `metadatos` against the tipo documental's schema; each error is keyed `metadatos.<campo>`."""
    metadatos = dict(metadatos or {})
    esquema = {campo["nombre"]: campo for campo in tipo_documental.esquema_metadatos or []}
    clean: dict = {}
    errors: dict[str, list[str]] = {}
    for nombre in sorted(set(metadatos) - set(esquema)):
        errors[f"metadatos.{nombre}"] = [f"«{nombre}» no está definido para el tipo «{tipo_documental.nombre}»."]
    for nombre, campo in esquema.items():
        value = metadatos.get(nombre)
        if value is None or (isinstance(value, str) and not value.strip()):
            if campo.get("obligatorio"):
                errors[f"metadatos.{nombre}"] = [f"«{nombre}» es obligatorio."]
            continue
        try:
            clean[nombre] = _coerce(campo.get("tipo", "texto"), value)
        except ValueError as exc:
            errors[f"metadatos.{nombre}"] = [f"«{nombre}» {exc}."]
    if errors:
        raise ApplicationError("Revise los metadatos del documento.", errors=errors)
    return clean


# --- content ----------------------------------------------------------------------------------------------------


def _nombre_archivo(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    if not name:
        raise ApplicationError("Falta el archivo.", errors={"archivo": ["Indique el nombre del archivo."]})
    return name[-255:]


@contextmanager
def _readable(blob: Blob, fileobj: BinaryIO | None) -> Iterator[BinaryIO]:
    """The upload again when it can seek (no second trip to storage), else a disk-spooled copy of the blob."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        if fileobj is not None and getattr(fileobj, "seekable", lambda: False)():
            fileobj.seek(0)
            yield fileobj
        else:
            with blob_open(sha256=blob.sha256) as raw:
                shutil.copyfileobj(raw, spool)
            spool.seek(0)
            yield spool


def pdf_pages(blob: Blob, fileobj: BinaryIO | None = None) -> int | None:
    """Page count of PDF content; None for other formats or unreadable PDFs."""
    if blob.mime != PDF_MIME:
        return None
    with _readable(blob, fileobj) as source:
        try:
            return len(PdfReader(source).pages)
        except (PyPdfError, ValueError, OSError):
            return None


def docx_pages(blob: Blob, fileobj: BinaryIO | None = None) -> int | None:
    """Page count of DOCX content as LibreOffice lays it out; None when conversion is unavailable or fails."""
    if blob.mime != DOCX_MIME or conversion_disponible():
        return None
    with _readable(blob, fileobj) as source:
        data = source.read()
    try:
        return len(PdfReader(io.BytesIO(docx_to_pdf(data))).pages)
    except (ApplicationError, PyPdfError):
        return None


def image_pages(blob: Blob, fileobj: BinaryIO | None = None) -> int | None:
    """A scan is one foja per page: a (multi-page) TIFF counts its frames, any other image 1; None if not an image.

    Only the TIFF is opened, and only its headers are read (no pixels are decoded).
    """
    if blob.mime not in SCAN_MIMES:
        return None
    if blob.mime != TIFF_MIME:
        return 1
    with _readable(blob, fileobj) as source:
        try:
            with Image.open(source) as image:
                return getattr(image, "n_frames", 1)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
            return None


def _version_store(*, actor, documento: Documento, fileobj: BinaryIO, filename: str, motivo: str) -> VersionDocumento:
    if fileobj is None:
        raise ApplicationError("Falta el archivo.", errors={"archivo": ["Adjunte el archivo del documento."]})
    nombre = _nombre_archivo(filename)
    blob = blob_put(fileobj=fileobj)
    if blob.size == 0:
        raise ApplicationError("El archivo está vacío.", errors={"archivo": ["El archivo no tiene contenido."]})
    numero = (documento.versiones.aggregate(m=Max("numero"))["m"] or 0) + 1
    return VersionDocumento.objects.create(
        documento=documento,
        numero=numero,
        blob=blob,
        nombre_archivo=nombre,
        paginas=pdf_pages(blob, fileobj) or image_pages(blob, fileobj) or docx_pages(blob, fileobj),
        motivo=motivo[:500],
        creado_por=actor,
    )


def fojas_sync(expediente: Expediente) -> int:
    """Expediente.fojas is the sum of its documents' fojas; called after every change to them."""
    total = expediente.documentos.aggregate(s=Sum("fojas"))["s"] or 0
    Expediente.objects.filter(pk=expediente.pk).update(fojas=total)
    expediente.fojas = total
    return total


def _require_captura(actor, expediente: Expediente, perm: str, message: str) -> None:
    require_perm(actor, perm, message)
    require_unidad(actor, expediente.unidad, "Sólo puede capturar documentos en expedientes de su unidad.")
    require_visible(actor, expediente)
    if actor is None:
        raise PermissionDeniedError("Cada versión de un documento necesita a la persona que la captura.")


# --- writes -----------------------------------------------------------------------------------------------------


def documento_create(
    *,
    actor,
    expediente: Expediente,
    tipo_documental: TipoDocumental,
    titulo: str,
    fecha: datetime.date,
    fileobj: BinaryIO,
    filename: str,
    autor: str = "",
    destinatario: str = "",
    fojas: int | None = None,
    metadatos: dict | None = None,
    es_documento_de_archivo: bool | None = None,
    motivo: str = "Versión inicial",
    ip: str | None = None,
) -> Documento:
    """Append a document (next orden) with its first version; fojas default to the PDF's page count."""
    _require_captura(actor, expediente, AGREGAR_DOCUMENTO, "No tiene permiso para agregar documentos.")
    errors: dict[str, list[str]] = {}
    if not (titulo or "").strip():
        errors["titulo"] = ["El título es obligatorio."]
    if fecha is None:
        errors["fecha"] = ["La fecha del documento es obligatoria."]
    elif fecha > timezone.localdate():
        errors["fecha"] = ["La fecha del documento no puede ser futura."]
    if not tipo_documental.activo or tipo_documental.del_sistema:
        errors["tipo_documental"] = [f"El tipo «{tipo_documental.nombre}» no está disponible; elija otro."]
    if fojas is not None and fojas < 0:
        errors["fojas"] = ["Las fojas no pueden ser negativas."]
    try:
        clean_metadatos = metadatos_validate(tipo_documental=tipo_documental, metadatos=metadatos)
    except ApplicationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ApplicationError("Revise los datos del documento.", errors=errors)
    with transaction.atomic():
        expediente = lock_expediente(expediente)
        require_abierto(expediente, "El expediente está cerrado: no admite documentos nuevos.")
        return documento_append(
            actor=actor,
            expediente=expediente,
            fileobj=fileobj,
            filename=filename,
            motivo=motivo,
            fojas=fojas,
            ip=ip,
            tipo_documental=tipo_documental,
            titulo=titulo.strip(),
            fecha=fecha,
            autor=autor,
            destinatario=destinatario,
            es_documento_de_archivo=(
                tipo_documental.es_documento_de_archivo if es_documento_de_archivo is None else es_documento_de_archivo
            ),
            metadatos=clean_metadatos,
        )


def documento_append(
    *,
    actor,
    expediente: Expediente,
    fileobj: BinaryIO,
    filename: str,
    motivo: str,
    fojas: int | None = None,
    audit_extra: dict | None = None,
    ip: str | None = None,
    **fields,
) -> Documento:
    """Write a document (next orden) and its first version into a locked, open expediente; audited.

    The checks are the caller's: `documento_create` for people capturing, the baja for its own records. Call inside
    a transaction, after `lock_expediente` and `require_abierto`. Fojas default to the PDF's page count.
    """
    orden = (expediente.documentos.aggregate(m=Max("orden"))["m"] or 0) + 1
    documento = Documento(expediente=expediente, orden=orden, fojas=fojas or 0, **fields)
    try:
        documento.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise validation_to_application(exc, "Revise los datos del documento.") from None
    documento.save(force_insert=True)
    version = _version_store(actor=actor, documento=documento, fileobj=fileobj, filename=filename, motivo=motivo)
    if fojas is None and version.paginas:
        documento.fojas = version.paginas
        documento.save(update_fields=["fojas"])
    fojas_sync(expediente)
    search_enqueue(documento)
    audit_record(
        actor=actor,
        action="documento.crear",
        obj=documento,
        data={
            "expediente": expediente.clave,
            "orden": orden,
            "version": version.numero,
            "sha256": version.blob_id,
            "archivo": version.nombre_archivo,
            **(audit_extra or {}),
        },
        ip=ip,
        secret_fields=("archivo",),
    )
    return documento


def documento_version_add(
    *, actor, documento: Documento, fileobj: BinaryIO, filename: str, motivo: str, ip: str | None = None
) -> VersionDocumento:
    """A new immutable version (who, when, why); the earlier ones stay as history."""
    _require_captura(actor, documento.expediente, MODIFICAR_DOCUMENTO, "No tiene permiso para versionar.")
    if not (motivo or "").strip():
        raise ApplicationError(
            "Indique el motivo.", errors={"motivo": ["El motivo de la nueva versión es obligatorio."]}
        )
    with transaction.atomic():
        expediente = lock_expediente(documento.expediente)
        require_abierto(expediente, "El expediente está cerrado: no admite versiones nuevas.")
        version = _version_store(
            actor=actor, documento=documento, fileobj=fileobj, filename=filename, motivo=motivo.strip()
        )
        search_enqueue(documento)
        audit_record(
            actor=actor,
            action="documento.nueva_version",
            obj=documento,
            data={"version": version.numero, "sha256": version.blob_id, "motivo": version.motivo},
            ip=ip,
            secret_fields=("motivo",),
        )
    return version


def documento_reorder(*, actor, expediente: Expediente, documento_ids: list[int], ip: str | None = None) -> None:
    """Set the order of every document of an open expediente (ids in the new order, 1..n)."""
    _require_captura(actor, expediente, MODIFICAR_DOCUMENTO, "No tiene permiso para ordenar documentos.")
    with transaction.atomic():
        expediente = lock_expediente(expediente)
        require_abierto(expediente, "El expediente está cerrado: su orden está congelado.")
        documentos = {d.pk: d for d in expediente.documentos.all()}
        if len(documento_ids) != len(set(documento_ids)) or set(documento_ids) != set(documentos):
            raise ApplicationError(
                "El nuevo orden debe incluir cada documento del expediente una sola vez.",
                errors={"documentos": ["La lista no coincide con los documentos del expediente."]},
            )
        antes = [str(d.uuid) for d in sorted(documentos.values(), key=lambda d: d.orden)]
        # Two passes: the unique (expediente, orden) constraint is checked per row.
        offset = max(d.orden for d in documentos.values()) if documentos else 0
        for documento in documentos.values():
            documento.orden += offset
        Documento.objects.bulk_update(documentos.values(), ["orden"])
        for orden, pk in enumerate(documento_ids, start=1):
            documentos[pk].orden = orden
        Documento.objects.bulk_update(documentos.values(), ["orden"])
        despues = [str(documentos[pk].uuid) for pk in documento_ids]
        if antes != despues:
            search_enqueue(expediente)
            audit_record(
                actor=actor,
                action="expediente.reordenar",
                obj=expediente,
                data={"antes": antes, "despues": despues},
                ip=ip,
            )


# --- audited reads ----------------------------------------------------------------------------------------------


@dataclass
class ContenidoAbierto:
    stream: object
    nombre_archivo: str
    mime: str
    size: int


def _contenido_eliminado(version: VersionDocumento) -> GoneError:
    """The refusal for content a baja deleted, naming the baja (through the expediente's renglón) and its acta."""
    proceso = (
        ProcesoBaja.objects.filter(
            renglones__expediente_id=version.documento.expediente_id, estado=ProcesoBaja.Estado.EJECUTADA
        )
        .order_by("-ejecutada")
        .first()
    )
    if proceso is None:
        return GoneError(
            "El contenido de este documento fue eliminado por una baja documental; se conservan sus metadatos."
        )
    return GoneError(
        f"El contenido de este documento fue eliminado por la baja documental {proceso.numero:03d}/{proceso.anio} "
        f"(acta {proceso.acta_numero} del {proceso.acta_fecha:%d/%m/%Y}); se conservan sus metadatos."
    )


def version_open(*, actor, version: VersionDocumento, inline: bool = False, ip: str | None = None) -> ContenidoAbierto:
    """Open a version's content for streaming (hash verified while read) and record who read it.

    Content a baja documental removed is refused as gone (410), after the access checks so that only someone
    who may see the document learns what happened to it. The version's own state decides, not the blob's: the
    same bytes filed elsewhere (kept) or uploaded again (revived) do not bring this version back.
    """
    require_perm(actor, VER_DOCUMENTOS, "No tiene permiso para consultar documentos.")
    require_visible(actor, version.documento.expediente)
    if version.eliminado is not None or version.blob.eliminado is not None:
        raise _contenido_eliminado(version)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="documento.ver" if inline else "documento.descargar",
            obj=version.documento,
            data={"version": version.numero, "sha256": version.blob_id, "archivo": version.nombre_archivo},
            ip=ip,
            secret_fields=("archivo",),
        )
    return ContenidoAbierto(
        stream=blob_open(sha256=version.blob_id, verify=True),
        nombre_archivo=version.nombre_archivo,
        mime=version.blob.mime,
        size=version.blob.size,
    )
