"""The one numbering service: consecutive per scope and year, no gaps under concurrency, voids never reused."""

import threading

import pytest
from django.db import connection, transaction

from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError
from sai.numeracion.models import Contador
from sai.numeracion.services import ambito, numero_anular, numero_siguiente, numero_ultimo

THREADS = 50


def siguiente(clave: str, anio: int = 2026) -> int:
    with transaction.atomic():
        return numero_siguiente(ambito=clave, anio=anio)


@pytest.mark.django_db
def test_each_scope_and_year_counts_on_its_own():
    a, b = ambito("oficio", "DGA", "oficio"), ambito("oficio", "DGA", "circular")
    assert [siguiente(a), siguiente(a), siguiente(b), siguiente(a, 2027)] == [1, 2, 1, 1]
    assert numero_ultimo(ambito=a, anio=2026) == 2
    assert numero_ultimo(ambito="nunca", anio=2026) == 0


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_refused():
    """Without the caller's transaction a later failure could not give the number back."""
    with pytest.raises(RuntimeError):
        numero_siguiente(ambito="x", anio=1)


@pytest.mark.django_db
def test_a_rolled_back_caller_gives_its_number_back():
    siguiente("x")
    with pytest.raises(RuntimeError, match="firma rechazada"), transaction.atomic():
        numero_siguiente(ambito="x", anio=2026)
        raise RuntimeError("firma rechazada")
    assert siguiente("x") == 2


@pytest.mark.django_db
def test_void_keeps_the_number_and_its_reason(make_user):
    actor = make_user()
    siguiente("x")
    anulado = numero_anular(actor=actor, ambito="x", anio=2026, numero=1, motivo="Capturado por error")
    assert anulado.contador.ultimo == 1 and anulado.motivo == "Capturado por error"
    assert siguiente("x") == 2  # never reused
    assert EntradaBitacora.objects.filter(accion="numeracion.anular", objeto_id=str(anulado.pk)).exists()
    with pytest.raises(ConflictError):
        numero_anular(actor=actor, ambito="x", anio=2026, numero=1, motivo="otra vez")
    with pytest.raises(ApplicationError) as no_asignado:
        numero_anular(actor=actor, ambito="x", anio=2026, numero=9, motivo="no existe")
    assert "numero" in no_asignado.value.errors
    with pytest.raises(ApplicationError) as sin_motivo:
        numero_anular(actor=actor, ambito="x", anio=2026, numero=2, motivo=" ")
    assert "motivo" in sin_motivo.value.errors


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_callers_get_fifty_consecutive_numbers():
    """Including the very first call of a scope, where the counter row does not exist yet."""
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(THREADS)
    numeros: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            numeros.append(siguiente("carrera"))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert sorted(numeros) == list(range(1, THREADS + 1))
    assert Contador.objects.get(ambito="carrera").ultimo == THREADS
