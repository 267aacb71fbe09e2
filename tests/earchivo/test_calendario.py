import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from earchivo.models import ClasificacionInformacion, DisposicionDocumental, Expediente, Prestamo
from earchivo.selectors.calendario import calendario_caducidades, calendario_resumen
from earchivo.services.calendario import calendario_notificar
from earchivo.services.prestamos import prestamo_create
from earchivo.services.retenciones import retencion_place
from earchivo.tasks import calendario_notificar as calendario_notificar_task
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from sai.schedule import BEAT_SCHEDULE
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado, hace, serie_con
from tests.earchivo.factories import ExpedienteFactory
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
HOY = datetime.date.today()
CONC = Expediente.Etapa.CONCENTRACION
T = DisposicionDocumental.Tecnica


def _por_clave(caducidades):
    return {c.expediente.clave: c for c in caducidades}


def test_lists_overdue_and_this_years_expedientes_with_what_is_due(make_user):
    """Trámite → primaria by fin_tramite; concentración → secundaria (conservación, muestreo) or baja (eliminación)."""
    coordinacion = make_user(Rol.COORDINACION)
    unidad = UnidadFactory()
    primaria = expediente_cerrado(unidad=unidad)
    secundaria = expediente_cerrado(unidad=unidad, etapa=CONC)
    muestreo = expediente_cerrado(unidad=unidad, etapa=CONC, serie=serie_con(tecnica=T.MUESTREO))
    baja = expediente_cerrado(unidad=unidad, etapa=CONC, serie=serie_con(tecnica=T.ELIMINACION))
    baja_directa = expediente_cerrado(unidad=unidad, serie=serie_con(tecnica=T.ELIMINACION, concentracion=0))
    filas = _por_clave(calendario_caducidades(user=coordinacion))
    esperado = {
        primaria.clave: ("primaria", primaria.fin_tramite),
        secundaria.clave: ("secundaria", secundaria.fin_concentracion),
        muestreo.clave: ("secundaria", muestreo.fin_concentracion),
        baja.clave: ("baja", baja.fin_concentracion),
        baja_directa.clave: ("baja", baja_directa.fin_concentracion),
    }
    assert {clave: (c.accion, c.fecha_limite) for clave, c in filas.items()} == esperado
    assert all(c.vencido for c in filas.values())


def test_due_this_year_is_listed_and_later_years_are_not(make_user):
    """An expediente due later this year is listed (not yet vencido); one due next year only in that year's view."""
    coordinacion = make_user(Rol.COORDINACION)
    unidad = UnidadFactory()
    este_anio = expediente_cerrado(unidad=unidad, fin_tramite=datetime.date(HOY.year, 12, 31))
    siguiente = expediente_cerrado(unidad=unidad, fin_tramite=datetime.date(HOY.year + 1, 1, 1))
    filas = _por_clave(calendario_caducidades(user=coordinacion))
    assert este_anio.clave in filas and siguiente.clave not in filas
    assert filas[este_anio.clave].vencido is (datetime.date(HOY.year, 12, 31) < HOY)
    assert siguiente.clave in _por_clave(calendario_caducidades(user=coordinacion, anio=HOY.year + 1))


def test_open_and_finished_expedientes_are_not_listed(make_user):
    """Open expedientes have no clocks; histórico and dado de baja ones have nothing left to do."""
    coordinacion = make_user(Rol.COORDINACION)
    unidad = UnidadFactory()
    ExpedienteFactory(unidad=unidad)
    expediente_cerrado(unidad=unidad, etapa=Expediente.Etapa.HISTORICO)
    expediente_cerrado(unidad=unidad, etapa=Expediente.Etapa.BAJA, estado=Expediente.Estado.DADO_DE_BAJA)
    assert calendario_caducidades(user=coordinacion) == []


def test_visibility_goes_through_the_access_door(make_user):
    """The AT sees its own unidad only, and not classified expedientes it has no grant for."""
    at = make_user(Rol.RESPONSABLE_AT)
    propio = expediente_cerrado(unidad=at.perfil.unidad)
    expediente_cerrado(unidad=at.perfil.unidad, clasificacion=ClasificacionInformacion.RESERVADA)
    expediente_cerrado(unidad=UnidadFactory())
    assert [c.expediente.clave for c in calendario_caducidades(user=at)] == [propio.clave]


def test_unidad_filter_and_summary_counts(make_user):
    """Filtering by unidad narrows the list; the summary counts per acción, overdue and held."""
    coordinacion = make_user(Rol.COORDINACION)
    unidad, otra = UnidadFactory(), UnidadFactory()
    retenido = expediente_cerrado(unidad=unidad)
    expediente_cerrado(unidad=unidad, etapa=CONC)
    expediente_cerrado(unidad=otra)
    retencion_place(actor=coordinacion, expediente=retenido, motivo="Auditoría")
    filas = calendario_caducidades(user=coordinacion, unidad=unidad)
    resumen = calendario_resumen(filas)
    assert resumen["total"] == 2 and resumen["vencidos"] == 2 and resumen["retenidos"] == 1
    assert {r["accion"]: r["total"] for r in resumen["por_accion"]} == {"primaria": 1, "secundaria": 1, "baja": 0}


def _con_responsable(make_user, email="at@example.org"):
    at = make_user(Rol.RESPONSABLE_AT, email=email)
    unidad = at.perfil.unidad
    unidad.responsable_archivo_tramite = at
    unidad.save()
    return at, unidad


def test_daily_notice_reaches_the_responsable_and_coordinacion_once_per_day(make_user):
    """The AT responsable gets its unidad's due expedientes, Coordinación all; a second run that day sends nothing."""
    at, unidad = _con_responsable(make_user)
    coordinacion = make_user(Rol.COORDINACION, email="coord@example.org")
    propio = expediente_cerrado(unidad=unidad)
    ajeno = expediente_cerrado(unidad=UnidadFactory())

    resultado = calendario_notificar()
    assert resultado["enviados"] == sorted([at.username, coordinacion.username])
    por_destinatario = {m.to[0]: m.body for m in mail.outbox}
    assert propio.clave in por_destinatario["at@example.org"]
    assert ajeno.clave not in por_destinatario["at@example.org"]
    assert (
        propio.clave in por_destinatario["coord@example.org"] and ajeno.clave in por_destinatario["coord@example.org"]
    )
    assert EntradaBitacora.objects.filter(accion="calendario.notificar", datos__fecha=HOY.isoformat()).count() == 2

    segundo = calendario_notificar()
    assert segundo["enviados"] == [] and len(mail.outbox) == 2


def test_next_day_sends_again(make_user):
    """The once-per-day rule is per date: tomorrow's run e-mails again."""
    _con_responsable(make_user)
    expediente_cerrado(unidad=UnidadFactory())
    make_user(Rol.COORDINACION, email="coord@example.org")
    calendario_notificar(fecha=HOY)
    calendario_notificar(fecha=HOY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_nobody_is_mailed_when_nothing_is_due(make_user):
    """No due expediente and no overdue loan: no e-mail and no record."""
    _con_responsable(make_user)
    expediente_cerrado(unidad=UnidadFactory(), anio=HOY.year)
    assert calendario_notificar()["enviados"] == []
    assert mail.outbox == []


def test_overdue_loan_notice_goes_to_solicitante_and_lender_once_per_day(make_user):
    """An overdue préstamo is e-mailed to who has it and who lent it, once a day."""
    at = make_user(Rol.RESPONSABLE_AT, email="presta@example.org")
    solicitante = make_user(Rol.AUDITOR, email="pide@example.org")
    expediente = expediente_cerrado(unidad=at.perfil.unidad, anio=HOY.year)
    prestamo = prestamo_create(
        actor=at, expediente=expediente, solicitante=solicitante, fecha_vencimiento=HOY, observaciones=""
    )
    Prestamo.objects.filter(pk=prestamo.pk).update(fecha_prestamo=hace(20), fecha_vencimiento=hace(5))
    calendario_notificar()
    calendario_notificar()
    assert sorted(m.to[0] for m in mail.outbox) == ["pide@example.org", "presta@example.org"]
    assert all(expediente.clave in m.body and "Préstamos vencidos" in m.body for m in mail.outbox)


def test_celery_task_runs_the_notice_and_is_scheduled_daily(make_user):
    """The beat entry names the task, and the task (eager here) sends the notice and returns the summary."""
    _con_responsable(make_user)
    assert BEAT_SCHEDULE["earchivo-calendario-diario"]["task"] == "earchivo.tasks.calendario_notificar"
    assert calendario_notificar_task.name == "earchivo.tasks.calendario_notificar"
    expediente_cerrado(unidad=make_user().perfil.unidad)
    make_user(Rol.COORDINACION, email="coord@example.org")
    resultado = calendario_notificar_task.apply().get()
    assert len(resultado["enviados"]) == 1 and len(mail.outbox) == 1


# --- page and API ---------------------------------------------------------------------------------------------


def test_page_lists_due_expedientes_and_filters_by_unidad(make_user, django_assert_max_num_queries):
    """The calendario page shows the counts and rows the user may see, filtered by unidad, in few queries."""
    coordinacion = make_user(Rol.COORDINACION)
    unidad, otra = UnidadFactory(), UnidadFactory()
    propios = [expediente_cerrado(unidad=unidad) for _ in range(3)]
    ajeno = expediente_cerrado(unidad=otra)
    client = client_for(coordinacion)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("earchivo:calendario"), {"unidad": unidad.pk, "anio": HOY.year})
    assert response.status_code == 200
    html = response.content.decode()
    assert all(e.clave in html for e in propios) and ajeno.clave not in html
    assert "Transferencia primaria: 3" in html


def test_page_is_refused_without_the_archive_module(make_user):
    """An Administrador (no archive module) and a user without roles get 403."""
    for user in (make_user(Rol.ADMINISTRADOR), make_user()):
        assert client_for(user).get(reverse("earchivo:calendario")).status_code == 403


def test_api_lists_the_calendar(make_user):
    """GET /api/v1/archivo/calendario/ returns each row with what is due; refused without permission."""
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    response = client_for(at).get("/api/v1/archivo/calendario/")
    assert response.status_code == 200
    [fila] = response.json()["results"]
    assert fila["expediente"]["clave"] == expediente.clave and fila["accion"] == "primaria" and fila["vencido"]
    assert client_for(make_user(Rol.ADMINISTRADOR)).get("/api/v1/archivo/calendario/").status_code == 403
    assert Client().get("/api/v1/archivo/calendario/").status_code in (401, 403)
