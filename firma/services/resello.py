"""Re-timestamping B-LTA documents before their timestamp authority's certificate expires (run by celery beat)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from firma.conf import firma_config
from firma.engine import retimestamp
from firma.models import SolicitudFirma
from firma.services.firmables import solicitud_deliver_background
from firma.services.solicitudes import _store, pdf_read
from sai.audit.services import audit_record

MOTIVO = "Sello de tiempo de archivo renovado (PAdES B-LTA): el certificado de la TSA anterior vence el {vence}"


def resello_dias() -> int:
    """SAI_FIRMA_RESELLO_DIAS: re-timestamp when the last TSA certificate expires within this many days."""
    return settings.SAI_FIRMA_RESELLO_DIAS


def solicitud_resellar(*, solicitud_id: int, dias: int | None = None) -> bool:
    """Add a document timestamp when the last one's TSA certificate expires within `dias`; True if it did.

    Idempotent: a fresh timestamp (from a TSA whose certificate lasts longer) takes the document out of the window.
    Raises ServicioNoDisponibleError when the TSA does not answer (the beat task tries again on its next run).
    """
    dias = resello_dias() if dias is None else dias
    limite = timezone.now() + dt.timedelta(days=dias)
    config = firma_config()
    with transaction.atomic():
        solicitud = SolicitudFirma.objects.select_for_update().get(pk=solicitud_id)
        if solicitud.estado != SolicitudFirma.Estado.FIRMADA:
            return False
        pdf = pdf_read(solicitud.actual_blob)
        vence = retimestamp.ultimo_sello_vence(pdf)
        if vence is not None and vence > limite:
            return False
        nuevo = retimestamp.resellar(pdf, config)
        blob = _store(nuevo)
        anterior = solicitud.actual_blob.sha256
        solicitud.actual_blob = blob
        solicitud.save(update_fields=["actual_blob"])
        audit_record(
            actor=None,
            action="firma.resellar",
            obj=solicitud,
            data={
                "uuid": str(solicitud.uuid),
                "sha256_anterior": anterior,
                "sha256": blob.sha256,
                "tsa_anterior_vence": vence.isoformat() if vence else None,
            },
        )
    fecha = timezone.localtime(vence).strftime("%d/%m/%Y") if vence else "—"
    solicitud_deliver_background(solicitud_id=solicitud.pk, motivo=MOTIVO.format(vence=fecha))
    return True
