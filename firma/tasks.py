"""Thin Celery tasks: take ids, call a service, safe to run twice."""

from celery import shared_task

from firma.errores import ServicioNoDisponibleError


@shared_task(
    acks_late=True,
    autoretry_for=(ServicioNoDisponibleError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=48,
)
def firma_completar_nivel_task(firma_id: int) -> str:
    """Complete a queued signature's PAdES level once the TSA / OCSP answer again."""
    from firma.services import firma_upgrade

    return firma_upgrade(firma_id=firma_id).estado
