from celery import shared_task

from eoficio.services.recordatorios import recordatorios_enviar


@shared_task(acks_late=True)
def turnos_recordar() -> int:
    """Daily: remind deadlines of turnos (idempotent per day)."""
    return recordatorios_enviar()
