"""Writes to the archival instruments (CGCA + CADIDO): versions, nodes, CADIDO rows and fichas técnicas.

Only borradores change: a vigente or histórico version is frozen, because expedientes were classified and valued
under it. The rules themselves live in `instrumentos_reglas`, shared with the spreadsheet importer.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from earchivo.models import (
    ClasificacionInformacion,
    CuadroClasificacion,
    DisposicionDocumental,
    FichaTecnicaValoracion,
    NodoClasificacion,
)
from earchivo.selectors.instrumentos import (
    FICHA_FIELDS,
    NodoSpec,
    cgca_specs,
    cuadro_series_sin_disposicion,
)
from earchivo.services.instrumentos_reglas import NIVELES, disposicion_problems, nodo_problems, tipo_resolve
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError
from sai.org.models import UnidadAdministrativa

PERM_ADMINISTRAR = "earchivo.administrar_instrumentos"
DENIED_MESSAGE = (
    "Sólo la Coordinación de Archivos puede modificar el cuadro de clasificación y el catálogo de disposición."
)

Nivel = NodoClasificacion.Nivel
Estado = CuadroClasificacion.Estado


def _raise(message: str, problems: Iterable[tuple[str, str]]) -> None:
    errors: dict[str, list[str]] = {}
    for field, reason in problems:
        errors.setdefault(field, []).append(reason[0].upper() + reason[1:] + ".")
    if errors:
        raise ApplicationError(message, errors=errors)


# --- Versions ---------------------------------------------------------------------------------------------------


def cuadro_frozen_reason(cuadro: CuadroClasificacion) -> str | None:
    """Why a version no longer changes (None for a borrador): pages show it, services refuse with it."""
    if cuadro.estado == Estado.BORRADOR:
        return None
    return (
        f"El CGCA versión {cuadro.version} está {cuadro.get_estado_display().lower()} y ya no se modifica: "
        "expedientes se clasificaron y valoraron con ella. Cree un borrador nuevo (copia de la versión vigente) "
        "para editarlo."
    )


def cuadro_lock_borrador(cuadro: CuadroClasificacion) -> CuadroClasificacion:
    """The cuadro re-read under a row lock, refused unless it is still a borrador (another tab may have published)."""
    cuadro = CuadroClasificacion.objects.select_for_update().get(pk=cuadro.pk)
    reason = cuadro_frozen_reason(cuadro)
    if reason:
        raise ConflictError(reason)
    return cuadro


@transaction.atomic
def cuadro_create_borrador(
    *, actor, nombre: str, copiar_de: CuadroClasificacion | None = None, version: int | None = None
) -> CuadroClasificacion:
    """A new editable version, empty or a full copy (nodes, unidades, CADIDO rows, fichas) of another one."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    nombre = (nombre or "").strip()
    _raise("No se pudo crear el borrador.", [("nombre", "es obligatorio")] if not nombre else [])
    ultima = CuadroClasificacion.objects.aggregate(m=Max("version"))["m"] or 0
    if version is None:
        version = ultima + 1
    elif version < 1:
        raise ApplicationError("No se pudo crear el borrador.", errors={"version": ["Debe ser 1 o mayor."]})
    elif CuadroClasificacion.objects.filter(version=version).exists():
        raise ConflictError("No se pudo crear el borrador.", errors={"version": [f"La versión {version} ya existe."]})
    cuadro = CuadroClasificacion(version=version, nombre=nombre[:255], estado=Estado.BORRADOR)
    cuadro.full_clean()
    cuadro.save()
    nodos = 0
    if copiar_de is not None:
        specs = cgca_specs(cuadro=copiar_de)
        tree_write(cuadro=cuadro, specs=specs)
        nodos = len(specs)
    audit_record(
        actor=actor,
        action="earchivo.cgca_crear_borrador",
        obj=cuadro,
        data={
            "version": version,
            "nombre": nombre,
            "copia_de": copiar_de.version if copiar_de else None,
            "nodos": nodos,
        },
    )
    return cuadro


@transaction.atomic
def cuadro_publish(
    *, actor, cuadro: CuadroClasificacion, fecha_aprobacion: date | None, acuerdo: str
) -> CuadroClasificacion:
    """Make a complete borrador the vigente version and the previous vigente histórico, in one step.

    Expedientes keep pointing to the nodes of the version they were classified under: nothing is reclassified.
    """
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    # Every version locked, in one order: two publications at once run one after the other, never two vigentes.
    list(CuadroClasificacion.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    cuadro = cuadro_lock_borrador(cuadro)
    acuerdo = (acuerdo or "").strip()
    problems = []
    if fecha_aprobacion is None:
        problems.append(("fecha_aprobacion", "indique la fecha en que el Grupo Interdisciplinario aprobó el cuadro"))
    elif fecha_aprobacion > timezone.localdate():
        problems.append(("fecha_aprobacion", "no puede ser posterior a hoy"))
    if not acuerdo:
        problems.append(("acuerdo", "indique el acuerdo o acta de aprobación"))
    if not cuadro.nodos.filter(nivel__in=[Nivel.SERIE, Nivel.SUBSERIE]).exists():
        problems.append(("cuadro", "el cuadro no tiene ninguna serie"))
    faltantes = cuadro_series_sin_disposicion(cuadro=cuadro)
    if faltantes:
        problems.append(("disposicion", "falta el renglón del CADIDO de: " + ", ".join(n.clave for n in faltantes)))
    if faltantes:
        message = (
            f"No se puede publicar el CGCA versión {cuadro.version}: {len(faltantes)} serie(s) sin renglón en el "
            f"CADIDO ({', '.join(n.clave for n in faltantes)})."
        )
    else:
        message = f"No se puede publicar el CGCA versión {cuadro.version}."
    _raise(message, problems)
    anterior = CuadroClasificacion.objects.filter(estado=Estado.VIGENTE).first()
    if anterior is not None:
        anterior.estado = Estado.HISTORICO
        anterior.save(update_fields=["estado"])
    cuadro.estado = Estado.VIGENTE
    cuadro.fecha_aprobacion, cuadro.acuerdo, cuadro.publicado = fecha_aprobacion, acuerdo[:255], timezone.now()
    cuadro.save(update_fields=["estado", "fecha_aprobacion", "acuerdo", "publicado"])
    audit_record(
        actor=actor,
        action="earchivo.cgca_publicar",
        obj=cuadro,
        data={
            "version": cuadro.version,
            "fecha_aprobacion": fecha_aprobacion.isoformat(),
            "acuerdo": cuadro.acuerdo,
            "anterior": anterior.version if anterior else None,
        },
    )
    return cuadro


# --- Bulk tree writes (copy and import) -------------------------------------------------------------------------


def tree_clear(*, cuadro: CuadroClasificacion) -> int:
    """Remove every node of a borrador, leaves first (parents are PROTECTed); refuse if an expediente uses one."""
    total = cuadro.nodos.count()
    try:
        for nivel in reversed(NIVELES):
            cuadro.nodos.filter(nivel=nivel).delete()
    except ProtectedError:
        raise ConflictError(
            f"Hay expedientes clasificados en nodos del CGCA versión {cuadro.version}; no se puede reemplazar."
        ) from None
    return total


def tree_write(*, cuadro: CuadroClasificacion, specs: list[NodoSpec]) -> dict[str, NodoClasificacion]:
    """Write already-validated specs: nodes level by level (parents first), unidades, CADIDO rows and fichas."""
    siglas = {s for spec in specs for s in spec.unidades}
    unidades = dict(UnidadAdministrativa.objects.filter(siglas__in=siglas).values_list("siglas", "id"))
    nodos: dict[str, NodoClasificacion] = {}
    for nivel in NIVELES:
        batch = [
            NodoClasificacion(
                cuadro=cuadro,
                padre=nodos.get(spec.clave_padre),
                nivel=nivel,
                clave=spec.clave,
                nombre=spec.nombre,
                descripcion=spec.descripcion,
                tipo=spec.tipo,
                orden=orden,
            )
            for orden, spec in enumerate(specs, start=1)
            if spec.nivel == nivel
        ]
        NodoClasificacion.objects.bulk_create(batch)
        nodos.update((nodo.clave, nodo) for nodo in batch)
    through = NodoClasificacion.unidades_productoras.through
    through.objects.bulk_create(
        through(nodoclasificacion_id=nodos[spec.clave].pk, unidadadministrativa_id=unidades[s])
        for spec in specs
        for s in spec.unidades
    )
    DisposicionDocumental.objects.bulk_create(
        DisposicionDocumental(nodo=nodos[spec.clave], **spec.disposicion) for spec in specs if spec.disposicion
    )
    FichaTecnicaValoracion.objects.bulk_create(
        FichaTecnicaValoracion(nodo=nodos[spec.clave], **spec.ficha) for spec in specs if spec.ficha
    )
    return nodos


# --- Single-node edits ------------------------------------------------------------------------------------------


def _unidades_resolve(siglas: Iterable[str]) -> tuple[list[UnidadAdministrativa], list[tuple[str, str]]]:
    wanted = list(dict.fromkeys(s.strip() for s in siglas if s.strip()))
    found = {u.siglas: u for u in UnidadAdministrativa.objects.filter(siglas__in=wanted)}
    missing = [s for s in wanted if s not in found]
    problems = [("unidades_productoras", f"no existe la unidad {', '.join(missing)}")] if missing else []
    return [found[s] for s in wanted if s in found], problems


@transaction.atomic
def nodo_create(
    *,
    actor,
    cuadro: CuadroClasificacion,
    nivel: str,
    clave: str,
    nombre: str,
    padre: NodoClasificacion | None = None,
    descripcion: str = "",
    tipo: str = "",
    unidades_productoras: Iterable[str] = (),
) -> NodoClasificacion:
    """Add a node to a borrador; `unidades_productoras` are siglas."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(cuadro)
    clave, nombre = (clave or "").strip(), (nombre or "").strip()
    if padre is not None and padre.cuadro_id != cuadro.pk:
        raise ApplicationError("No se pudo crear el nodo.", errors={"padre": ["Pertenece a otra versión del cuadro."]})
    problems = nodo_problems(
        nivel=nivel, clave=clave, padre_nivel=padre.nivel if padre else None, padre_clave=padre.clave if padre else ""
    )
    if nivel in NIVELES:
        tipo, problem = tipo_resolve(nivel=nivel, clave=clave, tipo=tipo, padre_tipo=padre.tipo if padre else "")
        problems += [problem] if problem else []
    if not nombre:
        problems.append(("nombre", "es obligatorio"))
    if clave and cuadro.nodos.filter(clave=clave).exists():
        problems.append(("clave", f"«{clave}» ya existe en la versión {cuadro.version}"))
    unidades, unidad_problems = _unidades_resolve(unidades_productoras)
    _raise("No se pudo crear el nodo del cuadro.", problems + unidad_problems)
    orden = (cuadro.nodos.aggregate(m=Max("orden"))["m"] or 0) + 1
    nodo = NodoClasificacion(
        cuadro=cuadro,
        padre=padre,
        nivel=nivel,
        clave=clave,
        nombre=nombre,
        descripcion=descripcion,
        tipo=tipo,
        orden=orden,
    )
    nodo.full_clean()
    nodo.save()
    nodo.unidades_productoras.set(unidades)
    audit_record(
        actor=actor,
        action="earchivo.cgca_nodo_crear",
        obj=nodo,
        data={"version": cuadro.version, "clave": clave, "nivel": nivel, "padre": padre.clave if padre else None},
    )
    return nodo


@transaction.atomic
def nodo_update(
    *,
    actor,
    nodo: NodoClasificacion,
    clave: str | None = None,
    nombre: str | None = None,
    descripcion: str | None = None,
    tipo: str | None = None,
    unidades_productoras: Iterable[str] | None = None,
) -> NodoClasificacion:
    """Change a borrador's node; None leaves a field as it is. A clave changes only on a node without children."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(nodo.cuadro)
    nodo = NodoClasificacion.objects.select_related("padre").get(pk=nodo.pk)
    problems: list[tuple[str, str]] = []
    antes = {"clave": nodo.clave, "nombre": nodo.nombre, "tipo": nodo.tipo}
    if clave is not None and clave.strip() != nodo.clave:
        clave = clave.strip()
        if nodo.hijos.exists():
            problems.append(("clave", "cambie primero las claves de los nodos que dependen de éste"))
        elif cuadro.nodos.filter(clave=clave).exclude(pk=nodo.pk).exists():
            problems.append(("clave", f"«{clave}» ya existe en la versión {cuadro.version}"))
        nodo.clave = clave
    padre = nodo.padre
    problems += nodo_problems(
        nivel=nodo.nivel,
        clave=nodo.clave,
        padre_nivel=padre.nivel if padre else None,
        padre_clave=padre.clave if padre else "",
    )
    if tipo is not None:
        nodo.tipo, problem = tipo_resolve(
            nivel=nodo.nivel, clave=nodo.clave, tipo=tipo, padre_tipo=padre.tipo if padre else ""
        )
        problems += [problem] if problem else []
    if nombre is not None:
        nodo.nombre = nombre.strip()
        if not nodo.nombre:
            problems.append(("nombre", "es obligatorio"))
    if descripcion is not None:
        nodo.descripcion = descripcion
    unidades = None
    if unidades_productoras is not None:
        unidades, unidad_problems = _unidades_resolve(unidades_productoras)
        problems += unidad_problems
    _raise("No se pudo modificar el nodo del cuadro.", problems)
    nodo.full_clean()
    nodo.save()
    if nodo.nivel == Nivel.SECCION and nodo.tipo != antes["tipo"]:
        cuadro.nodos.filter(clave__startswith=nodo.clave + ".").update(tipo=nodo.tipo)
    if unidades is not None:
        nodo.unidades_productoras.set(unidades)
    audit_record(
        actor=actor,
        action="earchivo.cgca_nodo_modificar",
        obj=nodo,
        data={"version": cuadro.version, "antes": antes, "despues": {k: getattr(nodo, k) for k in antes}},
    )
    return nodo


@transaction.atomic
def nodo_delete(*, actor, nodo: NodoClasificacion) -> None:
    """Remove a leaf node of a borrador (with its CADIDO row and ficha)."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(nodo.cuadro)
    if nodo.hijos.exists():
        raise ConflictError(f"El nodo {nodo.clave} tiene nodos que dependen de él; elimínelos primero.")
    audit_record(actor=actor, action="earchivo.cgca_nodo_eliminar", obj=nodo, data={"version": cuadro.version})
    try:
        nodo.delete()
    except ProtectedError:
        raise ConflictError(f"Hay expedientes clasificados en {nodo.clave}; no se puede eliminar.") from None


@transaction.atomic
def disposicion_set(
    *,
    actor,
    nodo: NodoClasificacion,
    vigencia_tramite: int,
    vigencia_concentracion: int,
    tecnica_seleccion: str,
    valor_administrativo: bool = False,
    valor_legal: bool = False,
    valor_fiscal_contable: bool = False,
    muestreo_criterio: str = "",
    valor_evidencial: bool = False,
    valor_testimonial: bool = False,
    valor_informativo: bool = False,
    clasificacion_default: str = ClasificacionInformacion.PUBLICA,
    datos_personales: bool = False,
    observaciones: str = "",
    fundamento: str = "",
) -> DisposicionDocumental:
    """Create or replace the CADIDO row of a borrador's serie or subserie."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(nodo.cuadro)
    data = {
        "valor_administrativo": valor_administrativo,
        "valor_legal": valor_legal,
        "valor_fiscal_contable": valor_fiscal_contable,
        "vigencia_tramite": vigencia_tramite,
        "vigencia_concentracion": vigencia_concentracion,
        "tecnica_seleccion": tecnica_seleccion,
        "muestreo_criterio": (muestreo_criterio or "").strip(),
        "valor_evidencial": valor_evidencial,
        "valor_testimonial": valor_testimonial,
        "valor_informativo": valor_informativo,
        "clasificacion_default": clasificacion_default,
        "datos_personales": datos_personales,
        "observaciones": observaciones,
        "fundamento": fundamento,
    }
    problems = disposicion_problems(nivel=nodo.nivel, data=data)
    _raise(f"No se pudo guardar el renglón del CADIDO de {nodo.clave}.", problems)
    disposicion = DisposicionDocumental.objects.filter(nodo=nodo).first() or DisposicionDocumental(nodo=nodo)
    for field, value in data.items():
        setattr(disposicion, field, value)
    disposicion.full_clean()
    disposicion.save()
    audit_record(
        actor=actor,
        action="earchivo.cadido_guardar",
        obj=disposicion,
        data={"version": cuadro.version, "clave": nodo.clave, **data},
    )
    return disposicion


@transaction.atomic
def ficha_set(*, actor, nodo: NodoClasificacion, **fields: str) -> FichaTecnicaValoracion:
    """Create or update the ficha técnica de valoración of a borrador's serie or subserie."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    cuadro = cuadro_lock_borrador(nodo.cuadro)
    unknown = sorted(set(fields) - set(FICHA_FIELDS))
    if unknown:
        raise ApplicationError("Campos desconocidos en la ficha técnica.", errors={f: ["No existe."] for f in unknown})
    if not nodo.es_serie:
        raise ApplicationError(
            "Sólo las series y subseries tienen ficha técnica.", errors={"nodo": ["No es serie ni subserie."]}
        )
    ficha = FichaTecnicaValoracion.objects.filter(nodo=nodo).first() or FichaTecnicaValoracion(nodo=nodo)
    for field, value in fields.items():
        setattr(ficha, field, (value or "").strip())
    ficha.full_clean()
    ficha.save()
    audit_record(actor=actor, action="earchivo.ficha_guardar", obj=ficha, data={"version": cuadro.version, **fields})
    return ficha
