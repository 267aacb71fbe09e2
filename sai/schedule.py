"""Periodic work run by `celery beat`; each app's entries are listed here so the schedule reads in one place."""

from datetime import timedelta

from celery.schedules import crontab
from django.conf import settings

BEAT_SCHEDULE = {
    "storage-fixity-nightly": {
        "task": "sai.storage.tasks.fixity_check_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "earchivo-calendario-diario": {
        "task": "earchivo.tasks.calendario_notificar",
        "schedule": crontab(hour=7, minute=0),
    },
    # Safety net for the after-commit kicks: anything queued for the index and not yet written (e.g. while
    # Elasticsearch was down) is written within a minute; a nightly repair catches changes made without the hook.
    "search-flush-cada-minuto": {
        "task": "sai.search.tasks.search_flush_task",
        "schedule": 60.0,
    },
    "search-reparar-nocturno": {
        "task": "sai.search.tasks.search_repair_task",
        "schedule": crontab(hour=1, minute=45),
    },
    # The bitácora's head, sealed by the TSA and written once to the document storage (sai/audit/anchoring.py).
    "bitacora-punto-de-control": {
        "task": "sai.audit.tasks.audit_checkpoint_task",
        "schedule": timedelta(minutes=settings.SAI_AUDIT_CHECKPOINT_MINUTES),
    },
    # Reminders of turno deadlines (before and after), once per turno and day.
    "eoficio-turnos-recordar": {
        "task": "eoficio.tasks.turnos_recordar",
        "schedule": crontab(hour=8, minute=0),
    },
    "firma-resellar-lta-diario": {
        "task": "firma.tasks.firma_resellar_task",
        "schedule": crontab(hour=3, minute=15),
    },
}
