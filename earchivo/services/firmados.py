"""Signed PDFs filed as document versions: what e-archivo does when firma delivers one (earchivo/firmables.py).

firma never writes e-archivo's tables. A signed PDF follows the rules of any new version: it goes only into an open
expediente, never replaces content removed by a baja, and is recorded in the bitácora by e-archivo itself.
"""

import os

from django.db import transaction
from django.db.models import Max

from earchivo.models import Expediente, VersionDocumento
from earchivo.services.documentos import pdf_pages
from earchivo.services.expedientes import lock_expediente
from sai.audit.services import audit_record
from sai.core.exceptions import ConflictError
from sai.search.services.indexing import search_enqueue
from sai.storage.models import Blob


def version_firmable_check(*, version: VersionDocumento, expediente: Expediente | None = None) -> None:
    """Refuse signing a version whose expediente is no longer open, or whose content a baja removed.

    Asked when a request is made and again before every signature, so nothing is signed that cannot be filed.
    """
    expediente = expediente or version.documento.expediente
    if version.blob.eliminado is not None:
        raise ConflictError("El contenido de esta versión fue eliminado por una baja documental: no puede firmarse.")
    if expediente.estado != Expediente.Estado.ABIERTO:
        raise ConflictError(
            f"El expediente {expediente.clave} está {expediente.get_estado_display().lower()}: "
            "sus documentos ya no pueden firmarse."
        )


def _nombres(nombres: tuple[str, ...]) -> str:
    if len(nombres) <= 1:
        return "".join(nombres)
    return ", ".join(nombres[:-1]) + " y " + nombres[-1]


def _nombre_firmado(nombre: str) -> str:
    base, _ext = os.path.splitext(nombre)
    return f"{base.removesuffix('-firmado')}-firmado.pdf"[-255:]


def version_firmada_add(
    *,
    actor,
    version_id: int,
    blob: Blob,
    solicitud_uuid: str,
    folio: str,
    firmantes: tuple[str, ...],
    creada_por_id: int,
    motivo: str = "",
) -> VersionDocumento:
    """File the signed PDF as the next version of the signed version's document. Idempotent per PDF.

    `actor` None (a background task) records the request's creator as the version's author.
    """
    with transaction.atomic():
        origen = VersionDocumento.objects.select_related("documento", "blob").get(pk=version_id)
        documento = origen.documento
        expediente = lock_expediente(documento.expediente)
        existing = documento.versiones.filter(blob=blob).first()
        if existing is not None:
            return existing
        version_firmable_check(version=origen, expediente=expediente)
        motivo = motivo or "Firmado electrónicamente por " + _nombres(firmantes)
        version = VersionDocumento.objects.create(
            documento=documento,
            numero=(documento.versiones.aggregate(m=Max("numero"))["m"] or 0) + 1,
            blob=blob,
            nombre_archivo=_nombre_firmado(origen.nombre_archivo),
            paginas=pdf_pages(blob),
            motivo=motivo[:500],
            creado_por_id=actor.pk if actor is not None else creada_por_id,
            firma_solicitud=solicitud_uuid,
            firma_folio=folio,
        )
        search_enqueue(documento)
        audit_record(
            actor=actor,
            action="documento.version_firmada",
            obj=version,
            data={
                "solicitud": str(solicitud_uuid),
                "folio": folio,
                "documento": documento.pk,
                "version_origen": origen.numero,
                "version": version.numero,
                "sha256": blob.sha256,
                "motivo": version.motivo,
            },
        )
    return version
