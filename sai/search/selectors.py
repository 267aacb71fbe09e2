"""Reads: a user's search (permissions inside the query) and the database-vs-index comparison."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sai.core.exceptions import ApplicationError
from sai.search import registry
from sai.search.backends import BackendUnavailable, get_backend
from sai.search.models import PendienteIndice, TextoExtraido
from sai.search.query import NADA, facet_filters, query_parse, y
from sai.search.results import MAX_OFFSET, ORDENES, Consulta, Faceta, Resultado, cursor_open, cursor_sign
from sai.search.schema import FACETA_NOMBRES, FACETAS, elemento_body
from sai.search.services.indexing import BATCH, chunked

MAX_PAGE = 100


class SearchUnavailableError(ApplicationError):
    status_code = 503


def search_run(
    *,
    user,
    q: str = "",
    facetas: dict[str, list[str]] | None = None,
    orden: str = "relevancia",
    cursor: str | None = None,
    tamano: int = 20,
    con_facetas: bool = True,
    resaltar: bool = True,
    despues: list | None = None,
) -> Resultado:
    """What `user` may find for `q`: hits, exact total and facet counts, all from the permitted set only.

    `cursor` is the opaque token of a previous page (`Resultado.siguiente`); `despues` the raw sort values of
    the last hit seen, for server-side walks only (the export): they hold the relevance score, which reflects
    term statistics and must never reach the user. ApplicationError (field `q` or `cursor`) for a malformed
    query or page cursor.
    """
    selected = {name: [v for v in values if v] for name, values in (facetas or {}).items() if name in FACETA_NOMBRES}
    orden = orden if orden in ORDENES else "relevancia"
    huella = _huella(q, selected, orden)
    desde = 0
    if cursor:
        desde, despues = cursor_open(cursor, user_id=user.pk, huella=huella)
        desde = desde or 0
    consulta = Consulta(
        arbol=query_parse(q),
        filtro=y(registry.visibility_filter(user), facet_filters(selected)),
        orden=orden,
        despues=despues,
        desde=desde,
        tamano=max(1, min(int(tamano), MAX_PAGE, MAX_OFFSET - desde)),
        facetas=con_facetas,
        resaltar=resaltar,
    )
    if consulta.despues is not None and len(consulta.despues) != (3 if consulta.orden == "relevancia" else 2):
        raise ApplicationError("La página solicitada no es válida.", errors={"cursor": ["Cursor de otro orden."]})
    if consulta.filtro == NADA:
        return Resultado(total=0, hits=[], facetas=[Faceta(n, label, []) for n, label in FACETAS])
    try:
        resultado = get_backend().search(consulta)
    except BackendUnavailable:
        raise SearchUnavailableError("El servicio de búsqueda no responde; intente de nuevo en unos minutos.") from None
    resultado.siguiente = _next_cursor(user, huella, consulta, resultado)
    tipos = registry.tipos()
    for hit in resultado.hits:
        indexable = tipos.get(hit.tipo)
        if indexable is not None:
            hit.url = indexable.enlace(hit)
            hit.url_contenido = indexable.enlace_contenido(hit)
    for faceta in resultado.facetas:
        if faceta.nombre == "anio":
            faceta.valores.sort(key=lambda v: v.valor, reverse=True)
        chosen = set(selected.get(faceta.nombre, []))
        for valor in faceta.valores:
            valor.seleccionado = valor.valor in chosen
    return resultado


def _huella(q: str, selected: dict, orden: str) -> str:
    """What a cursor is bound to: the query, the facet selections and the order."""
    facets = sorted((name, sorted(values)) for name, values in selected.items() if values)
    canonical = json.dumps([q, facets, orden], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def _next_cursor(user, huella: str, consulta: Consulta, resultado: Resultado) -> str | None:
    if resultado.ultimo is None:
        return None
    if consulta.orden != "relevancia":
        return cursor_sign(user_id=user.pk, huella=huella, despues=resultado.ultimo)
    offset = consulta.desde + len(resultado.hits)
    return cursor_sign(user_id=user.pk, huella=huella, offset=offset) if offset < MAX_OFFSET else None


# --- database vs index ------------------------------------------------------------------------------------------


@dataclass
class TipoDiff:
    tipo: str
    en_bd: int = 0
    en_indice: int = 0
    faltantes: set = field(default_factory=set)
    sobrantes: set = field(default_factory=set)
    desactualizados: set = field(default_factory=set)

    @property
    def diferencias(self) -> int:
        return len(self.faltantes) + len(self.sobrantes) + len(self.desactualizados)


@dataclass
class EstadoIndice:
    backend: str
    tipos: list[TipoDiff]
    pendientes: int
    pendientes_con_error: int
    textos_pendientes: int
    textos_con_error: int
    esquema_actual: bool = True  # False: the index predates the current mapping (run search_reindex --completo)

    @property
    def diferencias(self) -> int:
        return sum(d.diferencias for d in self.tipos)


def _as_id(value: str):
    return int(value) if value.isdigit() else value


def search_status(*, progress: Callable[[int, int], None] | None = None, rapido: bool = False) -> EstadoIndice:
    """Compare every indexable object with the index: missing, extra, and (unless rapido) stale items."""
    backend = get_backend()
    backend.refresh()
    tipos = registry.tipos()
    total = sum(indexable.ids().count() for indexable in tipos.values())
    done = 0
    diffs = []
    for tipo, indexable in sorted(tipos.items()):
        indexed = dict(backend.scan(tipo))
        diff = TipoDiff(tipo, en_indice=len(indexed))
        for chunk in chunked(indexable.ids().iterator(chunk_size=BATCH), BATCH):
            diff.en_bd += len(chunk)
            elementos = {} if rapido else indexable.construir(chunk, con_texto=False)
            for pk in chunk:
                huella = indexed.pop(str(pk), None)
                if huella is None:
                    diff.faltantes.add(pk)
                elif not rapido and pk in elementos and elemento_body(elementos[pk])["huella"] != huella:
                    diff.desactualizados.add(pk)
            done += len(chunk)
            if progress:
                progress(done, total)
        diff.sobrantes = {_as_id(k) for k in indexed}
        diffs.append(diff)
    return EstadoIndice(
        backend=backend.name,
        tipos=diffs,
        pendientes=PendienteIndice.objects.count(),
        pendientes_con_error=PendienteIndice.objects.exclude(error="").count(),
        textos_pendientes=TextoExtraido.objects.filter(estado=TextoExtraido.Estado.PENDIENTE).count(),
        textos_con_error=TextoExtraido.objects.filter(estado=TextoExtraido.Estado.ERROR).count(),
        esquema_actual=getattr(backend, "schema_current", lambda: True)(),
    )
