"""E-archivo's one door in code: its permission names, the unidad-scope and custody rules, and the `require_*` guards.

Services call the guards (a refusal is `PermissionDeniedError`, answered 403 by pages and API alike); views and API
views ask `holds(...)` or the `may_*` questions here instead of calling `has_perm` themselves, so a rule changes in
one place. What a user may *see* is `earchivo.selectors.acceso` (built on `works_in` / `unidad_id_of` below).

Who classifies: changing an expediente's clasificación, its fundamento/plazo or its responsable needs
`clasificar_expediente` (Firmante — the role of a unidad's titular — and Responsable de Archivo de Trámite, never
Capturista), held by someone of the expediente's unidad or its titular; `desclasificar_expediente` (Coordinación
de Archivos) only turns a classified expediente pública. A per-expediente read grant never implies a write.
"""

from earchivo.models import Expediente
from sai.core.exceptions import PermissionDeniedError

ARCHIVO = "org.acceder_archivo"  # the module: every archive page and endpoint asks it first

VER_EXPEDIENTES = "earchivo.view_expediente"
ABRIR_EXPEDIENTE = "earchivo.add_expediente"
MODIFICAR_EXPEDIENTE = "earchivo.change_expediente"
CLASIFICAR_EXPEDIENTE = "earchivo.clasificar_expediente"
DESCLASIFICAR_EXPEDIENTE = "earchivo.desclasificar_expediente"
CERRAR_EXPEDIENTE = "earchivo.cerrar_expediente"
REABRIR_EXPEDIENTE = "earchivo.reabrir_expediente"
VER_TODOS = "earchivo.ver_todos_expedientes"
VER_CLASIFICADO = "earchivo.ver_expediente_clasificado"
CUSTODIAR_CONCENTRACION = "earchivo.custodiar_concentracion"
CUSTODIAR_HISTORICO = "earchivo.custodiar_historico"
GESTIONAR_RETENCION = "earchivo.gestionar_retencion_legal"
GESTIONAR_PRESTAMO = "earchivo.gestionar_prestamo"
ADMINISTRAR_INSTRUMENTOS = "earchivo.administrar_instrumentos"
CREAR_TIPO = "earchivo.add_tipodocumental"
ADMINISTRAR_TIPOS = "earchivo.change_tipodocumental"

VER_DOCUMENTOS = "earchivo.view_documento"
AGREGAR_DOCUMENTO = "earchivo.add_documento"
MODIFICAR_DOCUMENTO = "earchivo.change_documento"

VER_TRANSFERENCIAS = "earchivo.view_transferencia"
PREPARAR_TRANSFERENCIA = "earchivo.add_transferencia"
REVISAR_TRANSFERENCIA = "earchivo.revisar_transferencia"
RECIBIR_PRIMARIA = "earchivo.recibir_transferencia_primaria"
RECIBIR_SECUNDARIA = "earchivo.recibir_transferencia_secundaria"

VER_BAJAS = "earchivo.view_procesobaja"
SOLICITAR_BAJA = "earchivo.add_procesobaja"
GESTIONAR_BAJA = "earchivo.gestionar_baja"
VER_PRESTAMOS = "earchivo.view_prestamo"


def holds(user, *perms: str) -> bool:
    """Whether `user` holds every one of `perms` (for pages that show or hide a button)."""
    return all(user.has_perm(perm) for perm in perms)


# --- the unidad scope, written once -----------------------------------------------------------------------------


def unidad_id_of(user) -> int | None:
    """The unidad a person works in (their Perfil), or None."""
    perfil = getattr(user, "perfil", None)
    return perfil.unidad_id if perfil is not None else None


def works_in(user, unidad_id: int | None) -> bool:
    """The person's Perfil is in that unidad."""
    return unidad_id is not None and unidad_id_of(user) == unidad_id


def in_scope(user, unidad_id: int | None) -> bool:
    """The unidad is within the user's reach: their own, or every unidad (Coordinación, Auditor)."""
    return user.has_perm(VER_TODOS) or works_in(user, unidad_id)


def require_unidad(actor, unidad, message: str) -> None:
    """The actor works in `unidad` or sees every unidad; actor None is the system."""
    if actor is not None and not in_scope(actor, unidad.pk):
        raise PermissionDeniedError(message)


# --- custody: who keeps an expediente follows its etapa ---------------------------------------------------------


def keeps(user, expediente) -> bool:
    """Trámite: the producing unidad; concentración and histórico: the archive that received it; baja: nobody."""
    etapa = expediente.etapa
    if etapa == Expediente.Etapa.TRAMITE:
        return in_scope(user, expediente.unidad_id)
    if etapa == Expediente.Etapa.CONCENTRACION:
        return user.has_perm(CUSTODIAR_CONCENTRACION)
    if etapa == Expediente.Etapa.HISTORICO:
        return user.has_perm(CUSTODIAR_HISTORICO)
    return False


def require_custodia(actor, expediente, message: str) -> None:
    if actor is not None and not keeps(actor, expediente):
        raise PermissionDeniedError(message)


# --- classification and ownership -------------------------------------------------------------------------------


def is_owner(user, expediente) -> bool:
    """The owners of an expediente's information: its responsable and the titular of its unidad."""
    return user.pk is not None and user.pk in (expediente.responsable_id, expediente.unidad.titular_id)


def may_classify(user, unidad) -> bool:
    """Classify, reclassify or name the responsable in `unidad`: hold `clasificar_expediente` and work there (or
    be its titular)."""
    if not (user.is_active and user.has_perm(CLASIFICAR_EXPEDIENTE)):
        return False
    return works_in(user, unidad.pk) or user.pk == unidad.titular_id


def may_declassify(user, unidad) -> bool:
    """Turn a classified expediente pública: whoever classifies in its unidad, or Coordinación de Archivos."""
    return may_classify(user, unidad) or (user.is_active and user.has_perm(DESCLASIFICAR_EXPEDIENTE))


def require_clasificar(actor, unidad, *, desclasifica: bool = False) -> None:
    """Refuse a clasificación, fundamento/plazo or responsable change by someone who may not make it in `unidad`."""
    if actor is None or (may_declassify(actor, unidad) if desclasifica else may_classify(actor, unidad)):
        return
    raise PermissionDeniedError(
        "Sólo el titular de la unidad o su Responsable de Archivo de Trámite clasifican un expediente o designan "
        "su responsable (la Coordinación de Archivos también puede desclasificarlo)."
    )
