"""Reads of the archival instruments: versions, the CGCA tree with expediente counts, series and CADIDO rows.

Borradores are internal work of the Coordinación de Archivos: only holders of `administrar_instrumentos` see them.
Expediente counts go through `expediente_visibility_q`, so a tree never reveals expedientes the user may not see.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from earchivo.models import CuadroClasificacion, Expediente, NodoClasificacion
from earchivo.permissions import ADMINISTRAR_INSTRUMENTOS
from earchivo.selectors.acceso import expediente_visibility_q
from sai.core.exceptions import NotFoundError
from sai.core.orden import natural, natural_key

PERM_ADMINISTRAR = ADMINISTRAR_INSTRUMENTOS
_SERIES = [NodoClasificacion.Nivel.SERIE, NodoClasificacion.Nivel.SUBSERIE]
DISPOSICION_FIELDS = (
    "valor_administrativo",
    "valor_legal",
    "valor_fiscal_contable",
    "vigencia_tramite",
    "vigencia_concentracion",
    "tecnica_seleccion",
    "muestreo_criterio",
    "valor_evidencial",
    "valor_testimonial",
    "valor_informativo",
    "clasificacion_default",
    "datos_personales",
    "observaciones",
    "fundamento",
)
FICHA_FIELDS = (
    "area_productora",
    "identificacion",
    "contexto",
    "contenido",
    "valoracion",
    "condiciones_acceso",
    "ubicacion",
    "responsable",
)


@dataclass
class NodoSpec:
    """One node with its CADIDO row and ficha as plain values: what import, copy and export exchange."""

    clave: str
    nivel: str
    nombre: str
    descripcion: str = ""
    tipo: str = ""
    clave_padre: str = ""
    unidades: list[str] = field(default_factory=list)  # siglas
    disposicion: dict | None = None
    ficha: dict | None = None


@dataclass
class TreeNode:
    nodo: NodoClasificacion
    depth: int
    children: list["TreeNode"] = field(default_factory=list)
    expedientes: int = 0  # classified directly under this node
    expedientes_total: int = 0  # this node and everything below it


# --- Versions ---------------------------------------------------------------------------------------------------


def cuadro_vigente() -> CuadroClasificacion | None:
    return CuadroClasificacion.objects.filter(estado=CuadroClasificacion.Estado.VIGENTE).first()


def cuadro_borradores() -> QuerySet[CuadroClasificacion]:
    """The borradores, newest first (where an import may land)."""
    return CuadroClasificacion.objects.filter(estado=CuadroClasificacion.Estado.BORRADOR).order_by("-version")


def cuadro_list_for_user(*, user) -> QuerySet[CuadroClasificacion]:
    cuadros = CuadroClasificacion.objects.annotate(
        num_nodos=Count("nodos"), num_series=Count("nodos", filter=Q(nodos__nivel__in=_SERIES))
    ).order_by("-version")
    if not user.has_perm(PERM_ADMINISTRAR):
        cuadros = cuadros.exclude(estado=CuadroClasificacion.Estado.BORRADOR)
    return cuadros


def cuadro_get_for_user(*, user, version: int | None = None) -> CuadroClasificacion:
    """A version by number (the vigente one when None); a borrador looks missing to non-administrators."""
    cuadros = cuadro_list_for_user(user=user)
    if version is None:
        cuadro = cuadros.filter(estado=CuadroClasificacion.Estado.VIGENTE).first()
    else:
        cuadro = cuadros.filter(version=version).first()
    if cuadro is None:
        if version is None:
            raise NotFoundError("Aún no hay un cuadro de clasificación vigente.")
        raise NotFoundError(f"No existe la versión {version} del cuadro de clasificación.")
    return cuadro


def cuadro_series_sin_disposicion(*, cuadro: CuadroClasificacion) -> list[NodoClasificacion]:
    """Series without subseries, and subseries, that still lack their CADIDO row (publishing needs them all)."""
    nodos = cuadro.nodos.filter(
        Q(nivel=NodoClasificacion.Nivel.SUBSERIE) | Q(nivel=NodoClasificacion.Nivel.SERIE, hijos__isnull=True),
        disposicion__isnull=True,
    ).distinct()
    return sorted(nodos, key=lambda n: natural_key(n.clave))


# --- Series -----------------------------------------------------------------------------------------------------


def serie_get(
    *, id: int | None = None, clave: str | None = None, cuadro: CuadroClasificacion | None = None
) -> NodoClasificacion:
    """A serie or subserie by id, or by clave within `cuadro` (the vigente version when not given)."""
    nodos = NodoClasificacion.objects.filter(nivel__in=_SERIES).select_related(
        "cuadro", "padre", "disposicion", "ficha"
    )
    if id is not None:
        nodo = nodos.filter(pk=id).first()
    else:
        cuadro = cuadro or cuadro_vigente()
        nodo = nodos.filter(cuadro=cuadro, clave=clave).first() if cuadro and clave else None
    if nodo is None:
        raise NotFoundError("La serie no existe en el cuadro de clasificación.")
    return nodo


def nodo_get(*, cuadro: CuadroClasificacion, id) -> NodoClasificacion:
    """A node of `cuadro` by id (from a URL or form); another version's node looks missing."""
    nodo = cuadro.nodos.select_related("padre", "disposicion").filter(pk=id).first() if str(id).isdigit() else None
    if nodo is None:
        raise NotFoundError("El nodo no existe en esta versión del cuadro.")
    return nodo


def serie_list_clasificables(*, cuadro: CuadroClasificacion | None = None, unidad=None) -> QuerySet[NodoClasificacion]:
    """Where an expediente may be classified: subseries and series without subseries, of the vigente version by
    default; with `unidad`, only those it produces."""
    cuadro = cuadro or cuadro_vigente()
    if cuadro is None:
        return NodoClasificacion.objects.none()
    nodos = cuadro.nodos.filter(
        Q(nivel=NodoClasificacion.Nivel.SUBSERIE) | Q(nivel=NodoClasificacion.Nivel.SERIE, hijos__isnull=True)
    )
    if unidad is not None:
        nodos = nodos.filter(unidades_productoras=unidad)
    return nodos.select_related("disposicion").distinct().order_by(natural("clave"))


def serie_expedientes_count(*, nodo: NodoClasificacion, user) -> int:
    """Expedientes the user may see that are classified under this serie or its subseries."""
    visibility = expediente_visibility_q(user)
    if visibility is None:
        return 0
    return Expediente.objects.filter(visibility).filter(Q(serie=nodo) | Q(serie__padre=nodo)).count()


# --- The tree ---------------------------------------------------------------------------------------------------


def _nodos(cuadro: CuadroClasificacion) -> list[NodoClasificacion]:
    return list(
        cuadro.nodos.select_related("disposicion", "ficha").prefetch_related("unidades_productoras").order_by("id")
    )


def _build(nodos: list[NodoClasificacion], counts: dict[int, int]) -> list[TreeNode]:
    by_padre: dict[int | None, list[NodoClasificacion]] = {}
    for nodo in nodos:
        by_padre.setdefault(nodo.padre_id, []).append(nodo)

    def build(nodo: NodoClasificacion, depth: int) -> TreeNode:
        hijos = sorted(by_padre.get(nodo.pk, []), key=lambda n: (natural_key(n.clave), n.orden))
        item = TreeNode(nodo=nodo, depth=depth, children=[build(h, depth + 1) for h in hijos])
        item.expedientes = counts.get(nodo.pk, 0)
        item.expedientes_total = item.expedientes + sum(c.expedientes_total for c in item.children)
        return item

    roots = sorted(by_padre.get(None, []), key=lambda n: (natural_key(n.clave), n.orden))
    return [build(root, 0) for root in roots]


def tree_walk(roots: list[TreeNode]):
    """Preorder: every node right before its children, as the printed cuadro lists them."""
    for item in roots:
        yield item
        yield from tree_walk(item.children)


def cgca_tree(*, cuadro: CuadroClasificacion, user) -> list[TreeNode]:
    """The version's tree (roots), each node with the expedientes `user` may see under it: three queries."""
    visibility = expediente_visibility_q(user)
    counts: dict[int, int] = {}
    if visibility is not None:
        rows = (
            Expediente.objects.filter(visibility)
            .filter(serie__cuadro=cuadro)
            .values("serie_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = {row["serie_id"]: row["n"] for row in rows}
    return _build(_nodos(cuadro), counts)


def cgca_nodes(*, cuadro: CuadroClasificacion) -> list[TreeNode]:
    """The version's tree without expediente counts (for exports and copies): two queries."""
    return _build(_nodos(cuadro), {})


def cgca_specs(*, cuadro: CuadroClasificacion) -> list[NodoSpec]:
    """The whole version as plain specs in preorder: what a copy or an export reproduces."""
    by_id = {}
    specs = []
    for item in tree_walk(cgca_nodes(cuadro=cuadro)):
        nodo = item.nodo
        by_id[nodo.pk] = nodo
        disposicion = getattr(nodo, "disposicion", None)
        ficha = getattr(nodo, "ficha", None)
        specs.append(
            NodoSpec(
                clave=nodo.clave,
                nivel=nodo.nivel,
                nombre=nodo.nombre,
                descripcion=nodo.descripcion,
                tipo=nodo.tipo,
                clave_padre=by_id[nodo.padre_id].clave if nodo.padre_id else "",
                unidades=sorted(u.siglas for u in nodo.unidades_productoras.all()),
                disposicion={f: getattr(disposicion, f) for f in DISPOSICION_FIELDS} if disposicion else None,
                ficha={f: getattr(ficha, f) for f in FICHA_FIELDS} if ficha else None,
            )
        )
    return specs


def cadido_list(*, cuadro: CuadroClasificacion) -> list[NodoClasificacion]:
    """The CADIDO of a version: its series and subseries with their rows (or None), in cuadro order."""
    return [item.nodo for item in tree_walk(cgca_nodes(cuadro=cuadro)) if item.nodo.es_serie]
