"""Search background work: flushing the indexing queue and extracting text. Thin and idempotent."""

from dataclasses import asdict

from celery import shared_task

from sai.search.services.indexing import search_flush_all, search_repair
from sai.search.services.textos import texto_extraer


@shared_task(name="sai.search.tasks.search_flush_task", bind=True, acks_late=True, max_retries=None)
def search_flush_task(self) -> dict:
    """Index everything due. If the backend is down, retry when the failed rows are due (exponential backoff)."""
    report = search_flush_all()
    if report.failed and not self.request.is_eager:
        raise self.retry(countdown=report.retry_in, max_retries=30)
    return asdict(report)


@shared_task(
    name="sai.search.tasks.texto_extraer_task",
    acks_late=True,
    autoretry_for=(OSError, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_kwargs={"max_retries": 8},
)
def texto_extraer_task(sha256: str) -> str:
    """Extract one content's text (once; a second run returns at once) and queue its items for reindexing."""
    return texto_extraer(sha256=sha256).estado


@shared_task(name="sai.search.tasks.search_repair_task", acks_late=True)
def search_repair_task() -> dict:
    """Nightly safety net: compare database and index and fix any difference (e.g. a change with no hook)."""
    return search_repair()
