"""E-archivo's three numbering schemes (expedientes, bajas, transferencias) run on the one numbering service.

The expediente and transferencia concurrency tests live with their apps (tests/earchivo/); the baja had none.
"""

import threading

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from earchivo.models import ProcesoBaja, Transferencia
from earchivo.services.bajas import BAJA_AMBITO, baja_solicitar
from earchivo.services.expedientes import expediente_ambito
from earchivo.services.transferencias import transferencia_ambito, transferencia_prepare
from sai.numeracion.models import Contador
from sai.numeracion.services import numero_ultimo
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import expediente_cerrado, expediente_para_baja
from tests.earchivo.factories import ExpedienteFactory, SerieFactory
from tests.factories import UnidadFactory

BAJAS = 8  # more than the old scheme's retries: it failed with "No se pudo numerar" under this load


@pytest.mark.django_db(transaction=True)
def test_parallel_baja_requests_number_without_gaps_or_duplicates(make_user):
    """Concurrent solicitudes de baja of one year get 1..N on PostgreSQL, none refused."""
    ac = make_user(Rol.CONCENTRACION)
    unidad = UnidadFactory()
    expedientes = [expediente_para_baja(unidad=unidad) for _ in range(BAJAS)]
    barrier = threading.Barrier(BAJAS)
    errors: list[BaseException] = []

    def worker(expediente) -> None:
        try:
            barrier.wait(timeout=30)
            baja_solicitar(actor=ac, expedientes=[expediente], justificacion="Plazo cumplido")
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(e,)) for e in expedientes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors[:3]
    procesos = ProcesoBaja.objects.all()
    assert sorted(p.numero for p in procesos) == list(range(1, BAJAS + 1))
    assert numero_ultimo(ambito=BAJA_AMBITO, anio=procesos[0].anio) == BAJAS


@pytest.mark.django_db
def test_a_transferencia_takes_its_number_from_its_counter(make_user):
    """A number already handed out in the scope (even if voided) is never reused by the next transferencia."""
    at = make_user(Rol.RESPONSABLE_AT)
    unidad = at.perfil.unidad
    primera = transferencia_prepare(
        actor=at, tipo="primaria", unidad=unidad, expedientes=[expediente_cerrado(unidad=unidad)]
    )
    ambito = transferencia_ambito(tipo="primaria", unidad=unidad)
    assert numero_ultimo(ambito=ambito, anio=primera.anio) == 1
    Contador.objects.filter(ambito=ambito).update(ultimo=5)  # numbers 2..5 were spent (e.g. voided) elsewhere
    segunda = transferencia_prepare(
        actor=at, tipo="primaria", unidad=unidad, expedientes=[expediente_cerrado(unidad=unidad)]
    )
    assert segunda.numero == 6


ANTES = [("earchivo", "0004_clasificar_y_version_eliminada")]


@pytest.mark.django_db(transaction=True)
def test_migration_moves_existing_counters_and_numbers_in_use(make_user):
    """Old counters are copied (never below a número in use); bajas and transferencias start from their highest."""
    user = make_user(Rol.RESPONSABLE_AT)
    unidad, serie = user.perfil.unidad, SerieFactory()
    ExpedienteFactory(serie=serie, unidad=unidad, anio=2024, numero=3)
    ExpedienteFactory(serie=serie, unidad=unidad, anio=2023, numero=9)
    ProcesoBaja.objects.create(anio=2024, numero=7, unidad=unidad, solicitada_por=user, justificacion="x")
    Transferencia.objects.create(tipo="primaria", unidad=unidad, anio=2024, numero=4, preparada_por=user)
    Contador.objects.all().delete()  # the state before the numbering service existed

    executor = MigrationExecutor(connection)
    executor.migrate(ANTES)
    viejo = executor.loader.project_state(ANTES).apps.get_model("earchivo", "ConsecutivoExpediente")
    viejo.objects.create(serie_id=serie.pk, unidad_id=unidad.pk, anio=2024, ultimo=5)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    expedientes = expediente_ambito(serie=serie, unidad=unidad)
    assert numero_ultimo(ambito=expedientes, anio=2024) == 5
    assert numero_ultimo(ambito=expedientes, anio=2023) == 9
    assert numero_ultimo(ambito=BAJA_AMBITO, anio=2024) == 7
    assert numero_ultimo(ambito=transferencia_ambito(tipo="primaria", unidad=unidad), anio=2024) == 4
