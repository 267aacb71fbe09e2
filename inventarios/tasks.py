"""Inventarios background work: thin, idempotent (a finished or cancelled job is left alone), ids only."""

from celery import shared_task

from inventarios.services import generacion_ejecutar


@shared_task(name="inventarios.tasks.inventario_generar")
def inventario_generar(generacion_id: int) -> str:
    return generacion_ejecutar(generacion_id=generacion_id).estado
