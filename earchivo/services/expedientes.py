"""Expediente writes: apertura (classification + race-free numbering) and metadata (cierre: `services/cierre.py`).

Every function checks the actor's permission and unidad scope, validates with field-level Spanish messages,
runs in one transaction and records the change in the bitácora.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from earchivo.models import (
    ClasificacionInformacion,
    Expediente,
    NodoClasificacion,
)
from earchivo.permissions import (
    ABRIR_EXPEDIENTE,
    CLASIFICAR_EXPEDIENTE,
    DESCLASIFICAR_EXPEDIENTE,
    MODIFICAR_EXPEDIENTE,
    VER_EXPEDIENTES,
    holds,
    require_clasificar,
    require_custodia,
    require_unidad,
    works_in,
)
from earchivo.selectors.acceso import expediente_list_for_user
from earchivo.services.expediente_reglas import (  # noqa: F401 - years_add, plazos_calcular are part of this API
    clasificacion_validate,
    clave_compose,
    fondo_clave,
    plazos_calcular,
    serie_validate,
    validation_to_application,
    years_add,
)
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.numeracion.services import ambito, numero_siguiente
from sai.search.services.indexing import search_enqueue

# What expediente_update may change; once closed only the physical location and remarks.
CAMPOS_EDITABLES = (
    "titulo",
    "asunto",
    "responsable",
    "soporte",
    "legajos",
    "ubicacion_topografica",
    "observaciones",
    "clasificacion",
    "fundamento_clasificacion",
    "fecha_clasificacion",
    "periodo_reserva_anios",
    "partes_clasificadas",
)
CAMPOS_EDITABLES_CERRADO = ("ubicacion_topografica", "observaciones")
_CAMPOS_CLASIFICACION = ("clasificacion", "fundamento_clasificacion", "fecha_clasificacion", "periodo_reserva_anios")
# Changing any of these is classifying (earchivo/permissions.py `require_clasificar`), not editing.
CAMPOS_CLASIFICAR = (*_CAMPOS_CLASIFICACION, "partes_clasificadas", "fecha_desclasificacion", "responsable")


# --- shared checks ----------------------------------------------------------------------------------------------


def require_visible(actor, expediente: Expediente) -> None:
    """Refuse work on an expediente the actor could not open (another unidad, or classified without grant)."""
    if actor is not None and not expediente_list_for_user(user=actor).filter(pk=expediente.pk).exists():
        raise PermissionDeniedError("No tiene acceso a este expediente.")


def lock_expediente(expediente: Expediente) -> Expediente:
    """Re-read the row under a lock, so concurrent writers see each other's changes."""
    return Expediente.objects.select_for_update().select_related("serie", "unidad").get(pk=expediente.pk)


def require_abierto(expediente: Expediente, message: str = "El expediente está cerrado: ya no admite cambios.") -> None:
    if expediente.estado != Expediente.Estado.ABIERTO:
        raise ConflictError(message)


def responsable_validate(*, responsable, unidad) -> dict[str, list[str]]:
    """The responsable is an active person of the expediente's unidad who can open the archive's expedientes."""
    if responsable is None or not responsable.is_active:
        return {"responsable": ["Elija una persona con cuenta activa."]}
    if not works_in(responsable, unidad.pk):
        return {"responsable": [f"{responsable.get_username()} no pertenece a la unidad {unidad.siglas}."]}
    if not responsable.has_perm(VER_EXPEDIENTES):
        return {"responsable": [f"{responsable.get_username()} no tiene acceso a los expedientes del archivo."]}
    return {}


def _full_clean(expediente: Expediente) -> None:
    try:
        expediente.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise validation_to_application(exc) from None


# --- apertura ---------------------------------------------------------------------------------------------------


def expediente_ambito(*, serie, unidad) -> str:
    """The numbering scope of a serie in a unidad (with the year: the expediente's consecutive)."""
    return ambito("expediente", serie.pk, unidad.pk)


def expediente_create(
    *,
    actor,
    serie: NodoClasificacion,
    unidad,
    titulo: str,
    asunto: str = "",
    responsable=None,
    fecha_apertura: datetime.date | None = None,
    soporte: str = Expediente.Soporte.ELECTRONICO,
    legajos: int = 1,
    ubicacion_topografica: str = "",
    observaciones: str = "",
    clasificacion: str | None = None,
    fundamento_clasificacion: str = "",
    fecha_clasificacion: datetime.date | None = None,
    periodo_reserva_anios: int | None = None,
    partes_clasificadas: str = "",
    ip: str | None = None,
) -> Expediente:
    """Open an expediente in a serie of the vigente CGCA: number it, compose its clave, classify it."""
    require_perm(actor, ABRIR_EXPEDIENTE, "No tiene permiso para abrir expedientes.")
    require_unidad(actor, unidad, "Sólo puede abrir expedientes de su propia unidad.")
    if responsable is None:
        if actor is None:
            raise ApplicationError("Indique el responsable.", errors={"responsable": ["Este campo es obligatorio."]})
        responsable = actor
    fecha_apertura = fecha_apertura or timezone.localdate()
    errors: dict[str, list[str]] = responsable_validate(responsable=responsable, unidad=unidad)
    if not (titulo or "").strip():
        errors["titulo"] = ["El título es obligatorio."]
    if fecha_apertura > timezone.localdate():
        errors["fecha_apertura"] = ["La fecha de apertura no puede ser futura."]
    disposicion = serie_validate(serie=serie, unidad=unidad)
    if clasificacion and clasificacion != disposicion.clasificacion_default:
        # The CADIDO classifies a new expediente; departing from it is classifying, in the unidad it belongs to.
        require_clasificar(actor, unidad)
    values = {
        "clasificacion": clasificacion or disposicion.clasificacion_default,
        "fundamento_clasificacion": fundamento_clasificacion,
        "fecha_clasificacion": fecha_clasificacion,
        "periodo_reserva_anios": periodo_reserva_anios,
        "partes_clasificadas": partes_clasificadas,
    }
    if values["clasificacion"] != ClasificacionInformacion.PUBLICA and not fecha_clasificacion:
        values["fecha_clasificacion"] = fecha_apertura if not errors.get("fecha_apertura") else None
    errors.update(clasificacion_validate(values))
    if errors:
        raise ApplicationError("Revise los datos del expediente.", errors=errors)

    return expediente_insert(
        actor=actor,
        serie=serie,
        unidad=unidad,
        fecha_apertura=fecha_apertura,
        ip=ip,
        titulo=titulo.strip(),
        asunto=asunto,
        responsable=responsable,
        soporte=soporte,
        legajos=legajos,
        ubicacion_topografica=ubicacion_topografica,
        observaciones=observaciones,
        **values,
    )


def expediente_insert(
    *, actor, serie, unidad, fecha_apertura: datetime.date, audit_extra: dict | None = None, ip=None, **fields
) -> Expediente:
    """Number, compose the clave, validate and write a new expediente; audited and queued for search.

    The checks of who may open it are the caller's: `expediente_create` for people, the baja for its own expediente.
    """
    with transaction.atomic():
        anio = fecha_apertura.year
        numero = numero_siguiente(ambito=expediente_ambito(serie=serie, unidad=unidad), anio=anio)
        fondo = fondo_clave(serie)
        clave = clave_compose(fondo=fondo, unidad=unidad.siglas, serie=serie.clave, numero=numero, anio=anio)
        if Expediente.objects.filter(clave=clave).exists():
            raise ConflictError(f"Ya existe un expediente con la clave {clave}.", errors={"clave": ["Ya existe."]})
        expediente = Expediente(
            clave=clave,
            fondo=fondo,
            serie=serie,
            unidad=unidad,
            anio=anio,
            numero=numero,
            fecha_apertura=fecha_apertura,
            **fields,
        )
        _full_clean(expediente)
        try:
            with transaction.atomic():
                expediente.save(force_insert=True)
        except IntegrityError:
            raise ConflictError(f"Ya existe un expediente con la clave {clave}.") from None
        search_enqueue(expediente)
        audit_record(
            actor=actor,
            action="expediente.crear",
            obj=expediente,
            data={
                "clave": clave,
                "serie": serie.clave,
                "unidad": unidad.siglas,
                "clasificacion": expediente.clasificacion,
                **(audit_extra or {}),
            },
            ip=ip,
        )
    return expediente


# --- metadata ---------------------------------------------------------------------------------------------------


# What a change of a classified expediente would disclose: stored as keyed digests in the bitácora.
SECRETOS_MODIFICACION = ("cambios.titulo", "cambios.asunto", "cambios.partes_clasificadas", "cambios.observaciones")


def _audit_value(value):
    if hasattr(value, "get_username"):
        return value.get_username()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _require_update(actor, expediente: Expediente, changed: dict) -> None:
    """Descriptive fields are the keeper's (custody follows the etapa); classification and responsable are the
    classifier's (`earchivo.permissions.require_clasificar`). A read grant alone allows neither."""
    if actor is None:
        return
    descriptivos = set(changed) - set(CAMPOS_CLASIFICAR)
    if descriptivos:
        require_perm(actor, MODIFICAR_EXPEDIENTE, "No tiene permiso para modificar expedientes.")
        require_custodia(actor, expediente, "Sólo quien custodia el expediente en su etapa actual puede modificarlo.")
    if set(changed) & set(CAMPOS_CLASIFICAR):
        desclasifica = "responsable" not in changed and changed.get("clasificacion") == ClasificacionInformacion.PUBLICA
        require_clasificar(actor, expediente.unidad, desclasifica=desclasifica)


def expediente_update(*, actor, expediente: Expediente, ip: str | None = None, **changes) -> Expediente:
    """Change the metadata; once closed only ubicación topográfica and observaciones.

    Classification and responsable changes are recorded apart (`expediente.clasificar`, before and after), so the
    bitácora shows who classified, declassified or reassigned an expediente.
    """
    if actor is not None and not any(
        holds(actor, perm) for perm in (MODIFICAR_EXPEDIENTE, CLASIFICAR_EXPEDIENTE, DESCLASIFICAR_EXPEDIENTE)
    ):
        raise PermissionDeniedError("No tiene permiso para modificar expedientes.")
    require_visible(actor, expediente)
    unknown = sorted(set(changes) - set(CAMPOS_EDITABLES))
    if unknown:
        raise ApplicationError(
            "Campos no modificables.", errors={name: ["Este campo no se puede modificar."] for name in unknown}
        )
    with transaction.atomic():
        expediente = lock_expediente(expediente)
        changed = {name: value for name, value in changes.items() if getattr(expediente, name) != value}
        _require_update(actor, expediente, changed)
        if expediente.estado != Expediente.Estado.ABIERTO:
            locked = sorted(set(changed) - set(CAMPOS_EDITABLES_CERRADO))
            if locked:
                raise ConflictError(
                    "El expediente está cerrado: sólo se pueden cambiar la ubicación topográfica y las observaciones.",
                    errors={name: ["No se puede modificar en un expediente cerrado."] for name in locked},
                )
        if set(changed) & {*_CAMPOS_CLASIFICACION, "partes_clasificadas"}:
            values = {name: changes.get(name, getattr(expediente, name)) for name in _CAMPOS_CLASIFICACION}
            values["partes_clasificadas"] = changes.get("partes_clasificadas", expediente.partes_clasificadas)
            errors = clasificacion_validate(values)
            if errors:
                raise ApplicationError("Revise los datos del expediente.", errors=errors)
            changed.update({k: v for k, v in values.items() if getattr(expediente, k) != v})
        if not changed:
            return expediente
        errors: dict[str, list[str]] = {}
        if "titulo" in changed and not (changed["titulo"] or "").strip():
            errors["titulo"] = ["El título es obligatorio."]
        if "responsable" in changed:
            errors.update(responsable_validate(responsable=changed["responsable"], unidad=expediente.unidad))
        if errors:
            raise ApplicationError("Revise los datos del expediente.", errors=errors)
        diff = {name: [_audit_value(getattr(expediente, name)), _audit_value(value)] for name, value in changed.items()}
        for name, value in changed.items():
            setattr(expediente, name, value)
        _full_clean(expediente)
        expediente.save(update_fields=list(changed))
        search_enqueue(expediente)
        for action, names in (
            ("expediente.modificar", set(diff) - set(CAMPOS_CLASIFICAR)),
            ("expediente.clasificar", set(diff) & set(CAMPOS_CLASIFICAR)),
        ):
            if names:
                cambios = {name: diff[name] for name in sorted(names)}
                audit_record(
                    actor=actor,
                    action=action,
                    obj=expediente,
                    data={"cambios": cambios},
                    ip=ip,
                    secret_fields=SECRETOS_MODIFICACION,
                )
    return expediente
