"""Business days: weekends, Mexico's official holidays and the institution's días inhábiles; working hours."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sai.audit.models import EntradaBitacora
from sai.calendario.models import DiaInhabil
from sai.calendario.services import (
    Calendario,
    dia_habil,
    dia_inhabil_create,
    dias_habiles_entre,
    dias_habiles_sumar,
    recepcion_efectiva,
)
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol

pytestmark = pytest.mark.django_db
CDMX = zoneinfo.ZoneInfo("America/Mexico_City")
D = datetime.date


def test_revolucion_y_fin_de_semana_no_son_habiles():
    """Monday 16-Nov-2026 (Revolution day, moved to Monday) and the weekend before it are not business days."""
    assert not dia_habil(D(2026, 11, 14))
    assert not dia_habil(D(2026, 11, 15))
    assert not dia_habil(D(2026, 11, 16))
    assert dia_habil(D(2026, 11, 13))
    assert dia_habil(D(2026, 11, 17))


def test_plazo_cruza_fin_de_semana_y_feriado():
    """Three business days from Friday 13-Nov-2026 skip Sat, Sun and Monday's holiday: Thursday 19-Nov."""
    assert dias_habiles_sumar(D(2026, 11, 13), 1) == D(2026, 11, 17)
    assert dias_habiles_sumar(D(2026, 11, 13), 3) == D(2026, 11, 19)
    assert dias_habiles_entre(D(2026, 11, 13), D(2026, 11, 19)) == 3
    assert dias_habiles_entre(D(2026, 11, 19), D(2026, 11, 13)) == -3
    assert dias_habiles_entre(D(2026, 11, 13), D(2026, 11, 16)) == 0


def test_dia_inhabil_institucional_alarga_el_plazo(make_user):
    """A día inhábil declared by Administración is skipped like a holiday, and the declaration is audited."""
    admin = make_user(Rol.ADMINISTRADOR)
    assert dias_habiles_sumar(D(2026, 11, 17), 2) == D(2026, 11, 19)
    dia = dia_inhabil_create(actor=admin, fecha=D(2026, 11, 18), descripcion="Acuerdo 12/2026")
    assert not dia_habil(D(2026, 11, 18))
    assert dias_habiles_sumar(D(2026, 11, 17), 2) == D(2026, 11, 20)
    assert EntradaBitacora.objects.filter(accion="calendario.dia_inhabil.crear", objeto_id=str(dia.pk)).exists()


def test_dia_inhabil_rechazos(make_user):
    """Only Administración declares días inhábiles; a reason is required; a day is declared once."""
    admin, capturista = make_user(Rol.ADMINISTRADOR), make_user(Rol.CAPTURISTA)
    with pytest.raises(PermissionDeniedError):
        dia_inhabil_create(actor=capturista, fecha=D(2026, 12, 24), descripcion="Nochebuena")
    with pytest.raises(ApplicationError) as exc:
        dia_inhabil_create(actor=admin, fecha=D(2026, 12, 24), descripcion=" ")
    assert "descripcion" in exc.value.errors
    dia_inhabil_create(actor=admin, fecha=D(2026, 12, 24), descripcion="Nochebuena")
    with pytest.raises(ConflictError):
        dia_inhabil_create(actor=admin, fecha=D(2026, 12, 24), descripcion="Otra vez")
    assert DiaInhabil.objects.count() == 1


@pytest.mark.parametrize(
    ("momento", "efectiva"),
    [
        (datetime.datetime(2026, 11, 13, 10, 0, tzinfo=CDMX), D(2026, 11, 13)),  # friday, office hours
        (datetime.datetime(2026, 11, 13, 8, 0, tzinfo=CDMX), D(2026, 11, 13)),  # before opening: same day
        (datetime.datetime(2026, 11, 13, 18, 0, tzinfo=CDMX), D(2026, 11, 17)),  # at closing: next business day
        (datetime.datetime(2026, 11, 14, 11, 0, tzinfo=CDMX), D(2026, 11, 17)),  # saturday
        (datetime.datetime(2026, 11, 16, 11, 0, tzinfo=CDMX), D(2026, 11, 17)),  # holiday
    ],
)
def test_recepcion_fuera_de_horario_cuenta_desde_el_siguiente_habil(momento, efectiva):
    assert recepcion_efectiva(momento) == efectiva


def test_horario_configurable(settings):
    """SAI_HORARIO_FIN decides when the office closes."""
    settings.SAI_HORARIO_FIN = datetime.time(15, 0)
    assert recepcion_efectiva(datetime.datetime(2026, 11, 13, 16, 0, tzinfo=CDMX)) == D(2026, 11, 17)


def test_calendario_consulta_una_vez_por_anio(django_assert_num_queries):
    """Counting across a month costs one query for the year's institutional days."""
    calendario = Calendario()
    with django_assert_num_queries(1):
        assert calendario.entre(D(2026, 11, 1), D(2026, 11, 30)) == 20


def test_pagina_administracion(make_user, client):
    """Administración sees the year's days and declares one; a Capturista is refused."""
    admin = make_user(Rol.ADMINISTRADOR)
    client.force_login(admin)
    url = reverse("calendario:dias_inhabiles")
    page = client.get(url, {"anio": 2026})
    assert page.status_code == 200
    assert "Revolución" in page.content.decode()
    response = client.post(url, {"fecha": "2026-12-31", "descripcion": "Cierre de año"})
    assert response.status_code == 302
    assert DiaInhabil.objects.filter(fecha=D(2026, 12, 31)).exists()
    client.force_login(make_user(Rol.CAPTURISTA))
    assert client.get(url).status_code == 403


def test_api_dias_inhabiles(make_user):
    """GET lists official + institutional days; POST by a non-administrator is 403; bad data names the field."""
    api = APIClient()
    api.force_authenticate(make_user(Rol.CAPTURISTA))
    dias = api.get("/api/v1/calendario/dias-inhabiles/", {"anio": 2026}).json()
    assert next(d for d in dias if d["fecha"] == "2026-11-16")["origen"] == "oficial"
    refused = api.post("/api/v1/calendario/dias-inhabiles/", {"fecha": "2026-12-31", "descripcion": "x"})
    assert refused.status_code == 403
    api.force_authenticate(make_user(Rol.ADMINISTRADOR))
    bad = api.post("/api/v1/calendario/dias-inhabiles/", {"fecha": "no", "descripcion": "x"}, format="json")
    assert bad.status_code == 400 and "fecha" in bad.json()["errors"]
    ok = api.post("/api/v1/calendario/dias-inhabiles/", {"fecha": "2026-12-31", "descripcion": "Cierre"}, format="json")
    assert ok.status_code == 201
    assert api.delete(f"/api/v1/calendario/dias-inhabiles/{ok.json()['id']}/").status_code == 204
    plazo = api.post("/api/v1/calendario/plazo/", {"desde": "2026-11-13", "dias": 3}, format="json").json()
    assert plazo["fecha_limite"] == "2026-11-19"
