"""e-archivo background work, run by celery beat (see sai/schedule.py). Tasks stay thin: they call a service."""

import smtplib

from celery import shared_task

from earchivo.services import calendario


@shared_task(
    name="earchivo.tasks.calendario_notificar",
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=60,
    retry_kwargs={"max_retries": 5},
)
def calendario_notificar() -> dict:
    """Daily notices (calendario de caducidades, overdue préstamos); a re-run sends only what was not sent today."""
    return calendario.calendario_notificar()
