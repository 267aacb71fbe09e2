"""Turnos: turning to several unidades with c.c., deadlines in business days, re-turnos bounded by their parent,
states, acuse, conclusion, and who may do each."""

import pytest
from django.utils import timezone

from eoficio.models import Registro, Turno
from eoficio.selectors_gestion import registro_get_for_user, registro_list_for_user, turno_bandeja
from eoficio.services.turnos import Destino, asunto_concluir, turno_acusar, turno_create, turno_estado_cambiar
from sai.audit.models import EntradaBitacora
from sai.calendario.services import Calendario
from sai.core.exceptions import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from sai.org.roles import Rol
from tests.eoficio.gestion_fixtures import persona

pytestmark = pytest.mark.django_db


def _plazo(dias: int):
    calendario = Calendario()
    return calendario.sumar(calendario.recepcion_efectiva(timezone.now()), dias)


def test_turno_multiple_con_copia(gestion):
    """One turno per destination; the c.c. has no deadline; the registro becomes turnado; each turno audited."""
    registro = gestion.registrar()
    turnos = gestion.turnar(
        registro, gestion.dga, Destino(unidad=gestion.dj, copia=True), Destino(gestion.dga, gestion.analista_dga)
    )
    assert [t.unidad.siglas for t in turnos] == ["DGA", "DJ", "DGA"]
    assert turnos[0].fecha_limite == _plazo(5) and turnos[0].plazo_dias == 5
    assert turnos[1].copia and turnos[1].fecha_limite is None
    assert turnos[2].destinatario == gestion.analista_dga
    registro.refresh_from_db()
    assert registro.estado == Registro.Estado.TURNADO
    assert EntradaBitacora.objects.filter(accion="turno.crear").count() == 3


def test_turno_rechazos_con_campo(gestion, make_user):
    """No destination, no plazo, a person outside the unidad: each named on its field."""
    registro = gestion.registrar()
    with pytest.raises(ApplicationError) as exc:
        turno_create(actor=gestion.oficialia, registro=registro, destinos=[], instruccion=None, plazo_dias=None)
    assert {"destinos", "instruccion"} <= set(exc.value.errors)
    with pytest.raises(ApplicationError) as exc:
        gestion.turnar(registro, Destino(gestion.dga, gestion.titular_dj), plazo=0)
    assert {"destinos", "plazo_dias"} <= set(exc.value.errors)
    assert not Turno.objects.exists()


def test_solo_la_oficialia_que_registro_turna(gestion):
    """Another unidad's titular cannot turn a registro that is not theirs (not even see it)."""
    registro = gestion.registrar()
    with pytest.raises(PermissionDeniedError):
        gestion.turnar(registro, gestion.dj, actor=gestion.titular_dga)
    otra_oficialia = persona(gestion.dj, Rol.OFICIALIA)
    with pytest.raises(PermissionDeniedError):
        gestion.turnar(registro, gestion.dga, actor=otra_oficialia)
    with pytest.raises(NotFoundError):
        registro_get_for_user(user=otra_oficialia, id=registro.id)


def test_returno_no_excede_el_plazo_del_origen(gestion):
    """A re-turno with a longer plazo than its parent is refused with the reason; a shorter one is a child."""
    registro = gestion.registrar()
    [padre] = gestion.turnar(registro, gestion.dga, plazo=5)
    with pytest.raises(ApplicationError) as exc:
        gestion.turnar(registro, gestion.dj, plazo=6, actor=gestion.titular_dga, padre=padre)
    assert "no puede exceder el plazo de su origen" in exc.value.errors["plazo_dias"][0]
    [hijo] = gestion.turnar(registro, gestion.dj, plazo=3, actor=gestion.titular_dga, padre=padre)
    assert hijo.padre == padre and hijo.origen == gestion.dga and hijo.fecha_limite <= padre.fecha_limite


def test_returno_solo_de_quien_lo_tiene(gestion):
    """DJ cannot re-turn DGA's turno; a c.c. is never re-turned; a Capturista lacks the permission."""
    registro = gestion.registrar()
    padre, copia = gestion.turnar(registro, gestion.dga, Destino(gestion.dj, copia=True))
    with pytest.raises(PermissionDeniedError):
        gestion.turnar(registro, gestion.dj, plazo=1, actor=gestion.titular_dj, padre=padre)
    with pytest.raises(ConflictError):
        gestion.turnar(registro, gestion.dga, plazo=1, actor=gestion.titular_dj, padre=copia)
    with pytest.raises(PermissionDeniedError):
        gestion.turnar(registro, gestion.dj, plazo=1, actor=gestion.analista_dga, padre=padre)


def test_acuse_la_primera_vez_que_la_unidad_lo_abre(gestion):
    """The first opening by the receiving unidad stamps the acuse once; others do not."""
    registro = gestion.registrar()
    [turno] = gestion.turnar(registro, gestion.dga)
    assert not turno_acusar(actor=gestion.titular_dj, turno=turno)
    assert turno_acusar(actor=gestion.analista_dga, turno=turno)
    assert not turno_acusar(actor=gestion.titular_dga, turno=turno)
    turno.refresh_from_db()
    assert turno.acuse_por == gestion.analista_dga and turno.acuse is not None
    assert EntradaBitacora.objects.filter(accion="turno.acuse", objeto_id=str(turno.pk)).count() == 1


def test_estados_y_transiciones_invalidas(gestion):
    """turnado → en atención → atendido (with a note); backwards or by another unidad is refused with the reason."""
    registro = gestion.registrar()
    [turno, copia] = gestion.turnar(registro, gestion.dga, Destino(gestion.dj, copia=True))
    with pytest.raises(PermissionDeniedError):
        turno_estado_cambiar(actor=gestion.titular_dj, turno=turno, estado=Turno.Estado.EN_ATENCION)
    with pytest.raises(ConflictError):
        turno_estado_cambiar(actor=gestion.titular_dj, turno=copia, estado=Turno.Estado.EN_ATENCION)
    turno = turno_estado_cambiar(actor=gestion.analista_dga, turno=turno, estado=Turno.Estado.EN_ATENCION)
    assert turno.acuse is not None  # acting on it is receiving it
    with pytest.raises(ApplicationError) as exc:
        turno_estado_cambiar(actor=gestion.analista_dga, turno=turno, estado=Turno.Estado.ATENDIDO)
    assert "nota" in exc.value.errors
    turno = turno_estado_cambiar(actor=gestion.analista_dga, turno=turno, estado=Turno.Estado.ATENDIDO, nota="Ok")
    assert turno.cerrado is not None
    with pytest.raises(ConflictError) as exc:
        turno_estado_cambiar(actor=gestion.analista_dga, turno=turno, estado=Turno.Estado.EN_ATENCION)
    assert "no puede pasar" in exc.value.message


def test_concluir_asunto_cierra_sus_turnos(gestion):
    """An explicit conclusion needs a reason, closes every open turno, and refuses further turnos."""
    registro = gestion.registrar()
    [turno] = gestion.turnar(registro, gestion.dga)
    with pytest.raises(ApplicationError) as exc:
        asunto_concluir(actor=gestion.titular_dga, registro=registro, motivo="  ")
    assert "motivo" in exc.value.errors
    with pytest.raises(PermissionDeniedError):
        asunto_concluir(actor=gestion.titular_dj, registro=registro, motivo="No es nuestro")
    registro = asunto_concluir(actor=gestion.titular_dga, registro=registro, motivo="Atendido en reunión")
    assert registro.estado == Registro.Estado.CONCLUIDO and registro.motivo_conclusion == "Atendido en reunión"
    turno.refresh_from_db()
    assert turno.estado == Turno.Estado.CONCLUIDO
    with pytest.raises(ConflictError):
        asunto_concluir(actor=gestion.titular_dga, registro=registro, motivo="otra vez")
    with pytest.raises(ConflictError):
        gestion.turnar(registro, gestion.dj)
    assert EntradaBitacora.objects.filter(accion="registro.concluir", objeto_id=str(registro.pk)).exists()


def test_concluir_con_respuesta(gestion):
    """Closing by its answer (wired to the oficio at merge): the reason says so; no extra permission needed."""
    registro = gestion.registrar()
    gestion.turnar(registro, gestion.dga)
    registro = asunto_concluir(actor=gestion.analista_dga, registro=registro, respuesta="DGA/0001/2026")
    assert registro.respuesta == "DGA/0001/2026" and "DGA/0001/2026" in registro.motivo_conclusion


def test_visibilidad(gestion):
    """Oficialía of the registering unidad, turnados and c.c. see a registro; an unrelated unidad does not."""
    registro = gestion.registrar()
    otro = gestion.registrar(asunto="Otro asunto")
    gestion.turnar(registro, gestion.dga)
    assert set(registro_list_for_user(user=gestion.oficialia)) == {registro, otro}
    assert list(registro_list_for_user(user=gestion.analista_dga)) == [registro]
    assert list(registro_list_for_user(user=gestion.titular_dj)) == []
    gestion.turnar(registro, Destino(gestion.dj, copia=True))
    assert list(registro_list_for_user(user=gestion.titular_dj)) == [registro]


def test_listas_por_devolver_y_en_espera(gestion):
    """DGA holds it (por devolver); when DGA re-turns to DJ, DGA waits for DJ's answer (en espera)."""
    registro = gestion.registrar()
    [padre] = gestion.turnar(registro, gestion.dga)
    [hijo] = gestion.turnar(registro, gestion.dj, plazo=2, actor=gestion.titular_dga, padre=padre)
    assert list(turno_bandeja(user=gestion.titular_dga)) == [padre]
    assert list(turno_bandeja(user=gestion.titular_dga, lista="en_espera")) == [hijo]
    assert list(turno_bandeja(user=gestion.titular_dj)) == [hijo]
    assert list(turno_bandeja(user=gestion.oficialia, lista="en_espera")) == [padre]
