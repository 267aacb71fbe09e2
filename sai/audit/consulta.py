"""Reading the bitácora is itself recorded: every page the auditors open and every export they take."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.utils import timezone

from sai.audit.selectors import FiltroBitacora, bitacora_list, bitacora_rows
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError
from sai.core.reports import XLSX_MIME, csv_build, xlsx_build

VER_BITACORA = "audit.view_entradabitacora"
NEGADO = "Sólo el Auditor y el Órgano Interno de Control consultan la bitácora."
PAGE_SIZE = 50
EXPORT_MAX = 50_000
EXPORT_HEADER = ["Posición", "Fecha y hora", "Usuario", "Acción", "Tipo de objeto", "Id", "Objeto", "Datos", "IP"]


def bitacora_consultar(*, actor, filtro: FiltroBitacora, pagina=None, ip: str | None = None) -> Page:
    """One page of entries as `actor` may see them (`page.filas`); the reading is recorded."""
    require_perm(actor, VER_BITACORA, NEGADO)
    page = Paginator(bitacora_list(filtro=filtro), PAGE_SIZE).get_page(pagina)
    page.filas = bitacora_rows(user=actor, entries=page.object_list)
    with transaction.atomic():
        audit_record(
            actor=actor, action="bitacora.consultar", data={"filtros": filtro.as_data(), "pagina": page.number}, ip=ip
        )
    return page


@dataclass
class Exportacion:
    contenido: bytes
    nombre: str
    mime: str
    filas: int


def bitacora_exportar(*, actor, filtro: FiltroBitacora, formato: str, ip: str | None = None) -> Exportacion:
    """Every entry matching `filtro` as CSV or XLSX, hidden where the page would hide it; the export is recorded."""
    require_perm(actor, VER_BITACORA, NEGADO)
    if formato not in ("csv", "xlsx"):
        raise ApplicationError("Formato no admitido.", errors={"formato": ["Elija csv o xlsx."]})
    qs = bitacora_list(filtro=filtro)
    total = qs.count()
    if total > EXPORT_MAX:
        raise ApplicationError(
            f"La consulta tiene {total} entradas; acótela a {EXPORT_MAX} o menos para exportarla.",
            errors={"desde": [f"Demasiadas entradas para exportar ({total})."]},
        )
    rows = [
        [
            f.seq,
            f"{f.creado:%Y-%m-%d %H:%M:%S}",
            f.usuario,
            f.accion,
            f.objeto_tipo,
            f.objeto_id,
            f.objeto,
            f.datos,
            f.ip,
        ]
        for f in bitacora_rows(user=actor, entries=qs.iterator(chunk_size=2000))
    ]
    nombre = f"bitacora-{timezone.localtime():%Y%m%d-%H%M}.{formato}"
    if formato == "csv":
        export = Exportacion(csv_build(EXPORT_HEADER, rows), nombre, "text/csv", len(rows))
    else:
        export = Exportacion(xlsx_build([("Bitácora", EXPORT_HEADER, rows)]), nombre, XLSX_MIME, len(rows))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="bitacora.exportar",
            data={"filtros": filtro.as_data(), "formato": formato, "filas": len(rows)},
            ip=ip,
        )
    return export
