"""The unidad's dashboard: turnos by semáforo, average response time in business days, overdue list, volume."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eoficio.models import Turno
from eoficio.selectors_tablero import _meses, tablero_unidad
from eoficio.services.semaforo import cortes_hoy
from sai.calendario.services import Calendario

pytestmark = pytest.mark.django_db


def test_tablero_cuenta_por_color_y_promedia_respuesta(gestion):
    hoy = timezone.localdate()
    cortes, calendario = cortes_hoy(), Calendario()
    fechas = [hoy - datetime.timedelta(days=3), cortes.rojo_hasta, cortes.verde_desde, cortes.verde_desde]
    turnos = []
    for fecha in fechas:
        [turno] = gestion.turnar(gestion.registrar(), gestion.dga)
        Turno.objects.filter(pk=turno.pk).update(fecha_limite=fecha)
        turnos.append(turno)
    # One attended turno held from a Friday to the next Thursday across the 16-Nov-2026 holiday: 3 business days.
    inicio = datetime.datetime(2026, 11, 13, 10, tzinfo=timezone.get_current_timezone())
    fin = datetime.datetime(2026, 11, 19, 10, tzinfo=timezone.get_current_timezone())
    assert calendario.entre(inicio.date(), fin.date()) == 3
    Turno.objects.filter(pk=turnos[3].pk).update(estado=Turno.Estado.ATENDIDO, turnado=inicio, cerrado=fin)
    tablero = tablero_unidad(unidad=gestion.dga)
    assert tablero.por_semaforo == {"verde": 1, "amarillo": 1, "rojo": 1}
    assert tablero.promedio_respuesta == 3.0
    assert [t.pk for t in tablero.vencidos] == [turnos[0].pk]
    en_la_ventana = 3 + (inicio.date() >= _meses(hoy)[0])  # the attended one counts while Nov 2026 is in the chart
    assert sum(b.valor for b in tablero.barras_mes) == en_la_ventana
    assert tablero_unidad(unidad=gestion.dj).por_semaforo == {"verde": 0, "amarillo": 0, "rojo": 0}


def test_pagina_del_tablero_con_graficas(gestion, client, django_assert_max_num_queries):
    """Server-rendered SVG charts, no external script; only the user's own unidad."""
    gestion.turnar(gestion.registrar(), gestion.dga)
    client.force_login(gestion.titular_dga)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("eoficio:tablero")).content.decode()
    assert "<svg" in page and "Turnos por semáforo" in page
    assert 'src="http' not in page and 'href="http' not in page
    assert gestion.dga.nombre in page
    client.force_login(gestion.titular_dj)
    assert gestion.dga.nombre not in client.get(reverse("eoficio:tablero")).content.decode()
