"""Reads of e-oficio's configuration for the API and the administration pages."""

from django.db.models import QuerySet

from eoficio.models import Competencia, DelegacionBandeja, Plantilla
from sai.core.exceptions import NotFoundError


def competencia_list() -> QuerySet[Competencia]:
    return Competencia.objects.select_related("usuario", "unidad")


def competencia_get(*, id: int) -> Competencia:
    competencia = competencia_list().filter(pk=id).first()
    if competencia is None:
        raise NotFoundError("La competencia no existe.")
    return competencia


def plantilla_de(*, unidad) -> Plantilla | None:
    return Plantilla.objects.filter(unidad=unidad).first()


def delegaciones_de(*, user) -> QuerySet[DelegacionBandeja]:
    """The delegations the user gave (as titular) or received (as assistant)."""
    return DelegacionBandeja.objects.filter(titular=user) | DelegacionBandeja.objects.filter(asistente=user)
