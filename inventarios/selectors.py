"""Reads for inventarios: the filtered expedientes a user may see (through e-archivo's one access door) and jobs."""

from django.db.models import QuerySet

from earchivo.models import ClasificacionInformacion, Expediente, TipoDocumental, TransferenciaExpediente
from earchivo.selectors.acceso import expediente_list_for_user
from inventarios.models import Generacion
from sai.core.exceptions import ApplicationError, NotFoundError
from sai.org.models import UnidadAdministrativa

FILTROS = ("unidad", "serie", "anio_desde", "anio_hasta", "etapa", "estado", "clasificacion")
_CHOICES = {
    "etapa": dict(Expediente.Etapa.choices),
    "estado": dict(Expediente.Estado.choices),
    "clasificacion": dict(ClasificacionInformacion.choices),
}


def filtros_clean(filtros: dict | None) -> dict:
    """Only known filters, typed; each bad one is named with its reason (Spanish), never a 500."""
    filtros = {k: v for k, v in (filtros or {}).items() if v not in (None, "")}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(filtros) - set(FILTROS))
    for name in unknown:
        errors[name] = [f"«{name}» no es un filtro de inventario (use {', '.join(FILTROS)})."]
    clean: dict = {}
    for name in ("unidad", "serie", "anio_desde", "anio_hasta"):
        if name in filtros:
            try:
                clean[name] = int(filtros[name])
            except (TypeError, ValueError):
                errors[name] = ["Debe ser un número entero."]
    for name, choices in _CHOICES.items():
        if name in filtros:
            if filtros[name] in choices:
                clean[name] = filtros[name]
            else:
                errors[name] = [f"Valor no válido; use uno de: {', '.join(choices)}."]
    if clean.get("anio_desde", 0) > clean.get("anio_hasta", 9999):
        errors["anio_hasta"] = ["El año final no puede ser anterior al inicial."]
    if errors:
        raise ApplicationError("Revise los filtros del inventario.", errors=errors)
    return clean


def expedientes_filtrados(*, user, filtros: dict) -> QuerySet[Expediente]:
    """What `user` may see (e-archivo's access rule, inside the query), narrowed by the cleaned filters."""
    qs = expediente_list_for_user(user=user)
    lookups = {
        "unidad": "unidad_id",
        "serie": "serie_id",
        "anio_desde": "anio__gte",
        "anio_hasta": "anio__lte",
        "etapa": "etapa",
        "estado": "estado",
        "clasificacion": "clasificacion",
    }
    return qs.filter(**{lookups[name]: value for name, value in filtros.items()})


def generacion_list_for_user(*, user) -> QuerySet[Generacion]:
    """A person's own jobs (inventories can reveal what they may see, not what others may)."""
    return Generacion.objects.filter(solicitada_por=user).select_related("blob")


def generacion_get_for_user(*, user, id: int) -> Generacion:
    generacion = generacion_list_for_user(user=user).filter(pk=id).first()
    if generacion is None:
        raise NotFoundError("La generación no existe o no es suya.")
    return generacion


def unidad_list() -> QuerySet[UnidadAdministrativa]:
    """The unidades offered as a filter (rows are still limited to what the person may see)."""
    return UnidadAdministrativa.objects.order_by("siglas")


def tipo_documental_get(*, id: int) -> TipoDocumental:
    tipo = TipoDocumental.objects.filter(pk=id).first()
    if tipo is None:
        raise ApplicationError("Tipo documental inexistente.", errors={"tipo_documental": [f"No existe el id {id}."]})
    return tipo


def transferencia_cajas(*, expedientes: list[Expediente]) -> set[tuple[int, int]]:
    """The boxes (transfer, caja) the expedientes arrived in: what a baja physically sends away."""
    return set(
        TransferenciaExpediente.objects.filter(expediente__in=expedientes, rechazado=False).values_list(
            "transferencia_id", "caja"
        )
    )
