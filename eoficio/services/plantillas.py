"""Administración edits each unidad's plantilla (membrete, lema del año, pie, margins)."""

from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from eoficio.models import Plantilla
from eoficio.permissions import require_plantillas
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError
from sai.storage.services import blob_put

MARGENES = ("margen_superior", "margen_inferior", "margen_izquierdo", "margen_derecho")
CAMPOS = ("institucion", "lugar", "lema", "pie", "despedida", *MARGENES)


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
