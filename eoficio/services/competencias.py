"""Administración records who may sign which tipo for which unidad (Competencia), and ends a record."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from eoficio.models import Competencia
from eoficio.permissions import require_competencias
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError


@transaction.atomic
def competencia_create(*, actor, ip=None, **campos) -> Competencia:
    require_competencias(actor)
    competencia = Competencia(**campos)
    try:
        competencia.full_clean()
    except ValidationError as exc:
        raise ApplicationError("Revise la competencia.", errors=exc.message_dict) from None
    competencia.save()
    audit_record(
        actor=actor,
        action="oficio.competencia_crear",
        obj=competencia,
        data={
            "usuario": competencia.usuario.get_username(),
            "unidad": competencia.unidad.siglas,
            "tipo": competencia.tipo,
            "modalidad": competencia.modalidad,
            "fundamento": competencia.fundamento,
            "desde": competencia.desde,
            "hasta": competencia.hasta,
        },
        ip=ip,
    )
    return competencia


@transaction.atomic
def competencia_end(*, actor, competencia: Competencia, hasta: dt.date, ip=None) -> Competencia:
    """End a competence on `hasta` (never deleted: signatures made under it keep their basis)."""
    require_competencias(actor)
    competencia = Competencia.objects.select_for_update().get(pk=competencia.pk)
    if hasta < competencia.desde:
        raise ApplicationError("Fecha no válida.", errors={"hasta": ["No puede ser anterior al inicio."]})
    competencia.hasta = hasta
    competencia.save(update_fields=["hasta"])
    audit_record(actor=actor, action="oficio.competencia_terminar", obj=competencia, data={"hasta": hasta}, ip=ip)
    return competencia
