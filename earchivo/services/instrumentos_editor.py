"""The CGCA editor's writes beyond single-field edits: moving a node (with its descendants), removing a CADIDO row
and deleting a borrador nobody used. Node creation, edits and CADIDO rows are `instrumentos.py`'s.

Like every instrument write, only borradores change (`cuadro_lock_borrador` refuses a published version with the
reason) and only the Coordinación de Archivos writes (`administrar_instrumentos`); every change is audited.
"""

from django.db import transaction

from earchivo.models import CuadroClasificacion, DisposicionDocumental, NodoClasificacion
from earchivo.services.instrumentos import DENIED_MESSAGE, PERM_ADMINISTRAR, _raise, cuadro_lock_borrador, tree_clear
from earchivo.services.instrumentos_reglas import nodo_problems, tipo_resolve
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError

Nivel = NodoClasificacion.Nivel


def _descendants(nodo: NodoClasificacion) -> list[NodoClasificacion]:
    """Every node below `nodo` (the tree is a few levels deep: one query per level)."""
    found, level = [], [nodo.pk]
    while level:
        hijos = list(NodoClasificacion.objects.filter(padre_id__in=level))
        found += hijos
        level = [h.pk for h in hijos]
    return found


@transaction.atomic
def nodo_move(*, actor, nodo: NodoClasificacion, padre: NodoClasificacion | None, clave: str) -> NodoClasificacion:
    """Hang a borrador's node (and everything below it) from another parent, under a clave that fits there.

    Descendants keep their place below it: their claves take the new prefix (4C.3.1 → 5C.7.1 when 4C.3 becomes
    5C.7) and their común/sustantiva tipo follows the new sección.
    """
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(nodo.cuadro)
    nodo = NodoClasificacion.objects.select_related("padre").get(pk=nodo.pk)
    clave = (clave or "").strip()
    descendants = _descendants(nodo)
    if padre is not None and (padre.cuadro_id != cuadro.pk or padre.pk in {nodo.pk, *(d.pk for d in descendants)}):
        raise ApplicationError(
            "No se pudo mover el nodo.", errors={"padre": ["Elija un nodo de esta versión que no dependa de éste."]}
        )
    problems = nodo_problems(
        nivel=nodo.nivel,
        clave=clave,
        padre_nivel=padre.nivel if padre else None,
        padre_clave=padre.clave if padre else "",
    )
    # A sección's tipo comes from its new clave (4C común, 13S sustantiva) when it says; below it, it is inherited.
    tipo, problem = tipo_resolve(nivel=nodo.nivel, clave=clave, tipo="", padre_tipo=padre.tipo if padre else "")
    if problem and nodo.nivel == Nivel.SECCION:
        tipo, problem = tipo_resolve(nivel=nodo.nivel, clave=clave, tipo=nodo.tipo, padre_tipo="")
    problems += [problem] if problem else []
    antes = {"clave": nodo.clave, "padre": nodo.padre.clave if nodo.padre else None}
    renamed = {d.pk: clave + d.clave[len(nodo.clave) :] for d in descendants}
    taken = set(
        cuadro.nodos.filter(clave__in=[clave, *renamed.values()])
        .exclude(pk__in=[nodo.pk, *renamed])
        .values_list("clave", flat=True)
    )
    if taken:
        problems.append(("clave", f"ya existe en la versión {cuadro.version}: {', '.join(sorted(taken))}"))
    _raise("No se pudo mover el nodo del cuadro.", problems)
    # Claves are unique per version: park the moving ones on their ids first, so a swap never collides.
    for pk in [nodo.pk, *renamed]:
        NodoClasificacion.objects.filter(pk=pk).update(clave=f"~{pk}~")
    for descendant in descendants:
        tipo_dependiente = descendant.tipo if nodo.nivel in (Nivel.FONDO, Nivel.SUBFONDO) else tipo
        NodoClasificacion.objects.filter(pk=descendant.pk).update(clave=renamed[descendant.pk], tipo=tipo_dependiente)
    nodo.padre, nodo.clave, nodo.tipo = padre, clave, tipo
    nodo.full_clean()
    nodo.save(update_fields=["padre", "clave", "tipo"])
    audit_record(
        actor=actor,
        action="earchivo.cgca_nodo_mover",
        obj=nodo,
        data={
            "version": cuadro.version,
            "antes": antes,
            "despues": {"clave": clave, "padre": padre.clave if padre else None},
            "dependientes": len(descendants),
        },
    )
    return nodo


@transaction.atomic
def disposicion_delete(*, actor, nodo: NodoClasificacion) -> None:
    """Remove the CADIDO row of a borrador's serie (publishing will ask for it again)."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(nodo.cuadro)
    disposicion = DisposicionDocumental.objects.filter(nodo=nodo).first()
    if disposicion is None:
        raise ConflictError(f"{nodo.clave} no tiene renglón en el CADIDO.")
    audit_record(
        actor=actor,
        action="earchivo.cadido_eliminar",
        obj=disposicion,
        data={"version": cuadro.version, "clave": nodo.clave},
    )
    disposicion.delete()


@transaction.atomic
def cuadro_delete_borrador(*, actor, cuadro: CuadroClasificacion) -> None:
    """Delete a borrador no expediente was classified in (a published version is the record of its time)."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(cuadro)
    nodos = tree_clear(cuadro=cuadro)  # refuses if an expediente was classified in one of its nodes
    audit_record(
        actor=actor,
        action="earchivo.cgca_eliminar_borrador",
        obj=cuadro,
        data={"version": cuadro.version, "nombre": cuadro.nombre, "nodos": nodos},
    )
    cuadro.delete()
