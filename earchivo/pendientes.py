"""E-archivo's "Mis pendientes" sources: transferencias to review or receive, overdue préstamos, caducidades.

Each source answers through the access selectors (what the user may see) and only for people who may open the
archive module, where the "Ver todos" link leads; count and list are one query each.
"""

import calendar
import datetime

from django.urls import reverse
from django.utils import timezone

from earchivo.models import Transferencia
from earchivo.permissions import (
    ARCHIVO,
    PREPARAR_TRANSFERENCIA,
    REVISAR_TRANSFERENCIA,
    SOLICITAR_BAJA,
    VER_PRESTAMOS,
    VER_TRANSFERENCIAS,
    holds,
)
from earchivo.selectors.calendario import ACCIONES, BAJA, accion_debida, caducidades_pendientes
from earchivo.selectors.ciclo import prestamo_list_for_user, transferencias_por_atender
from sai.core.pendientes import FuenteConsulta, Pendiente, register


class TransferenciasPorAtender(FuenteConsulta):
    clave = "earchivo.transferencias"
    etiqueta = "Transferencias por revisar o recibir"
    vista = "earchivo:transferencia_list"

    def consulta(self, user):
        return transferencias_por_atender(user=user) if holds(user, ARCHIVO, VER_TRANSFERENCIAS) else None

    def pendiente(self, t: Transferencia, user) -> Pendiente:
        paso = "Por revisar" if t.estado == Transferencia.Estado.PREPARADA else "Por recibir"
        return Pendiente(
            titulo=str(t),
            enlace=reverse("earchivo:transferencia_detalle", args=[t.pk]),
            detalle=f"{paso} · {t.unidad.nombre} · preparada el {timezone.localdate(t.preparada):%d/%m/%Y}",
        )


class PrestamosVencidos(FuenteConsulta):
    clave = "earchivo.prestamos_vencidos"
    etiqueta = "Préstamos vencidos"
    vista = "earchivo:prestamo_list"

    @property
    def enlace(self) -> str:
        return super().enlace + "?estado=vencidos"

    def consulta(self, user):
        if not holds(user, ARCHIVO, VER_PRESTAMOS):
            return None
        return prestamo_list_for_user(user=user, estado="vencidos").order_by("fecha_vencimiento", "pk")

    def pendiente(self, p, user) -> Pendiente:
        solicitante = p.solicitante.get_full_name() or p.solicitante.get_username()
        return Pendiente(
            titulo=f"Expediente {p.expediente.clave}",
            enlace=reverse("earchivo:expediente_detail", args=[p.expediente_id]),
            detalle=f"Prestado a {solicitante}",
            fecha_limite=p.fecha_vencimiento,
            semaforo="rojo",
        )


def fin_de_mes(hoy: datetime.date) -> datetime.date:
    return hoy.replace(day=calendar.monthrange(hoy.year, hoy.month)[1])


class CaducidadesDelMes(FuenteConsulta):
    """Expedientes whose plazo ends this month (or already ended) for those who transfer or request bajas."""

    clave = "earchivo.caducidades"
    etiqueta = "Caducidades del mes"
    vista = "earchivo:calendario"

    def consulta(self, user):
        if not holds(user, ARCHIVO) or not any(
            user.has_perm(p) for p in (PREPARAR_TRANSFERENCIA, SOLICITAR_BAJA, REVISAR_TRANSFERENCIA)
        ):
            return None
        return caducidades_pendientes(user=user, hasta=fin_de_mes(timezone.localdate()))

    def pendiente(self, expediente, user) -> Pendiente:
        accion = accion_debida(expediente)
        # As in the calendario: a baja straight from trámite is due when the (zero-year) concentración ends.
        fecha = expediente.fin_concentracion if accion == BAJA else expediente.fecha_limite
        return Pendiente(
            titulo=f"{expediente.clave} {expediente.titulo}",
            enlace=reverse("earchivo:expediente_detail", args=[expediente.pk]),
            detalle=ACCIONES[accion],
            fecha_limite=fecha,
            semaforo="rojo" if fecha < timezone.localdate() else "amarillo",
        )


def register_all() -> None:
    for fuente in (TransferenciasPorAtender(), PrestamosVencidos(), CaducidadesDelMes()):
        register(fuente)
