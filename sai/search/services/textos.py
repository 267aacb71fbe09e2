"""Extracted text: requested by the indexer for contents without it, extracted once by a Celery task.

Text is keyed by the content's SHA-256, so identical files (and every reindex) reuse it. When extraction
finishes, the items that show that content are queued for reindexing and pick the pages up.
"""

import logging
import shutil
import tempfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from django.db import transaction

from sai.search import extraction
from sai.search.models import TextoExtraido
from sai.search.services.indexing import search_enqueue
from sai.storage.models import Blob
from sai.storage.services import BlobCorruptError, blob_open

logger = logging.getLogger(__name__)
ELIMINADO = "El contenido fue eliminado."  # the error of a text whose content a baja documental deleted


def _dispatch(sha256: str) -> None:
    from sai.search.tasks import texto_extraer_task

    try:
        texto_extraer_task.apply_async(args=[sha256])
    except Exception:  # broker down: `search_reindex` re-dispatches pending extractions
        logger.warning("no se pudo encolar la extracción de %s", sha256, exc_info=True)


def texto_solicitar(*, shas: Iterable[str]) -> int:
    """Queue extraction for live contents with no text yet (idempotent). Returns how many were queued.

    Text a baja erased counts as none: the same bytes uploaded again later are extracted (and searchable) anew.
    """
    shas = set(shas)
    if not shas:
        return 0
    rows = TextoExtraido.objects.filter(blob_id__in=shas).values_list("blob_id", "error", "blob__eliminado")
    erased, known = set(), set()
    for sha, error, blob_eliminado in rows:
        (erased if error == ELIMINADO and blob_eliminado is None else known).add(sha)
    missing = sorted(shas - known)
    if erased:
        TextoExtraido.objects.filter(blob_id__in=erased).update(estado=TextoExtraido.Estado.PENDIENTE, error="")
    TextoExtraido.objects.bulk_create([TextoExtraido(blob_id=sha) for sha in missing], ignore_conflicts=True)
    for sha in missing:
        transaction.on_commit(partial(_dispatch, sha))
    return len(missing)


def texto_redispatch() -> int:
    """Send every still-pending extraction to the workers again (after a broker outage)."""
    pending = list(
        TextoExtraido.objects.filter(estado=TextoExtraido.Estado.PENDIENTE).values_list("blob_id", flat=True)
    )
    for sha in pending:
        transaction.on_commit(partial(_dispatch, sha))
    return len(pending)


def texto_extraer(*, sha256: str, force: bool = False) -> TextoExtraido:
    """Extract a content's text once and queue its items for reindexing. Storage errors propagate (retry)."""
    texto, _ = TextoExtraido.objects.get_or_create(blob_id=sha256)
    if texto.estado == TextoExtraido.Estado.LISTO and not force:
        return texto
    blob = Blob.objects.get(pk=sha256)
    texto.intentos += 1
    if blob.eliminado is not None:
        texto.estado, texto.paginas, texto.error = TextoExtraido.Estado.ERROR, [], ELIMINADO
    else:
        with tempfile.NamedTemporaryFile(prefix="sai-texto-") as handle:
            try:
                with blob_open(sha256=sha256, verify=True) as raw:
                    shutil.copyfileobj(raw, handle)
                handle.flush()
                result = extraction.extract(Path(handle.name), blob.mime)
            except (extraction.ExtractionError, BlobCorruptError) as exc:
                texto.estado, texto.paginas, texto.error = TextoExtraido.Estado.ERROR, [], str(exc)[:2000]
            else:
                texto.estado, texto.paginas, texto.error = TextoExtraido.Estado.LISTO, result.paginas, ""
                texto.metodo, texto.paginas_ocr = result.metodo, result.paginas_ocr
    with transaction.atomic():
        texto.save()
        search_enqueue(label="storage.blob", pks=[sha256])
    return texto


def texto_eliminar(*, sha256: str) -> None:
    """Forget a content's text (its blob was deleted by a baja documental) and reindex its items without it."""
    with transaction.atomic():
        TextoExtraido.objects.filter(blob_id=sha256).update(
            estado=TextoExtraido.Estado.ERROR, paginas=[], paginas_ocr=[], error=ELIMINADO
        )
        search_enqueue(label="storage.blob", pks=[sha256])
