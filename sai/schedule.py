"""Periodic work run by `celery beat`; each app's entries are listed here so the schedule reads in one place."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "storage-fixity-nightly": {
        "task": "sai.storage.tasks.fixity_check_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "earchivo-calendario-diario": {
        "task": "earchivo.tasks.calendario_notificar",
        "schedule": crontab(hour=7, minute=0),
    },
    "firma-resellar-lta-diario": {
        "task": "firma.tasks.firma_resellar_task",
        "schedule": crontab(hour=3, minute=15),
    },
}
