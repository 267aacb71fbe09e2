"""Reading the bitácora: filtered entries, and each row as the viewer may see it (classified content hidden)."""

import datetime
import json
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from sai.audit.acciones import accion_describir
from sai.audit.models import EntradaBitacora
from sai.audit.registry import OCULTO, hidden_for


@dataclass(frozen=True)
class FiltroBitacora:
    actor: str | None = None
    accion: str | None = None
    objeto_tipo: str | None = None
    objeto_id: str | None = None
    desde: datetime.date | None = None
    hasta: datetime.date | None = None

    def as_data(self) -> dict:
        """The filters used, for the entry that records this reading."""
        return {name: str(value) for name, value in self.__dict__.items() if value}


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def bitacora_list(*, filtro: FiltroBitacora) -> QuerySet[EntradaBitacora]:
    """Entries newest first: exact user, action and object type/id (action also by prefix: "expediente.")."""
    qs = EntradaBitacora.objects.order_by("-seq")
    if filtro.actor:
        qs = qs.filter(actor_username__iexact=filtro.actor.strip())
    if filtro.accion:
        accion = filtro.accion.strip()
        qs = qs.filter(accion__startswith=accion) if accion.endswith(".") else qs.filter(accion=accion)
    if filtro.objeto_tipo:
        qs = qs.filter(objeto_tipo=filtro.objeto_tipo.strip().lower())
    if filtro.objeto_id:
        qs = qs.filter(objeto_id=filtro.objeto_id.strip())
    if filtro.desde:
        qs = qs.filter(creado__gte=_day_start(filtro.desde))
    if filtro.hasta:
        qs = qs.filter(creado__lt=_day_start(filtro.hasta + datetime.timedelta(days=1)))
    return qs


@dataclass(frozen=True)
class FilaBitacora:
    seq: int
    creado: datetime.datetime
    usuario: str
    accion: str
    objeto_tipo: str
    objeto_id: str
    objeto: str
    datos: str
    ip: str
    clasificado: bool
    descripcion: str = ""  # the action in Spanish (sai.audit.acciones)


def bitacora_rows(*, user, entries) -> list[FilaBitacora]:
    """Rows for `user`: an entry about a classified object they may not see shows "[clasificado]" instead."""
    entries = list(entries)
    ocultos = hidden_for(user, {(e.objeto_tipo, e.objeto_id) for e in entries})
    rows = []
    for e in entries:
        oculto = (e.objeto_tipo, e.objeto_id) in ocultos
        rows.append(
            FilaBitacora(
                seq=e.seq,
                creado=timezone.localtime(e.creado),
                usuario=e.actor_username,
                accion=e.accion,
                objeto_tipo=e.objeto_tipo,
                objeto_id=e.objeto_id,
                objeto=OCULTO if oculto else e.objeto_repr,
                datos=OCULTO if oculto else json.dumps(e.datos, ensure_ascii=False, sort_keys=True),
                ip=e.ip or "",
                clasificado=oculto,
                descripcion=accion_describir(e.accion, None if oculto else e.datos),
            )
        )
    return rows
