"""Beat task: seal the bitácora's head every SAI_AUDIT_CHECKPOINT_MINUTES (sai/schedule.py)."""

from celery import shared_task

from sai.audit.anchoring import checkpoint_create


@shared_task
def audit_checkpoint_task() -> int | None:
    """The sealed seq, or None when nothing new was appended since the last checkpoint."""
    punto = checkpoint_create()
    return punto.seq if punto else None
