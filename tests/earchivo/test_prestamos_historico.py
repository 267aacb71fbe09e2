"""The Archivo Histórico lends (and gives for consultation) what it keeps; nobody else lends a histórico one."""

import datetime

import pytest
from django.urls import reverse

from earchivo.models import Expediente, Prestamo
from earchivo.services.prestamos import prestamo_create, prestamo_return
from sai.core.exceptions import PermissionDeniedError
from sai.org.models import Perfil
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado

pytestmark = pytest.mark.django_db
EN_UNA_SEMANA = datetime.date.today() + datetime.timedelta(days=7)


def _historico_y_consultante(make_user):
    """A histórico expediente of the consultant's own unidad (the producing area asks for it back to consult)."""
    consultante = make_user(Rol.CAPTURISTA)
    expediente = expediente_cerrado(unidad=consultante.perfil.unidad, etapa=Expediente.Etapa.HISTORICO)
    return expediente, consultante


def test_historico_lends_and_receives_back_its_expedientes(make_user):
    ah = make_user(Rol.HISTORICO)
    expediente, consultante = _historico_y_consultante(make_user)
    prestamo = prestamo_create(
        actor=ah, expediente=expediente, solicitante=consultante, fecha_vencimiento=EN_UNA_SEMANA
    )
    expediente.refresh_from_db()
    assert (prestamo.entregado_por, expediente.estado) == (ah, Expediente.Estado.EN_PRESTAMO)
    prestamo_return(actor=ah, prestamo=prestamo)
    expediente.refresh_from_db()
    assert (expediente.etapa, expediente.estado) == (Expediente.Etapa.HISTORICO, Expediente.Estado.CERRADO)


def test_consultation_in_the_reading_room_is_a_same_day_loan(make_user):
    """Consulta en sala: lent and due the same day, returned before closing."""
    ah = make_user(Rol.HISTORICO)
    expediente, consultante = _historico_y_consultante(make_user)
    hoy = datetime.date.today()
    prestamo = prestamo_create(
        actor=ah, expediente=expediente, solicitante=consultante, fecha_vencimiento=hoy, observaciones="Consulta"
    )
    assert prestamo.fecha_vencimiento == prestamo.fecha_prestamo == hoy
    assert prestamo_return(actor=ah, prestamo=prestamo).estado == Prestamo.Estado.DEVUELTO


def test_only_the_historico_lends_histórico_expedientes(make_user):
    """Neither Concentración nor the producing area's AT lend an expediente kept in the histórico."""
    expediente, consultante = _historico_y_consultante(make_user)
    at = make_user(Rol.RESPONSABLE_AT)
    Perfil.objects.filter(usuario=at).update(unidad=consultante.perfil.unidad)
    at.refresh_from_db()
    for actor in (make_user(Rol.CONCENTRACION), at):
        with pytest.raises(PermissionDeniedError):
            prestamo_create(
                actor=actor, expediente=expediente, solicitante=consultante, fecha_vencimiento=EN_UNA_SEMANA
            )
    assert not Prestamo.objects.exists()


def test_historico_lends_through_the_page(make_user):
    ah = make_user(Rol.HISTORICO)
    expediente, consultante = _historico_y_consultante(make_user)
    client = client_for(ah)
    detalle = client.get(reverse("earchivo:expediente_detail", args=[expediente.pk])).content.decode()
    assert "Prestar expediente" in detalle
    response = client.post(
        reverse("earchivo:prestamo_nuevo"),
        {"clave": expediente.clave, "solicitante": consultante.username, "fecha_vencimiento": EN_UNA_SEMANA},
    )
    assert response.status_code == 302
    assert Prestamo.objects.get().expediente_id == expediente.pk
