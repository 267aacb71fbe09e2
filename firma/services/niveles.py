"""After signing: complete a queued signature's level once the TSA / OCSP answer again."""

from django.db import transaction

from firma.conf import firma_config
from firma.engine import pades
from firma.engine.certificates import certificado_load
from firma.engine.revocation import REVOCADO, SIN_FUENTE, EvidenciaRevocacion, revocacion_check
from firma.engine.trust import certificado_verify
from firma.models import Firma, SolicitudFirma
from firma.services.solicitudes import _store, pdf_read
from sai.audit.services import audit_record


def firma_upgrade(*, firma_id: int) -> Firma:
    """Bring a queued signature (TSA or OCSP were down) up to its requested level. Idempotent.

    Raises ServicioNoDisponibleError while the services are still down (the task retries). A certificate found
    revoked before the signing time makes the signature invalid instead.
    """
    config = firma_config()
    with transaction.atomic():
        firma = Firma.objects.select_related("certificado").get(pk=firma_id)
        solicitud = SolicitudFirma.objects.select_for_update().get(pk=firma.solicitud_id)
        if firma.estado != Firma.Estado.PENDIENTE_NIVEL:
            return firma
        cert = certificado_load(bytes(firma.certificado.der))
        verificacion = certificado_verify(cert, config, at=firma.firmado_en, revocacion=False)
        evidencia = EvidenciaRevocacion(SIN_FUENTE)
        if verificacion.cadena:
            evidencia = revocacion_check(cert, verificacion.cadena[0], config)
        if evidencia.estado == REVOCADO and (
            evidencia.revocado_en is None or evidencia.revocado_en <= firma.firmado_en
        ):
            firma.estado = Firma.Estado.INVALIDA
            firma.pendiente_motivo = "El certificado ya estaba revocado cuando se firmó."
            firma.revocacion = evidencia.resumen()
            firma.save(update_fields=["estado", "pendiente_motivo", "revocacion"])
            audit_record(actor=None, action="firma.invalidar", obj=firma, data={"revocacion": firma.revocacion})
            return firma
        pdf = pades.completar_nivel(
            pdf_read(solicitud.actual_blob),
            campo=firma.campo,
            nivel=firma.nivel_solicitado,
            config=config,
            cadena=verificacion.cadena,
            evidencia=evidencia,
        )
        blob = _store(pdf)
        solicitud.actual_blob = blob
        solicitud.save(update_fields=["actual_blob"])
        firma.estado, firma.nivel, firma.pendiente_motivo = Firma.Estado.COMPLETA, firma.nivel_solicitado, ""
        firma.revocacion = evidencia.resumen()
        firma.save(update_fields=["estado", "nivel", "pendiente_motivo", "revocacion"])
        audit_record(
            actor=None,
            action="firma.nivel_completar",
            obj=firma,
            data={"nivel": firma.nivel, "sha256_pdf": blob.sha256, "revocacion": firma.revocacion},
        )
    return firma
