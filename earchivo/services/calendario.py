"""The daily e-mail of the calendario de caducidades and of overdue préstamos (run by celery beat).

Each unidad's responsable del archivo de trámite gets that unidad's due/overdue expedientes; every Coordinación
de Archivos user gets all of them (each list filtered by what the recipient may see); the solicitante and the
lender of an overdue préstamo get it too. One e-mail per person per day: the sending is recorded in the
bitácora (`calendario.notificar`, with the date), and a recipient already recorded that day is skipped.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from earchivo.selectors.calendario import Caducidad, calendario_caducidades
from earchivo.selectors.ciclo import prestamo_vencidos
from sai.audit.models import EntradaBitacora
from sai.audit.services import audit_record
from sai.core.orden import natural_key
from sai.org.models import UnidadAdministrativa
from sai.org.roles import Rol

ACCION = "calendario.notificar"


@dataclass
class Aviso:
    destinatario: object
    caducidades: dict[int, Caducidad] = field(default_factory=dict)
    prestamos: dict[int, object] = field(default_factory=dict)


class _YaEnviado(Exception):
    """Another run recorded this recipient first: roll our record back and send nothing."""


def _ya_enviado(usuario, fecha: datetime.date) -> int:
    return EntradaBitacora.objects.filter(
        accion=ACCION, objeto_tipo=usuario._meta.label_lower, objeto_id=str(usuario.pk), datos__fecha=fecha.isoformat()
    ).count()


def _avisos(fecha: datetime.date) -> dict[int, Aviso]:
    avisos: dict[int, Aviso] = {}

    def aviso(usuario) -> Aviso:
        return avisos.setdefault(usuario.pk, Aviso(destinatario=usuario))

    unidades = UnidadAdministrativa.objects.filter(activa=True, responsable_archivo_tramite__is_active=True)
    for unidad in unidades.select_related("responsable_archivo_tramite"):
        responsable = unidad.responsable_archivo_tramite
        for c in calendario_caducidades(user=responsable, anio=fecha.year, unidad=unidad, hoy=fecha):
            aviso(responsable).caducidades[c.expediente.pk] = c
    coordinacion = get_user_model().objects.filter(groups__name=Rol.COORDINACION, is_active=True).distinct()
    for usuario in coordinacion:
        for c in calendario_caducidades(user=usuario, anio=fecha.year, hoy=fecha):
            aviso(usuario).caducidades[c.expediente.pk] = c
    for prestamo in prestamo_vencidos(fecha=fecha):
        for usuario in (prestamo.solicitante, prestamo.entregado_por):
            if usuario.is_active:
                aviso(usuario).prestamos[prestamo.pk] = prestamo
    return {pk: a for pk, a in avisos.items() if a.destinatario.email and (a.caducidades or a.prestamos)}


def _cuerpo(aviso: Aviso, fecha: datetime.date) -> str:
    lineas = [f"Avisos del Sistema de Archivos Institucional al {fecha:%d/%m/%Y}.", ""]
    if aviso.caducidades:
        lineas += ["Calendario de caducidades (vencidos o que vencen este año):", ""]
        for c in sorted(aviso.caducidades.values(), key=lambda c: (c.fecha_limite, natural_key(c.expediente.clave))):
            marca = "VENCIDO" if c.vencido else "vence"
            extra = " · con retención legal" if c.retenido else (" · en proceso" if c.en_proceso else "")
            lineas.append(
                f"- {c.expediente.clave} ({c.expediente.unidad.siglas}): {c.accion_display}, "
                f"{marca} el {c.fecha_limite:%d/%m/%Y}{extra}"
            )
        lineas += ["", f"Consulte el calendario: {settings.SAI_SITE_URL}{reverse('earchivo:calendario')}", ""]
    if aviso.prestamos:
        lineas += ["Préstamos vencidos:", ""]
        for p in sorted(aviso.prestamos.values(), key=lambda p: p.fecha_vencimiento):
            quien = p.solicitante.get_full_name() or p.solicitante.get_username()
            lineas.append(f"- {p.expediente.clave}: prestado a {quien}, venció el {p.fecha_vencimiento:%d/%m/%Y}")
        lineas += ["", f"Consulte los préstamos: {settings.SAI_SITE_URL}{reverse('earchivo:prestamo_list')}"]
    return "\n".join(lineas)


def calendario_notificar(*, fecha: datetime.date | None = None) -> dict:
    """Send today's notices, at most once per person per day; safe to run again (it sends only what is missing)."""
    fecha = fecha or timezone.localdate()
    enviados, omitidos = [], []
    for aviso in _avisos(fecha).values():
        usuario = aviso.destinatario
        if _ya_enviado(usuario, fecha):
            omitidos.append(usuario.get_username())
            continue
        try:
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action=ACCION,
                    obj=usuario,
                    data={
                        "fecha": fecha.isoformat(),
                        "caducidades": len(aviso.caducidades),
                        "prestamos_vencidos": len(aviso.prestamos),
                    },
                )
                # audit_record holds the bitácora head lock until commit, so a concurrent run waits here.
                if _ya_enviado(usuario, fecha) > 1:
                    raise _YaEnviado
                send_mail(
                    subject=f"SAI · Calendario de caducidades y préstamos vencidos al {fecha:%d/%m/%Y}",
                    message=_cuerpo(aviso, fecha),
                    from_email=None,
                    recipient_list=[usuario.email],
                )
        except _YaEnviado:
            omitidos.append(usuario.get_username())
            continue
        enviados.append(usuario.get_username())
    return {"fecha": fecha.isoformat(), "enviados": sorted(enviados), "omitidos": sorted(omitidos)}
