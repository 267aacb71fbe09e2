"""e-archivo glue: send a PDF version of a document to signature, and file the signed PDF as a new version.

The unsigned version stays in the document's history; each signed (or re-timestamped) PDF becomes the next
VersionDocumento, created here on e-archivo's models inside the same transaction as the signature that completes it.
"""

import os

from django.db import transaction
from django.db.models import Max

from earchivo.models import Documento, VersionDocumento
from earchivo.services.documentos import pdf_pages
from firma.engine.errors import PdfInvalidoError
from firma.models import Firma, SolicitudFirma
from firma.selectors import PDF_MIME
from firma.services.dos_fases import firma_complete
from firma.services.niveles import firma_link_version
from firma.services.solicitudes import firma_sign, solicitud_create
from sai.audit.services import audit_record
from sai.search.services.indexing import search_enqueue


def documento_solicitud_create(
    *,
    actor,
    version: VersionDocumento,
    firmantes: list[tuple],
    folio: str,
    unidad_emisora: str = "",
    nivel: str | None = None,
    ip: str | None = None,
) -> SolicitudFirma:
    """Send a document version to signature; only PDF versions qualify (checked before anything is rendered)."""
    if version.blob.mime != PDF_MIME:
        raise PdfInvalidoError(
            f"Solo se pueden enviar a firma documentos PDF; la versión {version.numero} («{version.nombre_archivo}») "
            f"es de tipo {version.blob.mime}.",
            codigo="no_pdf",
        )
    expediente = version.documento.expediente
    return solicitud_create(
        actor=actor,
        version=version,
        firmantes=firmantes,
        folio=folio,
        unidad_emisora=unidad_emisora or expediente.unidad.nombre,
        nivel=nivel,
        ip=ip,
    )


def documento_firmar(*, actor, solicitud: SolicitudFirma, certificado, llave, contrasena, ip=None) -> Firma:
    """Server-side signature (API mode); the last one files the signed PDF as a new document version."""
    with transaction.atomic():
        firma = firma_sign(
            actor=actor, solicitud=solicitud, certificado=certificado, llave=llave, contrasena=contrasena, ip=ip
        )
        version_firmada_publish(solicitud=firma.solicitud, actor=actor, ip=ip)
    return firma


def documento_firma_complete(*, actor, solicitud: SolicitudFirma, firma: bytes, ip=None) -> Firma:
    """Phase two of browser signing; the last one files the signed PDF as a new document version."""
    with transaction.atomic():
        resultado = firma_complete(actor=actor, solicitud=solicitud, firma=firma, ip=ip)
        version_firmada_publish(solicitud=resultado.solicitud, actor=actor, ip=ip)
    return resultado


def _nombres(nombres: list[str]) -> str:
    if len(nombres) <= 1:
        return "".join(nombres)
    return ", ".join(nombres[:-1]) + " y " + nombres[-1]


def _nombre_firmado(nombre: str) -> str:
    base, _ext = os.path.splitext(nombre)
    base = base.removesuffix("-firmado")
    return f"{base}-firmado.pdf"[-255:]


def version_firmada_publish(
    *, solicitud: SolicitudFirma, actor=None, motivo: str = "", ip: str | None = None
) -> VersionDocumento | None:
    """File the request's current PDF as the document's next version once every signature is complete.

    Idempotent: nothing happens while signatures are missing or a level is still queued, or when a version already
    holds exactly these bytes. `actor` None (a task) records the request's creator as the version's author.
    """
    with transaction.atomic():
        solicitud = SolicitudFirma.objects.select_for_update().select_related("version").get(pk=solicitud.pk)
        if solicitud.estado != SolicitudFirma.Estado.FIRMADA:
            return None
        firmas = list(solicitud.firmas.select_related("certificado").order_by("orden"))
        if not firmas or any(f.estado != Firma.Estado.COMPLETA for f in firmas):
            return None
        documento = Documento.objects.select_for_update().get(pk=solicitud.version.documento_id)
        existing = documento.versiones.filter(blob=solicitud.actual_blob_id).first()
        if existing is not None:
            return existing
        motivo = motivo or "Firmado electrónicamente por " + _nombres([f.certificado.titular for f in firmas])
        numero = (documento.versiones.aggregate(m=Max("numero"))["m"] or 0) + 1
        version = VersionDocumento.objects.create(
            documento=documento,
            numero=numero,
            blob=solicitud.actual_blob,
            nombre_archivo=_nombre_firmado(solicitud.version.nombre_archivo),
            paginas=pdf_pages(solicitud.actual_blob),
            motivo=motivo[:500],
            creado_por=actor if actor is not None else solicitud.creada_por,
        )
        ultima = firmas[-1]
        if ultima.version_resultante_id is None:
            firma_link_version(actor=actor, firma=ultima, version=version)
        search_enqueue(version.documento)
        audit_record(
            actor=actor,
            action="firma.version_firmada",
            obj=version,
            data={
                "solicitud": str(solicitud.uuid),
                "documento": documento.pk,
                "version_origen": solicitud.version.numero,
                "version": numero,
                "sha256": solicitud.actual_blob.sha256,
                "motivo": version.motivo,
            },
            ip=ip,
        )
    return version


def solicitud_pdf_download(*, actor, solicitud: SolicitudFirma, publica: bool = False, ip: str | None = None) -> bytes:
    """The request's current PDF, recorded in the bitácora (downloads of documents are audited too).

    `publica` marks a download from the public verification page (anonymous visitors: actor None).
    """
    from firma.services.solicitudes import pdf_read

    pdf = pdf_read(solicitud.actual_blob)
    audit_record(
        actor=actor,
        action="firma.verifica_descargar" if publica else "firma.descargar",
        obj=solicitud,
        data={"uuid": str(solicitud.uuid), "sha256": solicitud.actual_blob.sha256},
        ip=ip,
    )
    return pdf
