"""Expediente rules without side effects: classification and serie checks, clave, retention clocks, hashes.

Shared by the expediente and documento services, the selectors and the life-cycle services; nothing here writes.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from earchivo.models import ClasificacionInformacion, CuadroClasificacion, DisposicionDocumental, NodoClasificacion
from sai.core.exceptions import ApplicationError

DEFAULT_CLAVE_PATTERN = "{fondo}/{unidad}/{serie}/{numero:04d}/{anio}"
RESERVA_MAX_ANIOS = 10  # LGTAIP: up to 5 years, extendable once by up to 5 more


def years_add(fecha: datetime.date, years: int) -> datetime.date:
    """fecha + years; 29 February falls back to 28 February in a non-leap target year."""
    try:
        return fecha.replace(year=fecha.year + years)
    except ValueError:
        return fecha.replace(year=fecha.year + years, day=28)


def plazos_calcular(*, fecha_cierre: datetime.date, disposicion: dict) -> tuple[datetime.date, datetime.date]:
    """The retention clocks from the frozen CADIDO values: (fin de trámite, fin de concentración)."""
    fin_tramite = years_add(fecha_cierre, int(disposicion["vigencia_tramite"]))
    return fin_tramite, years_add(fin_tramite, int(disposicion["vigencia_concentracion"]))


def canonical_hash(contenido) -> str:
    """SHA-256 of canonical JSON (sorted keys, no spaces, UTF-8): stable across runs and databases."""
    data = json.dumps(contenido, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def clave_compose(*, fondo: str, unidad: str, serie: str, numero: int, anio: int) -> str:
    pattern = getattr(settings, "SAI_EXPEDIENTE_CLAVE_PATTERN", DEFAULT_CLAVE_PATTERN)
    try:
        return pattern.format(fondo=fondo, unidad=unidad, serie=serie, numero=numero, anio=anio)
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured(f"SAI_EXPEDIENTE_CLAVE_PATTERN={pattern!r} no es válido: {exc}") from None


def fondo_clave(serie: NodoClasificacion) -> str:
    """Clave of the fondo at the root of the serie's tree."""
    nodo = serie
    while nodo.padre_id is not None:
        nodo = nodo.padre
    return nodo.clave


def validation_to_application(exc: ValidationError, message: str = "Datos inválidos.") -> ApplicationError:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return ApplicationError(message, errors=errors)


def serie_validate(*, serie: NodoClasificacion, unidad) -> DisposicionDocumental:
    """The serie must be a classifiable leaf of the vigente CGCA, produced by the unidad, with its CADIDO row."""
    if not serie.es_serie:
        raise ApplicationError("Elija una serie o subserie.", errors={"serie": ["No es una serie ni una subserie."]})
    if serie.cuadro.estado != CuadroClasificacion.Estado.VIGENTE:
        raise ApplicationError(
            "La serie no pertenece al cuadro de clasificación vigente.",
            errors={"serie": [f"Pertenece a {serie.cuadro}, que no está vigente."]},
        )
    if serie.hijos.filter(nivel=NodoClasificacion.Nivel.SUBSERIE).exists():
        raise ApplicationError(
            "La serie tiene subseries: clasifique en una de ellas.",
            errors={"serie": [f"{serie.clave} tiene subseries; elija la subserie que corresponde."]},
        )
    productoras = list(serie.unidades_productoras.values_list("pk", flat=True))
    if productoras and unidad.pk not in productoras:
        raise ApplicationError(
            "La unidad no produce esta serie.",
            errors={"serie": [f"{unidad.siglas} no está entre las unidades productoras de {serie.clave}."]},
        )
    return serie_disposicion(serie)


def serie_disposicion(serie: NodoClasificacion) -> DisposicionDocumental:
    try:
        return serie.disposicion
    except DisposicionDocumental.DoesNotExist:
        raise ApplicationError(
            "La serie no tiene disposición documental.",
            errors={"serie": [f"{serie.clave} no tiene su renglón en el catálogo de disposición documental."]},
        ) from None


def clasificacion_validate(values: dict) -> dict[str, list[str]]:
    """Check the reservada/confidencial data and derive fecha_desclasificacion; return field errors.

    Reservada needs fundamento, fecha and periodo de reserva. Confidencial needs fundamento and fecha; it has no
    legal term (LGTAIP), so its periodo is optional and, when given, also sets the desclasificación date.
    """
    errors: dict[str, list[str]] = {}
    clasificacion = values.get("clasificacion") or ClasificacionInformacion.PUBLICA
    if clasificacion not in ClasificacionInformacion.values:
        return {"clasificacion": [f"«{clasificacion}» no es una clasificación válida."]}
    if clasificacion == ClasificacionInformacion.PUBLICA:
        values.update(fundamento_clasificacion="", fecha_clasificacion=None, periodo_reserva_anios=None)
        values.update(fecha_desclasificacion=None, partes_clasificadas="")
        return errors
    nombre = ClasificacionInformacion(clasificacion).label.lower()
    if not (values.get("fundamento_clasificacion") or "").strip():
        errors["fundamento_clasificacion"] = [f"Un expediente {nombre} requiere el fundamento legal."]
    fecha = values.get("fecha_clasificacion")
    if fecha is None:
        errors["fecha_clasificacion"] = [f"Un expediente {nombre} requiere la fecha de clasificación."]
    elif fecha > timezone.localdate():
        errors["fecha_clasificacion"] = ["La fecha de clasificación no puede ser futura."]
    periodo = values.get("periodo_reserva_anios")
    if periodo is None and clasificacion == ClasificacionInformacion.RESERVADA:
        errors["periodo_reserva_anios"] = ["Un expediente reservado requiere el periodo de reserva (años)."]
    elif periodo is not None and not 1 <= periodo <= RESERVA_MAX_ANIOS:
        errors["periodo_reserva_anios"] = [f"El periodo de reserva debe ser de 1 a {RESERVA_MAX_ANIOS} años."]
    if not errors:
        values["fecha_desclasificacion"] = years_add(fecha, periodo) if periodo else None
    return errors
