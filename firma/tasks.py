"""Thin Celery tasks: take ids, call a service, safe to run twice."""

import logging

from celery import shared_task

from firma.engine.errors import ServicioNoDisponibleError

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(ServicioNoDisponibleError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=48,
)
def firma_completar_nivel_task(firma_id: int) -> str:
    """Complete a queued signature's PAdES level once the TSA / OCSP answer again; then deliver the signed PDF."""
    from firma.services import firma_upgrade
    from firma.services.firmables import solicitud_deliver_background

    firma = firma_upgrade(firma_id=firma_id)
    solicitud_deliver_background(solicitud_id=firma.solicitud_id)
    return firma.estado


@shared_task(acks_late=True)
def firma_resellar_task(dias: int | None = None) -> int:
    """Beat: re-timestamp every signed B-LTA document whose last TSA certificate expires soon. Returns how many."""
    from firma.selectors import solicitudes_lta
    from firma.services.resello import solicitud_resellar

    hechos = 0
    for solicitud_id in solicitudes_lta().values_list("pk", flat=True):
        try:
            hechos += solicitud_resellar(solicitud_id=solicitud_id, dias=dias)
        except ServicioNoDisponibleError as exc:
            logger.warning("firma: no se pudo resellar la solicitud %s: %s", solicitud_id, exc.message)
    return hechos
