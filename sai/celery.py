"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in every installed app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sai.settings.base")

app = Celery("sai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule_module = "sai.schedule"
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _load_beat_schedule(sender: Celery, **kwargs) -> None:
    from sai.schedule import BEAT_SCHEDULE

    sender.conf.beat_schedule = BEAT_SCHEDULE
