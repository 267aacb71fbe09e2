"""Downloads of a request's current PDF: every one recorded in the bitácora, like document downloads."""

from firma.models import SolicitudFirma
from firma.services.solicitudes import pdf_read
from sai.audit.services import audit_record


def solicitud_pdf_download(*, actor, solicitud: SolicitudFirma, publica: bool = False, ip: str | None = None) -> bytes:
    """The request's current PDF, recorded in the bitácora (downloads of documents are audited too).

    `publica` marks a download from the public verification page (anonymous visitors: actor None).
    """
    pdf = pdf_read(solicitud.actual_blob)
    audit_record(
        actor=actor,
        action="firma.verifica_descargar" if publica else "firma.descargar",
        obj=solicitud,
        data={"uuid": str(solicitud.uuid), "sha256": solicitud.actual_blob.sha256},
        ip=ip,
    )
    return pdf
