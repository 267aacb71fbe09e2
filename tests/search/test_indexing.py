"""Keeping the index in step: queue after commit, dedup, retries when Elasticsearch is down, status and repair."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from earchivo.models import ClasificacionInformacion, Documento, Expediente
from sai.search.backends import get_backend
from sai.search.models import PendienteIndice, ReconstruccionIndice, TextoExtraido
from sai.search.registry import tipo_get
from sai.search.schema import element_key, elemento_body
from sai.search.selectors import SearchUnavailableError, search_run, search_status
from sai.search.services import indexing
from sai.search.services.indexing import search_enqueue, search_flush, search_flush_all, search_rebuild
from sai.search.tasks import search_flush_task, texto_extraer_task
from tests.search.fixtures import Mundo, documento_con_texto, found, index_all, key


def test_enqueue_keeps_one_row_per_object_and_one_flush_per_transaction(db, django_capture_on_commit_callbacks):
    """Enqueuing an object twice leaves one pending row; a transaction schedules a single flush."""
    world = Mundo()
    PendienteIndice.objects.all().delete()
    with django_capture_on_commit_callbacks() as callbacks:
        search_enqueue(world.publico)
        marca = PendienteIndice.objects.get().marca
        search_enqueue(world.publico, world.doc_publico)
        search_enqueue(world.publico)
    assert PendienteIndice.objects.count() == 2
    assert PendienteIndice.objects.get(modelo="earchivo.expediente").marca != marca
    assert len(callbacks) == 1


def test_objects_nobody_indexes_are_ignored(db):
    """A model no indexed type watches is not queued (the hook is safe to call from any service)."""
    world = Mundo()
    assert search_enqueue(world.staff_a) == 0
    assert not PendienteIndice.objects.filter(modelo="auth.user").exists()


def test_flush_is_idempotent_and_empties_the_queue(backend):
    """Flushing twice indexes once and leaves nothing pending; a second enqueue rewrites without duplicates."""
    world = Mundo()
    index_all()
    assert PendienteIndice.objects.count() == 0
    search_enqueue(world.doc_publico)
    search_flush_all(refresh=True)
    search_flush_all(refresh=True)
    assert found(world.staff_a, "arrendamiento") >= {key(world.doc_publico)}
    assert search_run(user=world.staff_a, q="juárez").total == 1


def test_changed_during_flush_is_not_dropped(backend, monkeypatch):
    """A row re-enqueued while a flush holds it stays pending for the next flush (its marca changed)."""
    world = Mundo()
    search_enqueue(world.publico)
    original = indexing.items_write

    def write_and_reenqueue(**kwargs):
        # The race: the flush has read the row, and a service enqueues the object again before it finishes.
        search_enqueue(world.publico)
        return original(**kwargs)

    monkeypatch.setattr(indexing, "items_write", write_and_reenqueue)
    search_flush(refresh=True)
    assert PendienteIndice.objects.filter(modelo="earchivo.expediente").exists()
    monkeypatch.setattr(indexing, "items_write", original)
    search_flush_all(refresh=True)
    assert not PendienteIndice.objects.exists()


def test_reclassifying_an_expediente_reindexes_its_documents(backend):
    """Enqueuing the expediente after it becomes reservada hides its documents from staff without a grant."""
    world = Mundo()
    colega = Mundo._user(world.ua, "Capturista")
    index_all()
    assert key(world.doc_publico) in found(colega, "arrendamiento")
    Expediente.objects.filter(pk=world.publico.pk).update(clasificacion=ClasificacionInformacion.CONFIDENCIAL)
    search_enqueue(world.publico)
    search_flush_all(refresh=True)
    assert found(colega, "arrendamiento") == set()
    assert search_run(user=colega, q="arrendamiento").total == 0


def test_deleted_object_leaves_the_index(backend):
    """Enqueuing a deleted document removes its item."""
    world = Mundo()
    extra = documento_con_texto(world.publico, "Documento efímero de prueba")
    index_all()
    assert found(world.staff_a, "efímero") == {key(extra)}
    pk = extra.pk
    extra.versiones.all().delete()
    extra.delete()
    search_enqueue(label="earchivo.documento", pks=[pk])
    search_flush_all(refresh=True)
    assert found(world.staff_a, "efímero") == set()


def test_an_older_write_never_replaces_a_newer_one(backend):
    """Writes carry the time the item was read: a late write of an older version is ignored."""
    world = Mundo()
    index_all()
    element = backend_item(world.doc_publico)
    newer = {**element, "titulo": "Título nuevo"}
    backend.write(bodies=[newer], deletes=[], version=9_000_000_000_000_000, refresh=True)
    backend.write(bodies=[element], deletes=[], version=8_000_000_000_000_000, refresh=True)
    assert search_run(user=world.staff_a, q="nuevo").total == 1


def backend_item(documento: Documento) -> dict:
    """The body the indexer would write for this document now."""
    return elemento_body(tipo_get("documento").construir([documento.pk])[documento.pk])


def test_status_finds_stale_missing_and_extra_items_and_reindex_repairs_them(backend):
    """search_status reports every difference; search_reindex fixes them; status then reports zero."""
    world = Mundo()
    index_all()
    assert search_status().diferencias == 0
    call_command("search_status", verbosity=0)
    # A change nobody enqueued, an object never indexed, and an item whose object is gone.
    Expediente.objects.filter(pk=world.publico.pk).update(titulo="Título cambiado sin avisar")
    nuevo = documento_con_texto(world.reservado, "Documento sin indexar")
    backend.write(
        bodies=[{**backend_item(world.doc_publico), "key": element_key("documento", 999999), "objeto_id": 999999}],
        deletes=[],
        version=1,
        refresh=True,
    )
    status = search_status()
    by_tipo = {d.tipo: d for d in status.tipos}
    assert world.publico.pk in by_tipo["expediente"].desactualizados
    assert world.doc_publico.pk in by_tipo["documento"].desactualizados  # it shows the expediente's title
    assert nuevo.pk in by_tipo["documento"].faltantes
    assert 999999 in by_tipo["documento"].sobrantes
    with pytest.raises(CommandError):
        call_command("search_status", verbosity=0)
    call_command("search_reindex", verbosity=0)
    assert search_status().diferencias == 0
    call_command("search_status", verbosity=0)


def test_elasticsearch_down_during_indexing_then_everything_arrives(db, es_config, dead_elasticsearch):
    """With ES unreachable the queue keeps every change with backoff; after it returns, the retry indexes all,
    a missed hook is repaired by search_reindex, and search_status reports zero differences."""
    world = Mundo()
    dead_elasticsearch_backend = get_backend()
    documentos = [documento_con_texto(world.publico, f"Acuse de recibo número {n}") for n in range(30)]
    search_enqueue(*Expediente.objects.all(), *Documento.objects.all())
    pending = PendienteIndice.objects.count()
    report = search_flush()
    assert report.failed == pending and report.written == 0
    assert report.retry_in > 0
    assert PendienteIndice.objects.count() == pending
    assert PendienteIndice.objects.filter(intentos=1, proximo_intento__gt=timezone.now()).count() == pending
    # Not due yet: an immediate flush leaves the rows alone.
    assert search_flush().claimed == 0
    # More changes arrive while ES is still down, and one change is made without calling the hook.
    later = documento_con_texto(world.publico, "Acuse de recibo tardío")
    search_enqueue(later)
    assert search_flush().failed == 1
    dead_elasticsearch()
    assert get_backend() is not dead_elasticsearch_backend
    report = search_flush_all(refresh=True, now=timezone.now() + datetime.timedelta(hours=2))
    assert not report.failed
    assert PendienteIndice.objects.count() == 0
    assert search_run(user=world.staff_a, q="acuse").total == 31
    assert search_status().diferencias == 0
    # A change made without the hook (a lost message) is caught by status and fixed by the repair.
    Documento.objects.filter(pk=documentos[0].pk).update(titulo="Acuse corregido sin avisar")
    status = search_status()
    assert status.diferencias == 1  # only the change nobody enqueued
    call_command("search_reindex", verbosity=0)
    assert search_status().diferencias == 0
    assert search_run(user=world.staff_a, q="corregido").total == 1


def test_full_rebuild_swaps_the_alias_and_resumes(db, es_config, monkeypatch):
    """A rebuild fills a new index and swaps the alias; an interrupted one resumes into the same index, and
    changes made meanwhile reach the new index too."""
    world = Mundo()
    for n in range(4):
        documento_con_texto(world.publico, f"Circular {n}")
    index_all()
    backend = get_backend()
    old = backend.current_index()
    monkeypatch.setattr(indexing, "BATCH", 2)

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        search_rebuild(progress=interrupt)
    run = ReconstruccionIndice.objects.get(estado=ReconstruccionIndice.Estado.EN_CURSO)
    assert run.hechos == 2 and backend.current_index() == old
    # A change made during the rebuild reaches both indices (the live one and the one being built).
    Documento.objects.filter(pk=world.doc_publico.pk).update(titulo="Contrato renovado")
    search_enqueue(world.doc_publico)
    search_flush_all(refresh=True)
    assert found(world.staff_a, "renovado") == {key(world.doc_publico)}
    finished = search_rebuild()
    assert finished.pk == run.pk and finished.estado == ReconstruccionIndice.Estado.TERMINADA
    assert finished.hechos == Documento.objects.count() + Expediente.objects.count()
    assert backend.current_index() == run.indice != old
    assert not backend.client.indices.exists(index=old)
    assert found(world.staff_a, "renovado") == {key(world.doc_publico)}
    assert search_status().diferencias == 0


def test_database_rebuild_drops_items_of_deleted_objects(db, settings):
    """The database backend rebuilds in place and removes rows nothing rewrote."""
    settings.SAI_SEARCH = "database"
    world = Mundo()
    index_all()
    get_backend().write(
        bodies=[{**backend_item(world.doc_publico), "key": "documento:424242", "objeto_id": 424242}],
        deletes=[],
        version=1,
    )
    call_command("search_reindex", "--completo", verbosity=0)
    assert search_status().diferencias == 0


def test_tasks_flush_and_extract(db, es_config):
    """The Celery tasks call the services: a flush indexes what is due; an extraction stores the text once."""
    world = Mundo()
    search_enqueue(world.doc_publico)
    result = search_flush_task.apply().get()
    assert result["written"] == 1 and result["failed"] == 0
    sha = world.doc_publico.versiones.get().blob_id
    TextoExtraido.objects.filter(blob_id=sha).delete()
    assert texto_extraer_task.apply(args=[sha]).get() == TextoExtraido.Estado.LISTO
    assert "Contenido de" in TextoExtraido.objects.get(blob_id=sha).paginas[0]


def test_flush_task_reports_failure_while_elasticsearch_is_down(db, es_config, dead_elasticsearch):
    """Run in-process (eager), a flush against a dead node returns the failure and keeps the rows."""
    world = Mundo()
    search_enqueue(world.doc_publico)
    result = search_flush_task.apply().get()
    assert result["failed"] == 1 and result["retry_in"] > 0
    assert PendienteIndice.objects.count() == 1


def test_searching_a_fresh_installation_finds_nothing(db, es_config):
    """Before anything is indexed the alias does not exist: a search answers 0, not an error."""
    world = Mundo()
    assert search_run(user=world.staff_a, q="contrato").total == 0


def test_search_while_elasticsearch_is_down_is_a_clear_503(db, es_config, dead_elasticsearch):
    """A search while the node is unreachable says so (503), on the service, the page and the API."""
    world = Mundo()
    with pytest.raises(SearchUnavailableError):
        search_run(user=world.staff_a, q="contrato")
    client = Client()
    client.force_login(world.staff_a)
    response = client.get("/busqueda/", {"q": "contrato"})
    assert response.status_code == 503 and "no responde" in response.content.decode()
    api = APIClient()
    api.force_authenticate(world.staff_a)
    assert api.get("/api/v1/search/", {"q": "contrato"}).status_code == 503


def test_elasticsearch_dying_in_the_middle_of_a_flush_loses_nothing(db, settings, es_config, monkeypatch):
    """The node goes away after the first bulk of a flush: the written batch stays, every row stays queued,
    and once the node is back the retry indexes the rest; status ends with zero differences."""
    world = Mundo()
    for n in range(20):
        documento_con_texto(world.publico, f"Memorándum {n}")
    search_enqueue(*Documento.objects.all())
    monkeypatch.setattr(indexing, "BATCH", 5)
    original, calls = indexing.items_write, []

    def write_then_die(**kwargs):
        calls.append(kwargs["ids"])
        if len(calls) > 1:
            settings.SAI_ELASTICSEARCH = {**es_config, "URL": "http://127.0.0.1:9", "TIMEOUT": 2}
            kwargs["backend"] = get_backend()
        return original(**kwargs)

    monkeypatch.setattr(indexing, "items_write", write_then_die)
    report = search_flush(refresh=True)
    assert report.failed == Documento.objects.count() and report.written == 5
    assert PendienteIndice.objects.count() == Documento.objects.count()
    settings.SAI_ELASTICSEARCH = es_config
    monkeypatch.setattr(indexing, "items_write", original)
    get_backend().refresh()
    indexed = search_run(user=world.staff_a, q="", facetas={"objeto": ["documento"]}, tamano=100).hits
    assert {h.objeto_id for h in indexed} == set(calls[0])
    assert not search_flush_all(refresh=True, now=timezone.now() + datetime.timedelta(hours=1)).failed
    assert search_run(user=world.staff_a, q="memorándum").total == 20
    search_enqueue(*Expediente.objects.all())
    search_flush_all(refresh=True)
    assert search_status().diferencias == 0
