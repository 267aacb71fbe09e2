"""Keeping the index in step with the database: the queue (outbox), the flush, repair and full rebuild.

`search_enqueue(obj)` is the hook apps call inside the transaction that changes `obj`: it writes one
`PendienteIndice` row per object (a second change only renews it) and, after commit, asks a Celery task to
flush. The flush expands each row to the items it affects, builds them in batches and writes them with the
bulk API. If the backend is down the rows stay, with exponential backoff, and are retried; `search_repair`
compares database and index and fixes any difference, so nothing is lost even if a hook was missed.
"""

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from sai.search import registry
from sai.search.backends import BackendUnavailable, IndexingError, get_backend
from sai.search.models import PendienteIndice, ReconstruccionIndice
from sai.search.schema import element_key, elemento_body

logger = logging.getLogger(__name__)

BATCH = 500
LEASE = timedelta(minutes=10)  # a claimed row is due again after this if its worker died mid-flush
BACKOFF_BASE = 5  # seconds; doubles per failed attempt
BACKOFF_MAX = 3600

Progress = Callable[[int, int], None]


def version_now() -> int:
    """External version of a write: microseconds, taken before the database is read."""
    return time.time_ns() // 1000


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX))


def chunked(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


# --- the hook ---------------------------------------------------------------------------------------------------


def _kick() -> None:
    from sai.search.tasks import search_flush_task

    try:
        search_flush_task.apply_async()
    except Exception:  # the broker may be down: the rows wait for the next flush (beat, or the next change)
        logger.warning("no se pudo encolar la indexación; se hará en el siguiente ciclo", exc_info=True)


def _kick_after_commit() -> None:
    # One flush per transaction, however many objects it enqueued.
    if connection.in_atomic_block and any(func is _kick for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_kick)


def search_enqueue(*objs, label: str | None = None, pks: Iterable | None = None) -> int:
    """Mark objects for reindexing; call it inside the transaction that changed them. Returns rows queued.

    Pass model instances (`search_enqueue(expediente)`), or `label="earchivo.expediente", pks=[...]`.
    Objects of models no indexed type watches are ignored. Deleting an object: enqueue it before or after
    the delete, its item is removed from the index.
    """
    pairs = [(registry.model_label(obj), str(obj.pk)) for obj in objs]
    if label is not None:
        pairs += [(label.lower(), str(pk)) for pk in (pks or [])]
    watched = registry.watched_labels()
    ignored = {lbl for lbl, _ in pairs if lbl not in watched}
    if ignored:
        logger.debug("search_enqueue: %s no se indexan", ", ".join(sorted(ignored)))
    now = timezone.now()
    rows = [
        PendienteIndice(modelo=lbl, objeto_id=pk, solicitado=now, proximo_intento=now)
        for lbl, pk in dict.fromkeys(pairs)
        if lbl in watched
    ]
    if not rows:
        return 0
    for row in rows:
        row.marca = uuid.uuid4()
    PendienteIndice.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["modelo", "objeto_id"],
        update_fields=["marca", "solicitado", "proximo_intento"],
        batch_size=500,
    )
    _kick_after_commit()
    return len(rows)


# --- writing items ----------------------------------------------------------------------------------------------


def _int_ids(ids: Iterable) -> list:
    return sorted({int(i) if isinstance(i, str) and i.isdigit() else i for i in ids})


def items_write(*, tipo: str, ids: list, backend=None, refresh: bool = False, index: str | None = None) -> int:
    """Build and write (or delete) these items of one type. Idempotent; returns how many were written."""
    backend = backend or get_backend()
    version = version_now()
    elementos = registry.tipo_get(tipo).construir(ids, con_texto=True)
    bodies = [elemento_body(e) for e in elementos.values()]
    if index is not None:
        backend.write_into(index=index, bodies=bodies, version=version)
        return len(bodies)
    deletes = [element_key(tipo, i) for i in ids if i not in elementos]
    backend.write(bodies=bodies, deletes=deletes, version=version, refresh=refresh)
    return len(bodies) + len(deletes)


@dataclass
class FlushReport:
    claimed: int = 0
    written: int = 0
    failed: int = 0
    error: str = ""
    retry_in: float | None = None  # seconds until the failed rows are due again


def search_flush(*, limit: int = 2000, refresh: bool = False, now=None) -> FlushReport:
    """Index what is due in the queue. On a backend failure the claimed rows back off; nothing is dropped."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            PendienteIndice.objects.select_for_update(skip_locked=True)
            .filter(proximo_intento__lte=now)
            .order_by("proximo_intento")[:limit]
        )
        PendienteIndice.objects.filter(pk__in=[r.pk for r in rows]).update(proximo_intento=now + LEASE)
    report = FlushReport(claimed=len(rows))
    if not rows:
        return report
    items: dict[str, set] = {}
    for row in rows:
        for tipo, ids in registry.expand(row.modelo, row.objeto_id).items():
            items.setdefault(tipo, set()).update(_int_ids(ids))
    backend = get_backend()
    try:
        for tipo, ids in items.items():
            for chunk in chunked(sorted(ids), BATCH):
                report.written += items_write(tipo=tipo, ids=chunk, backend=backend, refresh=refresh)
    except (BackendUnavailable, IndexingError) as exc:
        report.failed, report.error = len(rows), str(exc)[:1000]
        attempts = max(r.intentos for r in rows) + 1
        report.retry_in = backoff(attempts).total_seconds()
        logger.warning("indexación pospuesta %s s (%s filas): %s", report.retry_in, len(rows), exc)
        for row in rows:
            PendienteIndice.objects.filter(pk=row.pk, marca=row.marca).update(
                intentos=row.intentos + 1, proximo_intento=now + backoff(row.intentos + 1), error=report.error
            )
        return report
    done = Q(pk__in=[])
    for row in rows:
        done |= Q(pk=row.pk, marca=row.marca)
    PendienteIndice.objects.filter(done).delete()
    return report


def search_flush_all(*, refresh: bool = False, now=None) -> FlushReport:
    """Flush until nothing is due (commands, tests)."""
    total = FlushReport()
    while True:
        report = search_flush(refresh=refresh, now=now)
        total.claimed += report.claimed
        total.written += report.written
        if report.failed or not report.claimed:
            total.failed, total.error, total.retry_in = report.failed, report.error, report.retry_in
            return total


# --- full rebuild (zero downtime) -------------------------------------------------------------------------------


def search_rebuild(*, progress: Progress | None = None, restart: bool = False) -> ReconstruccionIndice:
    """Rebuild the whole index from the database into a new index, then swap it in (resumable).

    Changes made meanwhile are written to both indices by the flush, so the swap loses nothing.
    """
    backend = get_backend()
    backend.setup()
    run = ReconstruccionIndice.objects.filter(backend=backend.name, estado=ReconstruccionIndice.Estado.EN_CURSO).first()
    if run is not None and restart:
        backend.rebuild_abandon(run.indice)
        run.estado = ReconstruccionIndice.Estado.ABANDONADA
        run.save(update_fields=["estado"])
        run = None
    index = backend.rebuild_begin(resume=run.indice if run else None)
    if run is None or run.indice != index:
        run = ReconstruccionIndice.objects.create(backend=backend.name, indice=index)
    started_version = int(run.iniciada.timestamp() * 1_000_000)
    tipos = sorted(registry.tipos())
    total = sum(registry.tipo_get(t).ids().count() for t in tipos)
    done = run.hechos
    for tipo in tipos:
        if run.tipo and tipos.index(tipo) < tipos.index(run.tipo):
            continue
        ids = registry.tipo_get(tipo).ids()
        if run.tipo == tipo and run.ultimo_id:
            ids = ids.filter(pk__gt=int(run.ultimo_id))
        for chunk in chunked(ids.iterator(chunk_size=BATCH), BATCH):
            items_write(tipo=tipo, ids=chunk, backend=backend, index=index)
            done += len(chunk)
            ReconstruccionIndice.objects.filter(pk=run.pk).update(tipo=tipo, ultimo_id=str(chunk[-1]), hechos=done)
            run.tipo, run.ultimo_id = tipo, str(chunk[-1])
            if progress:
                progress(done, total)
        run.tipo, run.ultimo_id = tipo, ""
    backend.rebuild_finish(index)
    if backend.name == "database":
        from sai.search.models import EntradaBusqueda

        # Rows not rewritten since the rebuild began belong to objects that no longer exist.
        EntradaBusqueda.objects.filter(version__lt=started_version).delete()
    run.estado, run.terminada, run.hechos = ReconstruccionIndice.Estado.TERMINADA, timezone.now(), done
    run.save(update_fields=["estado", "terminada", "hechos"])
    return run


# --- repair -----------------------------------------------------------------------------------------------------


def search_repair(*, progress: Progress | None = None, status=None) -> dict[str, int]:
    """Write what is missing or stale and delete what should not be there; safe to interrupt and re-run."""
    from sai.search.selectors import search_status

    status = status or search_status()
    backend = get_backend()
    fixed = {"escritos": 0, "borrados": 0}
    todo = sum(len(d.faltantes) + len(d.desactualizados) + len(d.sobrantes) for d in status.tipos)
    done = 0
    for diff in status.tipos:
        for chunk in chunked(sorted(diff.faltantes | diff.desactualizados), BATCH):
            items_write(tipo=diff.tipo, ids=chunk, backend=backend)
            fixed["escritos"] += len(chunk)
            done += len(chunk)
            if progress:
                progress(done, todo)
        for chunk in chunked(sorted(diff.sobrantes), BATCH):
            backend.write(bodies=[], deletes=[element_key(diff.tipo, i) for i in chunk], version=version_now())
            fixed["borrados"] += len(chunk)
            done += len(chunk)
            if progress:
                progress(done, todo)
    backend.refresh()
    return fixed
