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
    "firma-resellar-lta-diario": {
        "task": "firma.tasks.firma_resellar_task",
        "schedule": crontab(hour=3, minute=15),
    },
}
