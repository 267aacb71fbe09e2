"""Daily reminders of turno deadlines: before (semáforo amarillo or rojo, not yet due) and after (overdue).

One `Recordatorio` row per turno, day and kind makes the beat task idempotent: run twice the same day, it sends
nothing new. The row and its e-mail share a transaction per turno, so a failed send is retried on the next run.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from eoficio.models import Recordatorio, Turno
from eoficio.services.semaforo import AMARILLO, cortes_para
from sai.audit.services import audit_record


def _destinatarios(turno: Turno) -> list[str]:
    personas = [turno.destinatario] if turno.destinatario else [turno.unidad.titular]
    return sorted({p.email for p in personas if p is not None and p.email})


def _mensaje(turno: Turno, tipo: str) -> tuple[str, str]:
    registro = turno.registro
    enlace = settings.SAI_SITE_URL.rstrip("/") + reverse("eoficio:asunto", args=[registro.pk])
    if tipo == Recordatorio.Tipo.VENCIDO:
        asunto = f"Turno vencido: {registro.folio}"
        estado = f"venció el {turno.fecha_limite:%d/%m/%Y}"
    else:
        asunto = f"Turno próximo a vencer: {registro.folio}"
        estado = f"vence el {turno.fecha_limite:%d/%m/%Y}"
    cuerpo = (
        f"El asunto {registro.folio} turnado a {turno.unidad.nombre} ({turno.instruccion.nombre}) {estado}.\n\n"
        f"Asunto: {registro.asunto}\nRemitente: {registro.remitente_nombre}, {registro.remitente_institucion}\n\n"
        f"Consúltelo en {enlace}\n"
    )
    return asunto, cuerpo


def recordatorios_enviar(*, hoy: datetime.date | None = None) -> int:
    """Remind every open turno in amarillo or rojo once per day; returns how many reminders were sent."""
    hoy = hoy or timezone.localdate()
    cortes = cortes_para(hoy)
    pendientes = (
        Turno.objects.filter(estado__in=Turno.ABIERTOS, copia=False, fecha_limite__lt=cortes.verde_desde)
        .exclude(recordatorios__fecha=hoy)
        .select_related("registro", "unidad__titular", "destinatario", "instruccion")
    )
    enviados = 0
    for turno in pendientes:
        tipo = Recordatorio.Tipo.VENCIDO if turno.fecha_limite < hoy else Recordatorio.Tipo.PREVIO
        destinatarios = _destinatarios(turno)
        try:
            with transaction.atomic():
                Recordatorio.objects.create(turno=turno, fecha=hoy, tipo=tipo, destinatarios=destinatarios)
                if destinatarios:
                    send_mail(*_mensaje(turno, tipo), None, destinatarios)
                audit_record(
                    actor=None,
                    action="turno.recordatorio",
                    obj=turno,
                    data={"tipo": tipo, "semaforo": cortes.color(turno) or AMARILLO, "para": destinatarios},
                )
        except IntegrityError:
            continue  # another run sent today's reminder first
        enviados += 1
    return enviados
