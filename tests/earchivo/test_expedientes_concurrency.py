"""Numbering under concurrency: parallel aperturas in one serie+unidad+year get 1..N, no gaps, no duplicates."""

import threading

import pytest
from django.db import connection

from earchivo.models import Expediente
from earchivo.services.expedientes import expediente_create
from sai.org.roles import Rol
from tests.earchivo.factories import SerieFactory, user_in
from tests.factories import UnidadFactory

THREADS = 50


@pytest.mark.django_db(transaction=True)
def test_parallel_creation_numbers_without_gaps_or_duplicates():
    """50 threads opening expedientes at once on PostgreSQL get números exactly 1..50."""
    assert connection.vendor == "postgresql"
    unidad = UnidadFactory(siglas="CONC")
    serie = SerieFactory(unidades=[unidad])
    actor = user_in(unidad, Rol.RESPONSABLE_AT)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            expediente_create(actor=actor, serie=serie, unidad=unidad, titulo=f"Expediente {index}")
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    numeros = sorted(Expediente.objects.filter(serie=serie, unidad=unidad).values_list("numero", flat=True))
    assert numeros == list(range(1, THREADS + 1))
    claves = Expediente.objects.filter(serie=serie).values_list("clave", flat=True)
    assert len(set(claves)) == THREADS
