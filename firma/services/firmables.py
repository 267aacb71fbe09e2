"""firma's side of the firmable registry (sai.signing.registry): what is asked of the owning app, and when.

- When a request is made: the requester must see the firmable, it must be a PDF that may be signed now.
- Before every signature: the firmable may still be signed (e-archivo: its expediente is still open), so nothing
  is signed that its owner would refuse to file.
- When the last signature is complete (and after each archival re-timestamp): the signed PDF is delivered to the
  owner's `on_signed`, once per distinct PDF.
"""

import logging

from django.db import transaction

from firma.engine.errors import PdfInvalidoError
from firma.models import Firma, SolicitudFirma
from firma.permissions import puede_firmar
from firma.selectors import PDF_MIME, firmable_get_for_user
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.signing.registry import Firmable, FirmableInfo, SolicitudResumen, firmable_get

logger = logging.getLogger(__name__)


def firmable_for_request(*, actor, tipo: str, object_id: int) -> tuple[Firmable, FirmableInfo]:
    """The firmable a new request will sign: visible to the requester, a PDF, and signable now."""
    firmable = firmable_get(tipo)
    info = firmable_get_for_user(user=actor, tipo=tipo, id=object_id)
    if info.blob.mime != PDF_MIME:
        raise PdfInvalidoError(
            f"Solo se pueden enviar a firma documentos PDF; «{info.referencia or info.titulo}» es de tipo "
            f"{info.blob.mime}.",
            codigo="no_pdf",
        )
    firmable.signable_check(object_id)
    return firmable, info


def firmantes_check(*, tipo: str, object_id: int, usuarios: list) -> None:
    """Every signer holds the firma role and may see the firmable: naming someone is never a hidden grant of it.

    A signer who may not see it gets access from its owner first (e-archivo: an explicit, listed, revocable grant).
    """
    firmable = firmable_get(tipo)
    problemas = []
    for user in usuarios:
        nombre = user.get_full_name() or user.get_username()
        if not (user.is_active and puede_firmar(user)):
            problemas.append(f"{nombre} no tiene permiso para firmar documentos (rol Firmante o equivalente).")
        elif refusal := firmable.signer_refusal(user, object_id):
            problemas.append(refusal)
    if problemas:
        raise ApplicationError("Revise los firmantes: " + " ".join(problemas), errors={"firmantes": problemas})


def firmable_signing_check(solicitud: SolicitudFirma, actor) -> None:
    """Before a signature is made: the owner still accepts the firmable being signed, and the signer still sees it."""
    firmable = firmable_get(solicitud.firmable_tipo)
    firmable.signable_check(solicitud.firmable_id)
    if refusal := firmable.signer_refusal(actor, solicitud.firmable_id):
        raise PermissionDeniedError(refusal)


def solicitud_resumen(solicitud: SolicitudFirma, motivo: str = "") -> SolicitudResumen:
    titulares = solicitud.firmas.order_by("orden").values_list("certificado__titular", flat=True)
    return SolicitudResumen(
        uuid=str(solicitud.uuid),
        folio=solicitud.folio,
        nivel=solicitud.nivel,
        creada_por_id=solicitud.creada_por_id,
        firmantes=tuple(titulares),
        motivo=motivo,
    )


def solicitud_deliver(*, solicitud: SolicitudFirma, actor=None, motivo: str = "", ip: str | None = None) -> bool:
    """Hand the request's signed PDF to the owning app (`on_signed`); True if it was delivered now.

    Idempotent: nothing while a signature is missing or a level is still queued, nor when this PDF was already
    delivered. An owner's refusal (an ApplicationError) propagates and undoes the caller's transaction.
    """
    with transaction.atomic():
        solicitud = SolicitudFirma.objects.select_for_update().select_related("actual_blob").get(pk=solicitud.pk)
        if solicitud.estado != SolicitudFirma.Estado.FIRMADA or solicitud.entregado_blob_id == solicitud.actual_blob_id:
            return False
        if solicitud.firmas.exclude(estado=Firma.Estado.COMPLETA).exists():
            return False
        firmable_get(solicitud.firmable_tipo).on_signed(
            object_id=solicitud.firmable_id,
            blob=solicitud.actual_blob,
            solicitud=solicitud_resumen(solicitud, motivo),
            actor=actor,
        )
        solicitud.entregado_blob = solicitud.actual_blob
        solicitud.save(update_fields=["entregado_blob"])
        audit_record(
            actor=actor,
            action="firma.entregar",
            obj=solicitud,
            data={
                "uuid": str(solicitud.uuid),
                "firmable": f"{solicitud.firmable_tipo}:{solicitud.firmable_id}",
                "sha256": solicitud.actual_blob.sha256,
                "motivo": motivo,
            },
            ip=ip,
        )
    return True


def solicitud_deliver_background(*, solicitud_id: int, motivo: str = "") -> bool:
    """Delivery from a task (queued level completed, re-timestamp): the owner's refusal is recorded, not raised.

    The signatures already exist; the request keeps its PDF and the bitácora says why the owner did not take it.
    """
    solicitud = SolicitudFirma.objects.get(pk=solicitud_id)
    try:
        return solicitud_deliver(solicitud=solicitud, actor=None, motivo=motivo)
    except ApplicationError as exc:
        logger.warning("firma: %s rechazó el PDF firmado de %s: %s", solicitud.firmable_tipo, solicitud.uuid, exc)
        audit_record(
            actor=None,
            action="firma.entrega_rechazada",
            obj=solicitud,
            data={"firmable": f"{solicitud.firmable_tipo}:{solicitud.firmable_id}", "motivo": exc.message},
        )
        return False
