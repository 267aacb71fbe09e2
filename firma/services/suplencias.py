"""Suplencias: a titular names who signs in their place while absent, between two dates, with the fundamento."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from firma.models import Suplencia
from firma.permissions import puede_firmar, require_designar_suplente
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError


def suplencia_designate(
    *, actor, titular, suplente, desde: dt.date, hasta: dt.date, fundamento: str, ip: str | None = None
) -> Suplencia:
    require_designar_suplente(actor, titular)
    errors = {}
    if suplente is None or not suplente.is_active or not puede_firmar(suplente):
        errors["suplente"] = ["elija a una persona activa que pueda firmar documentos"]
    elif suplente.pk == titular.pk:
        errors["suplente"] = ["el suplente debe ser otra persona"]
    if hasta < desde:
        errors["hasta"] = ["la fecha final es anterior a la inicial"]
    elif hasta < timezone.localdate():
        errors["hasta"] = ["el periodo ya terminó"]
    if not fundamento.strip():
        errors["fundamento"] = ["cite el fundamento (artículo, reglamento u oficio) de la suplencia"]
    if errors:
        raise ApplicationError("La suplencia no es válida.", errors=errors)
    with transaction.atomic():
        suplencia = Suplencia.objects.create(
            titular=titular, suplente=suplente, desde=desde, hasta=hasta, fundamento=" ".join(fundamento.split())
        )
        audit_record(
            actor=actor,
            action="firma.suplencia_designar",
            obj=suplencia,
            data={
                "titular": titular.get_username(),
                "suplente": suplente.get_username(),
                "desde": desde.isoformat(),
                "hasta": hasta.isoformat(),
                "fundamento": suplencia.fundamento,
            },
            ip=ip,
        )
    return suplencia
