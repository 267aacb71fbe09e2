"""Administración edits each unidad's plantilla (membrete, lema del año, pie, margins)."""

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from eoficio.models import Plantilla
from eoficio.models.configuracion import PATRON_NUMERO
from eoficio.permissions import require_plantillas
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError
from sai.storage.services import blob_put

MARGENES = ("margen_superior", "margen_inferior", "margen_izquierdo", "margen_derecho")
CAMPOS = ("institucion", "lugar", "lema", "pie", "despedida", "patron_numero", "patrones_por_tipo", *MARGENES)


def numero_format(patron: str, *, siglas: str, consecutivo: int, anio: int, tipo: str) -> str:
    return patron.format(siglas=siglas, consecutivo=consecutivo, anio=anio, tipo=tipo)


def _patrones_check(plantilla: Plantilla) -> None:
    """A pattern must name the consecutivo and the year and format cleanly, or numbers could collide."""
    if not isinstance(plantilla.patrones_por_tipo, dict):
        raise ApplicationError("Revise el patrón por tipo.", errors={"patrones_por_tipo": ["Debe ser {tipo: patrón}."]})
    problemas = []
    for patron in [plantilla.patron_numero, *plantilla.patrones_por_tipo.values()]:
        try:
            ejemplo = numero_format(patron, siglas="UA", consecutivo=1, anio=2026, tipo="oficio")
        except (KeyError, ValueError, IndexError, TypeError):
            ejemplo = ""
        if "{consecutivo" not in patron or "{anio" not in patron or not ejemplo:
            problemas.append(f"«{patron}» debe usar {{siglas}}, {{consecutivo}} y {{anio}} (p. ej. {PATRON_NUMERO}).")
    if problemas:
        raise ApplicationError("Revise el patrón del número.", errors={"patron_numero": problemas})


def _membrete_check(fileobj: BinaryIO) -> None:
    try:
        with Image.open(fileobj) as imagen:
            imagen.verify()
            formato = imagen.format
    except (UnidentifiedImageError, OSError):
        formato = None
    if formato not in ("PNG", "JPEG"):
        raise ApplicationError("El membrete no es válido.", errors={"membrete": ["Suba una imagen PNG o JPEG."]})
    fileobj.seek(0)


@transaction.atomic
def plantilla_update(*, actor, unidad, membrete: BinaryIO | None = None, ip: str | None = None, **changes) -> Plantilla:
    require_plantillas(actor)
    desconocidos = set(changes) - set(CAMPOS)
    if desconocidos:
        raise ApplicationError("Campos desconocidos.", errors={c: ["No se puede modificar."] for c in desconocidos})
    plantilla, _ = Plantilla.objects.select_for_update().get_or_create(unidad=unidad)
    for campo, valor in changes.items():
        setattr(plantilla, campo, valor)
    if membrete is not None:
        _membrete_check(membrete)
        plantilla.membrete = blob_put(fileobj=membrete)
    _patrones_check(plantilla)
    try:
        plantilla.full_clean()
    except ValidationError as exc:
        raise ApplicationError("Revise la plantilla.", errors=exc.message_dict) from None
    plantilla.save()
    audit_record(
        actor=actor,
        action="oficio.plantilla",
        obj=plantilla,
        data={"unidad": unidad.siglas, "campos": sorted(changes), "membrete": getattr(plantilla.membrete, "pk", "")},
        ip=ip,
    )
    return plantilla
