"""Checkpoints without a TSA, with a TSA that does not answer, and from Celery beat."""

import io

import pytest
from django.core.management import call_command

from sai.audit.anchoring import checkpoint_create
from sai.audit.models import PuntoControl
from sai.audit.services import audit_record
from sai.audit.tasks import audit_checkpoint_task
from sai.schedule import BEAT_SCHEDULE
from sai.storage.write_once import write_once_list

pytestmark = pytest.mark.django_db


def test_without_a_tsa_the_checkpoint_is_written_unsealed_and_verify_says_so(settings, anchor_prefix):
    """No SAI_AUDIT_TSA_URL (a development machine): the head is still anchored in storage, with a warning."""
    settings.SAI_AUDIT_TSA_URL = ""
    audit_record(actor=None, action="prueba")
    punto = checkpoint_create()
    assert punto.seq == 1 and not punto.sellado
    err = io.StringIO()
    call_command("audit_verify", stdout=io.StringIO(), stderr=err)
    assert "sin sello de tiempo" in err.getvalue()


def test_an_unreachable_tsa_writes_nothing(settings, anchor_prefix):
    """With a TSA configured but down, no unsealed checkpoint is written; beat tries again on its next run."""
    settings.SAI_AUDIT_TSA_URL = "http://127.0.0.1:9/tsa"
    settings.SAI_FIRMA_HTTP_TIMEOUT = 2
    audit_record(actor=None, action="prueba")
    with pytest.raises(OSError):
        checkpoint_create()
    assert write_once_list(anchor_prefix) == [] and not PuntoControl.objects.exists()


def test_beat_seals_the_head_at_the_configured_interval(settings, anchor_prefix):
    """The schedule runs the task every SAI_AUDIT_CHECKPOINT_MINUTES; the task seals once per new head."""
    entry = BEAT_SCHEDULE["bitacora-punto-de-control"]
    assert entry["task"] == "sai.audit.tasks.audit_checkpoint_task"
    assert entry["schedule"].total_seconds() == settings.SAI_AUDIT_CHECKPOINT_MINUTES * 60
    audit_record(actor=None, action="prueba")
    assert audit_checkpoint_task() == 1
    assert audit_checkpoint_task() is None
    audit_record(actor=None, action="prueba")
    assert audit_checkpoint_task() == 2
    assert len(write_once_list(anchor_prefix)) == 2
