"""Semáforo colours at their boundaries (business days, across a weekend and a holiday) and the daily reminders."""

import datetime

import pytest
from django.core import mail

from eoficio.models import Recordatorio, Turno
from eoficio.services.recordatorios import recordatorios_enviar
from eoficio.services.semaforo import AMARILLO, ROJO, VERDE, cortes_para
from eoficio.services.turnos import Destino
from eoficio.tasks import turnos_recordar

pytestmark = pytest.mark.django_db
D = datetime.date
VIERNES = D(2026, 11, 13)  # then Sat 14, Sun 15, Mon 16 (Revolution holiday), Tue 17, Wed 18, Thu 19


@pytest.mark.parametrize(
    ("fecha_limite", "color"),
    [
        (D(2026, 11, 12), ROJO),  # overdue by one day
        (VIERNES, AMARILLO),  # due today: 0 business days left
        (D(2026, 11, 17), AMARILLO),  # 1 business day left (weekend and holiday do not count)
        (D(2026, 11, 18), AMARILLO),  # 2 left: the default threshold, still yellow
        (D(2026, 11, 19), VERDE),  # 3 left
    ],
)
def test_colores_en_los_limites(fecha_limite, color):
    assert cortes_para(VIERNES).color_de(fecha_limite) == color


def test_umbrales_configurables(settings):
    """SAI_SEMAFORO_AMARILLO_DIAS=0 leaves only the due day yellow; SAI_SEMAFORO_ROJO_DIAS=1 makes it red."""
    settings.SAI_SEMAFORO_AMARILLO_DIAS = 0
    cortes = cortes_para(VIERNES)
    assert cortes.color_de(VIERNES) == AMARILLO and cortes.color_de(D(2026, 11, 17)) == VERDE
    settings.SAI_SEMAFORO_ROJO_DIAS = 1
    settings.SAI_SEMAFORO_AMARILLO_DIAS = 1
    cortes = cortes_para(VIERNES)
    assert cortes.color_de(VIERNES) == ROJO and cortes.color_de(D(2026, 11, 17)) == AMARILLO


def test_filtro_en_base_de_datos_coincide_con_el_color(gestion):
    """The bandeja's database filter and the row colour agree for every boundary."""
    registro = gestion.registrar()
    fechas = [D(2026, 11, 12), VIERNES, D(2026, 11, 18), D(2026, 11, 19)]
    turnos = gestion.turnar(registro, gestion.dga, gestion.dj, gestion.oficialia_ua, gestion.dga)
    for turno, fecha in zip(turnos, fechas, strict=True):
        Turno.objects.filter(pk=turno.pk).update(fecha_limite=fecha)
    cortes = cortes_para(VIERNES)
    for color in (ROJO, AMARILLO, VERDE):
        esperado = {t.pk for t, f in zip(turnos, fechas, strict=True) if cortes.color_de(f) == color}
        assert set(Turno.objects.filter(cortes.q(color)).values_list("pk", flat=True)) == esperado


def _turno_que_vence(gestion, fecha, **kwargs):
    [turno] = gestion.turnar(gestion.registrar(), gestion.dga, **kwargs)
    Turno.objects.filter(pk=turno.pk).update(fecha_limite=fecha)
    return turno


def test_recordatorio_antes_y_despues_una_vez_al_dia(gestion):
    """Yellow → 'próximo a vencer', overdue → 'vencido', green → nothing; run twice, the second sends nothing."""
    previo = _turno_que_vence(gestion, D(2026, 11, 17))
    vencido = _turno_que_vence(gestion, D(2026, 11, 12))
    _turno_que_vence(gestion, D(2026, 11, 30))
    mail.outbox.clear()
    assert recordatorios_enviar(hoy=VIERNES) == 2
    assert Recordatorio.objects.get(turno=previo).tipo == Recordatorio.Tipo.PREVIO
    assert Recordatorio.objects.get(turno=vencido).tipo == Recordatorio.Tipo.VENCIDO
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == ["Turno próximo a vencer", "Turno vencido"]
    assert all(m.to == ["titular.dga@example.org"] for m in mail.outbox)
    assert recordatorios_enviar(hoy=VIERNES) == 0
    assert len(mail.outbox) == 2
    assert recordatorios_enviar(hoy=D(2026, 11, 17)) == 2  # a new day, a new reminder


def test_recordatorio_a_la_persona_y_no_a_turnos_cerrados(gestion):
    """A turno addressed to a person reminds that person; attended turnos are not reminded."""
    [turno] = gestion.turnar(gestion.registrar(), Destino(gestion.dga, gestion.analista_dga))
    Turno.objects.filter(pk=turno.pk).update(fecha_limite=VIERNES)
    cerrado = _turno_que_vence(gestion, VIERNES)
    Turno.objects.filter(pk=cerrado.pk).update(estado=Turno.Estado.ATENDIDO)
    mail.outbox.clear()
    assert recordatorios_enviar(hoy=VIERNES) == 1
    assert mail.outbox[0].to == ["analista.dga@example.org"]
    assert "Consúltelo en" in mail.outbox[0].body


def test_tarea_diaria(gestion):
    """The beat task calls the same service (today's date)."""
    assert isinstance(turnos_recordar.apply().get(), int)
