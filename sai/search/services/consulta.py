"""Searching as an action: the module permission, the trail of queries, and the auditors' audited exports.

An auditor's every query is recorded; anyone's query whose results include reserved or confidential material is
recorded too. When results touch classified material the terms are stored as keyed digests, never in plain text:
the bitácora must not become the place where a reserved matter's keywords can be read.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError
from sai.core.reports import XLSX_MIME, csv_build, xlsx_build
from sai.search.results import Resultado
from sai.search.selectors import search_run

ACCESO_BUSQUEDA = "org.acceder_busqueda"
# Auditors are who may read the audit trail; their searches are recorded, and they may export results.
AUDITOR = "audit.view_entradabitacora"
# The `clasificacion` facet value of público material (earchivo's ClasificacionInformacion.PUBLICA).
PUBLICA = "publica"
SECRETOS = ("q",)
EXPORT_MAX = 50_000
EXPORT_PAGE = 500
EXPORT_HEADER = [
    "Tipo",
    "Clave",
    "Título",
    "Fecha",
    "Expediente",
    "Serie",
    "Unidad",
    "Tipo documental",
    "Etapa",
    "Clasificación",
    "Enlace",
]


def is_auditor(user) -> bool:
    return user is not None and user.has_perm(AUDITOR)


def _query_record(q: str, facetas: dict | None, orden: str) -> dict:
    return {"q": q, "filtros": {k: v for k, v in (facetas or {}).items() if v}, "orden": orden}


def _touches_classified(resultado: Resultado) -> bool:
    """Whether any result is reserved or confidential (the clasificacion facet counts the whole result set)."""
    valores = [v.valor for f in resultado.facetas if f.nombre == "clasificacion" for v in f.valores if v.cuenta]
    valores += [hit.facetas.get("clasificacion", ("",))[0] for hit in resultado.hits]
    return any(valor and valor != PUBLICA for valor in valores)


def search_execute(
    *,
    actor,
    q: str = "",
    facetas: dict[str, list[str]] | None = None,
    orden: str = "relevancia",
    cursor: str | None = None,
    tamano: int = 20,
    ip: str | None = None,
) -> Resultado:
    """A user's search from the UI or the API; an auditor's, or one touching classified material, is recorded."""
    require_perm(actor, ACCESO_BUSQUEDA, "No tiene acceso al módulo de búsqueda.")
    resultado = search_run(user=actor, q=q, facetas=facetas, orden=orden, cursor=cursor, tamano=tamano)
    clasificado = _touches_classified(resultado)
    if clasificado or is_auditor(actor):
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="busqueda.consultar",
                data={
                    **_query_record(q, facetas, orden),
                    "pagina": bool(cursor),
                    "resultados": resultado.total,
                    "clasificado": clasificado,
                },
                ip=ip,
                secret_fields=SECRETOS,
                classified=clasificado,
            )
    return resultado


@dataclass
class Exportacion:
    contenido: bytes
    nombre: str
    mime: str
    filas: int


def _rows(*, actor, q, facetas, orden) -> list[list]:
    rows, despues, total = [], None, None
    while True:
        page = search_run(
            user=actor,
            q=q,
            facetas=facetas,
            orden=orden,
            despues=despues,
            tamano=EXPORT_PAGE,
            con_facetas=False,
            resaltar=False,
        )
        if total is None:
            total = page.total
            if total > EXPORT_MAX:
                raise ApplicationError(
                    f"La búsqueda tiene {total} resultados; acótela a {EXPORT_MAX} o menos para exportarla.",
                    errors={"q": [f"Demasiados resultados para exportar ({total})."]},
                )
        for hit in page.hits:
            label = {n: v[1] for n, v in hit.facetas.items()}
            rows.append(
                [
                    label.get("objeto", hit.tipo),
                    ", ".join(hit.claves),
                    hit.titulo,
                    hit.fecha or "",
                    hit.datos.get("expediente_clave", ""),
                    label.get("serie", ""),
                    label.get("unidad", ""),
                    label.get("tipo_documental", ""),
                    label.get("etapa", ""),
                    label.get("clasificacion", ""),
                    settings.SAI_SITE_URL.rstrip("/") + hit.url if hit.url else "",
                ]
            )
        if page.ultimo is None:
            return rows
        despues = page.ultimo


def search_export(
    *,
    actor,
    q: str = "",
    facetas: dict[str, list[str]] | None = None,
    orden: str = "relevancia",
    formato: str = "csv",
    ip: str | None = None,
) -> Exportacion:
    """Every result an auditor's search finds, as CSV or XLSX; the export itself is audited."""
    require_perm(actor, ACCESO_BUSQUEDA, "No tiene acceso al módulo de búsqueda.")
    require_perm(actor, AUDITOR, "Sólo quien audita puede exportar resultados de búsqueda.")
    if formato not in ("csv", "xlsx"):
        raise ApplicationError("Formato no admitido.", errors={"formato": ["Elija csv o xlsx."]})
    rows = _rows(actor=actor, q=q, facetas=facetas, orden=orden)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if formato == "csv":
        export = Exportacion(csv_build(EXPORT_HEADER, rows), f"busqueda-{stamp}.csv", "text/csv", len(rows))
    else:
        content = xlsx_build([("Resultados", EXPORT_HEADER, rows)])
        export = Exportacion(content, f"busqueda-{stamp}.xlsx", XLSX_MIME, len(rows))
    clasificado = _touches_classified(search_run(user=actor, q=q, facetas=facetas, orden=orden, tamano=1))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="busqueda.exportar",
            data={**_query_record(q, facetas, orden), "formato": formato, "filas": len(rows)},
            ip=ip,
            secret_fields=SECRETOS,
            classified=clasificado,
        )
    return export
