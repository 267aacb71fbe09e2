"""Tipos documentales, managed by the Coordinación de Archivos on SAI's own page (not the Django admin).

A tipo is never deleted (documents point to it): it is deactivated, and then no longer offered. Tipos SAI makes
for its own records (`del_sistema`, e.g. the acta de baja) are neither offered to people nor edited by them.
The metadata schema is a list of {"nombre", "tipo" (texto|numero|fecha|booleano), "obligatorio"} that
`documentos.metadatos_validate` applies to every document of the tipo.
"""

import re

from django.db import IntegrityError, transaction

from earchivo.models import TipoDocumental
from earchivo.permissions import ADMINISTRAR_TIPOS, CREAR_TIPO
from earchivo.services.documentos import TIPOS_METADATO
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError

DENIED_MESSAGE = "Sólo la Coordinación de Archivos administra los tipos documentales."
_CAMPO_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def esquema_problems(esquema: list[dict]) -> list[str]:
    """Why a metadata schema is unusable: names (unique, lower_snake_case), types, obligatorio flags."""
    problems, vistos = [], set()
    for posicion, campo in enumerate(esquema, start=1):
        nombre = str(campo.get("nombre", ""))
        if not _CAMPO_RE.fullmatch(nombre):
            problems.append(f"Campo {posicion}: «{nombre}» debe ser minúsculas, números y _ (p. ej. numero_contrato).")
        elif nombre in vistos:
            problems.append(f"Campo {posicion}: «{nombre}» está repetido.")
        vistos.add(nombre)
        if campo.get("tipo") not in TIPOS_METADATO:
            problems.append(f"Campo {posicion}: el tipo debe ser {', '.join(TIPOS_METADATO)}.")
        if not isinstance(campo.get("obligatorio", False), bool):
            problems.append(f"Campo {posicion}: «obligatorio» debe ser sí o no.")
    return problems


def _validate(tipo: TipoDocumental) -> None:
    errors = {}
    if not tipo.nombre:
        errors["nombre"] = ["El nombre es obligatorio."]
    elif TipoDocumental.objects.filter(nombre__iexact=tipo.nombre).exclude(pk=tipo.pk).exists():
        errors["nombre"] = [f"Ya existe el tipo «{tipo.nombre}»."]
    if problems := esquema_problems(tipo.esquema_metadatos):
        errors["esquema_metadatos"] = problems
    if errors:
        raise ApplicationError("No se pudo guardar el tipo documental.", errors=errors)


def _snapshot(tipo: TipoDocumental) -> dict:
    return {
        "nombre": tipo.nombre,
        "es_documento_de_archivo": tipo.es_documento_de_archivo,
        "esquema_metadatos": tipo.esquema_metadatos,
        "activo": tipo.activo,
    }


def _save(tipo: TipoDocumental) -> None:
    try:
        with transaction.atomic():
            tipo.save()
    except IntegrityError:  # two people naming two tipos alike at once
        raise ConflictError("No se pudo guardar el tipo documental.", errors={"nombre": ["Ya existe."]}) from None


@transaction.atomic
def tipo_documental_create(
    *, actor, nombre: str, es_documento_de_archivo: bool = True, esquema_metadatos: list[dict] | None = None
) -> TipoDocumental:
    require_perm(actor, CREAR_TIPO, DENIED_MESSAGE)
    tipo = TipoDocumental(
        nombre=(nombre or "").strip()[:150],
        es_documento_de_archivo=es_documento_de_archivo,
        esquema_metadatos=list(esquema_metadatos or []),
    )
    _validate(tipo)
    _save(tipo)
    audit_record(actor=actor, action="earchivo.tipo_documental_crear", obj=tipo, data=_snapshot(tipo))
    return tipo


@transaction.atomic
def tipo_documental_update(
    *,
    actor,
    tipo: TipoDocumental,
    nombre: str | None = None,
    es_documento_de_archivo: bool | None = None,
    esquema_metadatos: list[dict] | None = None,
    activo: bool | None = None,
) -> TipoDocumental:
    """Rename, change the schema, deactivate or reactivate a tipo; None leaves a field as it is."""
    require_perm(actor, ADMINISTRAR_TIPOS, DENIED_MESSAGE)
    tipo = TipoDocumental.objects.select_for_update().get(pk=tipo.pk)
    if tipo.del_sistema:
        raise ConflictError(f"El tipo «{tipo.nombre}» lo administra el sistema para sus propios documentos.")
    antes = _snapshot(tipo)
    if nombre is not None:
        tipo.nombre = nombre.strip()[:150]
    if es_documento_de_archivo is not None:
        tipo.es_documento_de_archivo = es_documento_de_archivo
    if esquema_metadatos is not None:
        tipo.esquema_metadatos = list(esquema_metadatos)
    if activo is not None:
        tipo.activo = activo
    _validate(tipo)
    _save(tipo)
    despues = _snapshot(tipo)
    audit_record(
        actor=actor,
        action="earchivo.tipo_documental_modificar",
        obj=tipo,
        data={"antes": antes, "despues": despues},
    )
    return tipo
