"""Inventory generation: ask (audited, queued after commit), run (streamed to a temporary file, stored whole or not
at all), cancel, and file a finished PDF in an expediente through e-archivo so it can be signed like any document.
"""

import logging
import tempfile
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from earchivo.selectors.acceso import expediente_get_for_user
from earchivo.selectors.ciclo import transferencia_get_for_user
from earchivo.services.documentos import documento_create
from inventarios.models import Generacion
from inventarios.permissions import require_generar
from inventarios.reportes import expedientes, transferencias
from inventarios.reportes.base import Reporte
from inventarios.selectors import filtros_clean
from inventarios.writers.etiquetas import etiquetas_write
from inventarios.writers.pdf import pdf_write
from inventarios.writers.xlsx import xlsx_write
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError
from sai.storage.services import blob_open, blob_put

logger = logging.getLogger(__name__)
Tipo, Estado = Generacion.Tipo, Generacion.Estado

REPORTES: dict[str, Callable[[Generacion], Reporte]] = {
    Tipo.GENERAL: lambda g: expedientes.general(user=g.solicitada_por, filtros=g.filtros),
    Tipo.RESERVADOS: lambda g: expedientes.reservados(user=g.solicitada_por, filtros=g.filtros),
    Tipo.CADUCIDADES: lambda g: expedientes.caducidades(user=g.solicitada_por, filtros=g.filtros),
    Tipo.GUIA: lambda g: expedientes.guia(user=g.solicitada_por, filtros=g.filtros),
    Tipo.TRANSFERENCIA: lambda g: transferencias.transferencia(
        user=g.solicitada_por, transferencia_id=g.transferencia_id
    ),
    Tipo.ETIQUETAS: lambda g: transferencias.transferencia(user=g.solicitada_por, transferencia_id=g.transferencia_id),
}
DE_TRANSFERENCIA = (Tipo.TRANSFERENCIA, Tipo.ETIQUETAS)
WRITERS = {Generacion.Formato.PDF: pdf_write, Generacion.Formato.XLSX: xlsx_write}
MIME = {
    Generacion.Formato.PDF: "application/pdf",
    Generacion.Formato.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Cancelada(Exception):
    """Raised from the progress callback when the job was cancelled: the writer stops, nothing is stored."""


def generacion_solicitar(
    *,
    actor,
    tipo: str,
    formato: str,
    filtros: dict | None = None,
    transferencia_id: int | None = None,
    encolar: bool = True,
    ip: str | None = None,
) -> Generacion:
    """Record the request and queue the worker once it commits; every refusal names its field."""
    require_generar(actor)
    errors: dict[str, list[str]] = {}
    if tipo not in REPORTES:
        errors["tipo"] = [f"Tipo de inventario no disponible; use uno de: {', '.join(REPORTES)}."]
    if formato not in WRITERS:
        errors["formato"] = ["Formato no válido; use pdf o xlsx."]
    if tipo in DE_TRANSFERENCIA and not transferencia_id:
        errors["transferencia"] = ["Indique la transferencia cuyo inventario quiere generar."]
    if tipo == Tipo.ETIQUETAS and formato != Generacion.Formato.PDF:
        errors["formato"] = ["Las etiquetas de caja sólo se generan en PDF."]
    if errors:
        raise ApplicationError("Revise la solicitud del inventario.", errors=errors)
    filtros = filtros_clean(filtros)
    transferencia = transferencia_get_for_user(user=actor, id=transferencia_id) if tipo in DE_TRANSFERENCIA else None
    with transaction.atomic():
        generacion = Generacion.objects.create(
            tipo=tipo, formato=formato, filtros=filtros, transferencia=transferencia, solicitada_por=actor
        )
        audit_record(
            actor=actor,
            action="inventario.solicitar",
            obj=generacion,
            data={"tipo": tipo, "formato": formato, "filtros": filtros, "transferencia": transferencia_id},
            ip=ip,
        )
        if encolar:
            transaction.on_commit(lambda: _enqueue(generacion.pk))
    return generacion


def _enqueue(generacion_id: int) -> None:
    from inventarios.tasks import inventario_generar  # the task module imports this one

    inventario_generar.delay(generacion_id)


def _claim(generacion_id: int) -> Generacion | None:
    """Move a waiting job to running; None if another run (or a cancel) got there first: runs are idempotent."""
    with transaction.atomic():
        generacion = Generacion.objects.select_for_update().get(pk=generacion_id)
        if generacion.estado != Estado.PENDIENTE:
            return None
        generacion.estado = Estado.EN_PROCESO
        generacion.save(update_fields=["estado"])
    return generacion


def generacion_ejecutar(*, generacion_id: int, al_avanzar: Callable[[int, int], None] | None = None) -> Generacion:
    """Build the report into a temporary file and store it only if it finished and was not cancelled meanwhile."""
    generacion = _claim(generacion_id)
    if generacion is None:
        return Generacion.objects.get(pk=generacion_id)
    rows = Generacion.objects.filter(pk=generacion_id)
    try:
        reporte = REPORTES[generacion.tipo](generacion)
        rows.update(total=reporte.total)

        def progreso(n: int) -> None:
            if rows.values_list("estado", flat=True).get() == Estado.CANCELADA:
                raise Cancelada
            rows.update(procesados=n)
            if al_avanzar:
                al_avanzar(n, reporte.total)

        with tempfile.TemporaryFile() as spool:
            writer = etiquetas_write if generacion.tipo == Tipo.ETIQUETAS else WRITERS[generacion.formato]
            writer(reporte, spool, progreso)
            spool.seek(0)
            return _store(generacion_id, reporte, spool)
    except Cancelada:
        return Generacion.objects.get(pk=generacion_id)
    except ApplicationError as exc:  # e.g. the transfer is no longer visible to who asked
        return _fail(generacion_id, exc.message)
    except Exception:
        logger.exception("inventario %s failed", generacion_id)
        _fail(generacion_id, "Error interno al generar el inventario.")
        raise


def _fail(generacion_id: int, error: str) -> Generacion:
    with transaction.atomic():
        generacion = Generacion.objects.select_for_update().get(pk=generacion_id)
        if generacion.estado == Estado.EN_PROCESO:
            generacion.estado, generacion.error, generacion.terminada = Estado.FALLIDA, error, timezone.now()
            generacion.save(update_fields=["estado", "error", "terminada"])
            audit_record(
                actor=generacion.solicitada_por, action="inventario.fallar", obj=generacion, data={"error": error}
            )
    return generacion


def _store(generacion_id: int, reporte: Reporte, spool) -> Generacion:
    with transaction.atomic():
        generacion = Generacion.objects.select_for_update().get(pk=generacion_id)
        if generacion.estado != Estado.EN_PROCESO:
            return generacion  # cancelled after the last row: nothing is kept
        generacion.blob = blob_put(fileobj=spool)
        generacion.nombre_archivo = f"{reporte.archivo}-{generacion.pk}.{generacion.formato}"
        generacion.estado = Estado.TERMINADA
        generacion.procesados = generacion.total
        generacion.terminada = timezone.now()
        generacion.save()
        audit_record(
            actor=generacion.solicitada_por,
            action="inventario.generar",
            obj=generacion,
            data={"archivo": generacion.nombre_archivo, "sha256": generacion.blob_id, "renglones": generacion.total},
        )
    return generacion


def generacion_cancelar(*, actor, generacion: Generacion, ip: str | None = None) -> Generacion:
    """Stop a waiting or running job; the worker notices at its next progress step and stores nothing."""
    with transaction.atomic():
        generacion = Generacion.objects.select_for_update().get(pk=generacion.pk)
        if generacion.solicitada_por_id != actor.pk:
            raise ApplicationError("Sólo quien solicitó la generación puede cancelarla.")
        if not generacion.activa:
            raise ApplicationError(
                f"La generación ya está {generacion.get_estado_display().lower()}: no puede cancelarse."
            )
        generacion.estado = Estado.CANCELADA
        generacion.terminada = timezone.now()
        generacion.save(update_fields=["estado", "terminada"])
        audit_record(actor=actor, action="inventario.cancelar", obj=generacion, ip=ip)
    return generacion


def generacion_abrir(*, actor, generacion: Generacion, ip: str | None = None):
    """The stored result to download (audited: an inventory lists what the institution holds)."""
    if generacion.blob_id is None:
        raise ApplicationError("La generación no tiene un archivo terminado.")
    audit_record(actor=actor, action="inventario.descargar", obj=generacion, ip=ip)
    return blob_open(sha256=generacion.blob_id, verify=True)


def generacion_archivar(
    *, actor, generacion: Generacion, expediente_id: int, tipo_documental, ip: str | None = None
) -> Generacion:
    """File a finished PDF in an open expediente via e-archivo (all its capture checks), so it can be signed."""
    if generacion.formato != Generacion.Formato.PDF or generacion.estado != Estado.TERMINADA:
        raise ApplicationError("Sólo un inventario PDF terminado se archiva en un expediente.")
    if generacion.documento_id is not None:
        raise ApplicationError("Este inventario ya está archivado.", errors={"expediente": ["Ya tiene documento."]})
    expediente = expediente_get_for_user(user=actor, id=expediente_id)
    with transaction.atomic(), blob_open(sha256=generacion.blob_id, verify=True) as contenido:
        documento = documento_create(
            actor=actor,
            expediente=expediente,
            tipo_documental=tipo_documental,
            titulo=f"{generacion.get_tipo_display()} ({generacion.nombre_archivo})",
            fecha=timezone.localdate(generacion.terminada),
            fileobj=contenido,
            filename=generacion.nombre_archivo,
            ip=ip,
        )
        generacion.documento = documento
        generacion.save(update_fields=["documento"])
        audit_record(
            actor=actor, action="inventario.archivar", obj=generacion, data={"expediente": expediente.clave}, ip=ip
        )
    return generacion
