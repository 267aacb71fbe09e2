import datetime

import pytest
from django.urls import reverse

from earchivo.models import ClasificacionInformacion, Expediente, Prestamo
from earchivo.selectors.ciclo import prestamo_list_for_user, prestamo_vencidos
from earchivo.services.prestamos import prestamo_create, prestamo_return
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.models import Perfil
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado, hace
from tests.earchivo.factories import ExpedienteFactory
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
EN_UNA_SEMANA = datetime.date.today() + datetime.timedelta(days=7)


def colega(make_user, usuario, *roles, **kwargs):
    """Another user in the same unidad as `usuario`."""
    otro = make_user(*roles, **kwargs)
    Perfil.objects.filter(usuario=otro).update(unidad=usuario.perfil.unidad)
    otro.refresh_from_db()
    return otro


def _prestar(actor, expediente, solicitante, **kwargs):
    kwargs.setdefault("fecha_vencimiento", EN_UNA_SEMANA)
    return prestamo_create(actor=actor, expediente=expediente, solicitante=solicitante, **kwargs)


def test_lending_an_open_expediente_and_returning_it_restores_abierto(make_user):
    """The AT lends its unidad's open expediente: en_prestamo while out, abierto again once returned."""
    at = make_user(Rol.RESPONSABLE_AT)
    solicitante = colega(make_user, at, Rol.CAPTURISTA)
    expediente = ExpedienteFactory(unidad=at.perfil.unidad)
    prestamo = _prestar(at, expediente, solicitante, observaciones="Para cotejo")
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.EN_PRESTAMO
    assert (prestamo.entregado_por, prestamo.fecha_prestamo) == (at, datetime.date.today())
    prestamo = prestamo_return(actor=at, prestamo=prestamo)
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.ABIERTO
    assert (prestamo.estado, prestamo.recibido_por, prestamo.fecha_devolucion) == (
        Prestamo.Estado.DEVUELTO,
        at,
        datetime.date.today(),
    )


def test_returning_a_closed_expediente_restores_cerrado(make_user):
    """A closed expediente comes back closed."""
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    prestamo = _prestar(at, expediente, colega(make_user, at, Rol.CAPTURISTA))
    prestamo_return(actor=at, prestamo=prestamo)
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.CERRADO


def test_loan_and_return_are_audited(make_user):
    """Both movements are in the bitácora, on the expediente, with the solicitante."""
    at = make_user(Rol.RESPONSABLE_AT)
    solicitante = colega(make_user, at, Rol.CAPTURISTA)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    prestamo_return(actor=at, prestamo=_prestar(at, expediente, solicitante))
    acciones = list(
        EntradaBitacora.objects.filter(objeto_id=str(expediente.pk), accion__startswith="prestamo.").values_list(
            "accion", "datos__solicitante"
        )
    )
    assert acciones == [("prestamo.crear", solicitante.username), ("prestamo.devolver", solicitante.username)]


def test_concentracion_lends_what_it_keeps(make_user):
    """Concentración lends concentración expedientes of any unidad; the area's AT cannot lend those."""
    ac = make_user(Rol.CONCENTRACION)
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=at.perfil.unidad, etapa=Expediente.Etapa.CONCENTRACION)
    with pytest.raises(PermissionDeniedError):
        _prestar(at, expediente, at)
    prestamo = _prestar(ac, expediente, at)
    assert prestamo.expediente_id == expediente.pk


def test_at_cannot_lend_another_unidads_expediente(make_user):
    """Neither another area's AT nor Concentración lend an expediente still in an area's archivo de trámite."""
    at, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.CONCENTRACION)
    ajeno = expediente_cerrado(unidad=UnidadFactory())
    for actor in (at, ac):
        with pytest.raises(PermissionDeniedError):
            _prestar(actor, ajeno, actor)
    assert not Prestamo.objects.exists()


def test_already_lent_expediente_is_refused(make_user):
    """A second loan of the same expediente is a conflict that says who has it."""
    at = make_user(Rol.RESPONSABLE_AT)
    solicitante = colega(make_user, at, Rol.CAPTURISTA, first_name="Rosa", last_name="Luna")
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    _prestar(at, expediente, solicitante)
    with pytest.raises(ConflictError) as exc:
        _prestar(at, expediente, at)
    assert "Rosa Luna" in exc.value.message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"estado": Expediente.Estado.TRANSFERIDO},
        {"estado": Expediente.Estado.DADO_DE_BAJA, "etapa": Expediente.Etapa.BAJA},
    ],
)
def test_expedientes_in_process_are_not_lent(make_user, kwargs):
    """Transferido and dado de baja expedientes are not lent (histórico: tests/earchivo/test_prestamos_historico.py)."""
    at = make_user(Rol.RESPONSABLE_AT, Rol.CONCENTRACION)
    expediente = expediente_cerrado(unidad=at.perfil.unidad, **kwargs)
    with pytest.raises(ConflictError):
        _prestar(at, expediente, at)


def test_due_date_cannot_be_in_the_past(make_user):
    """The fecha de vencimiento field is checked."""
    at = make_user(Rol.RESPONSABLE_AT)
    with pytest.raises(ApplicationError) as exc:
        _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at, fecha_vencimiento=hace(1))
    assert "fecha_vencimiento" in exc.value.errors


def test_solicitante_must_be_allowed_to_see_the_expediente(make_user):
    """A classified expediente is not lent to someone who may not consult it."""
    at = make_user(Rol.RESPONSABLE_AT)
    colega_sin_permiso = colega(make_user, at, Rol.CAPTURISTA)
    reservado = expediente_cerrado(unidad=at.perfil.unidad, clasificacion=ClasificacionInformacion.RESERVADA)
    with pytest.raises(ApplicationError) as exc:
        _prestar(at, reservado, colega_sin_permiso)
    assert "solicitante" in exc.value.errors


def test_users_without_the_permission_cannot_lend_nor_receive(make_user):
    """A Capturista of the same unidad can neither lend nor receive a loan back."""
    at = make_user(Rol.RESPONSABLE_AT)
    capturista = colega(make_user, at, Rol.CAPTURISTA)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    with pytest.raises(PermissionDeniedError):
        _prestar(capturista, expediente, capturista)
    prestamo = _prestar(at, expediente, capturista)
    with pytest.raises(PermissionDeniedError):
        prestamo_return(actor=capturista, prestamo=prestamo)


def test_returning_twice_is_a_conflict(make_user):
    """A returned loan cannot be returned again."""
    at = make_user(Rol.RESPONSABLE_AT)
    prestamo = _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at)
    prestamo_return(actor=at, prestamo=prestamo)
    with pytest.raises(ConflictError):
        prestamo_return(actor=at, prestamo=prestamo)


def test_overdue_selector_lists_only_active_loans_past_due(make_user):
    """Overdue = still lent and past the fecha de vencimiento; returned or not yet due ones are not."""
    at = make_user(Rol.RESPONSABLE_AT)
    vencido = _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at)
    al_dia = _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at)
    devuelto = _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at)
    Prestamo.objects.filter(pk__in=[vencido.pk, devuelto.pk]).update(fecha_prestamo=hace(30), fecha_vencimiento=hace(2))
    prestamo_return(actor=at, prestamo=devuelto)
    assert list(prestamo_vencidos()) == [vencido]
    assert list(prestamo_list_for_user(user=at, estado="vencidos")) == [vencido]
    assert set(prestamo_list_for_user(user=at, estado="activos")) == {vencido, al_dia}


# --- pages and API ------------------------------------------------------------------------------------------------


def test_pages_lend_list_and_return(make_user):
    """The AT lends by clave and username, sees it among the active loans, and records the return."""
    at = make_user(Rol.RESPONSABLE_AT)
    solicitante = colega(make_user, at, Rol.CAPTURISTA)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    client = client_for(at)
    response = client.post(
        reverse("earchivo:prestamo_nuevo"),
        {
            "clave": expediente.clave,
            "solicitante": solicitante.username,
            "fecha_vencimiento": EN_UNA_SEMANA.isoformat(),
        },
    )
    assert response.status_code == 302
    prestamo = Prestamo.objects.get()
    assert expediente.clave in client.get(reverse("earchivo:prestamo_list")).content.decode()
    client.post(reverse("earchivo:prestamo_devolver", args=[prestamo.pk]))
    prestamo.refresh_from_db()
    assert prestamo.estado == Prestamo.Estado.DEVUELTO


def test_overdue_filter_on_the_list(make_user):
    """?estado=vencidos shows only overdue loans, marked as such."""
    at = make_user(Rol.RESPONSABLE_AT)
    vencido = _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at)
    al_dia = _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at)
    Prestamo.objects.filter(pk=vencido.pk).update(fecha_prestamo=hace(30), fecha_vencimiento=hace(2))
    html = client_for(at).get(reverse("earchivo:prestamo_list"), {"estado": "vencidos"}).content.decode()
    assert vencido.expediente.clave in html and al_dia.expediente.clave not in html and "vencido" in html


def test_new_loan_form_rejects_unknown_expediente_or_user(make_user):
    """A clave the lender cannot see, or an unknown username, is reported on the field; nothing is lent."""
    at = make_user(Rol.RESPONSABLE_AT)
    ajeno = expediente_cerrado(unidad=UnidadFactory())
    response = client_for(at).post(
        reverse("earchivo:prestamo_nuevo"),
        {"clave": ajeno.clave, "solicitante": "nadie", "fecha_vencimiento": EN_UNA_SEMANA.isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "no tiene permiso" in html and "nombre de usuario" in html
    assert not Prestamo.objects.exists()


def test_pages_refuse_users_without_permission(make_user):
    """Administrador: 403 on the list; Capturista: 403 on the form and on the return; other unidad's loan: 404."""
    at = make_user(Rol.RESPONSABLE_AT)
    capturista = colega(make_user, at, Rol.CAPTURISTA)
    prestamo = _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), capturista)
    assert client_for(make_user(Rol.ADMINISTRADOR)).get(reverse("earchivo:prestamo_list")).status_code == 403
    assert client_for(capturista).get(reverse("earchivo:prestamo_nuevo")).status_code == 403
    assert client_for(capturista).post(reverse("earchivo:prestamo_devolver", args=[prestamo.pk])).status_code == 403
    otro = client_for(make_user(Rol.RESPONSABLE_AT))
    assert otro.post(reverse("earchivo:prestamo_devolver", args=[prestamo.pk])).status_code == 404


def test_api_lend_list_and_return(make_user):
    """POST creates (201), GET lists with estado filter, POST devolver returns; refusals are 400/403/404/409."""
    at = make_user(Rol.RESPONSABLE_AT)
    solicitante = colega(make_user, at, Rol.CAPTURISTA)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    client = client_for(at)
    body = {"expediente": expediente.pk, "solicitante": solicitante.username, "fecha_vencimiento": str(EN_UNA_SEMANA)}
    response = client.post("/api/v1/archivo/prestamos/", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["expediente"]["estado"] == "en_prestamo"
    assert client.post("/api/v1/archivo/prestamos/", body, content_type="application/json").status_code == 409
    assert [p["id"] for p in client.get("/api/v1/archivo/prestamos/?estado=activos").json()["results"]] == [
        response.json()["id"]
    ]
    devolver = f"/api/v1/archivo/prestamos/{response.json()['id']}/devolver/"
    assert client_for(solicitante).post(devolver).status_code == 403
    assert client.post(devolver).json()["estado"] == "devuelto"
    assert client.post(devolver).status_code == 409
    assert (
        client_for(solicitante).post("/api/v1/archivo/prestamos/", body, content_type="application/json").status_code
        == 403
    )
    otro = client_for(make_user(Rol.RESPONSABLE_AT))
    assert otro.post("/api/v1/archivo/prestamos/", body, content_type="application/json").status_code == 404
    body["solicitante"] = "nadie"
    assert client.post("/api/v1/archivo/prestamos/", body, content_type="application/json").status_code == 400


def test_api_list_is_refused_without_view_permission(make_user):
    """GET /prestamos/ is 403 for a Capturista and a Firmante; the AT only sees loans of what it may see."""
    at, otro_at = make_user(Rol.RESPONSABLE_AT), make_user(Rol.RESPONSABLE_AT)
    _prestar(at, expediente_cerrado(unidad=at.perfil.unidad), at)
    for rol in (Rol.CAPTURISTA, Rol.FIRMANTE):
        assert client_for(make_user(rol)).get("/api/v1/archivo/prestamos/").status_code == 403
    assert client_for(otro_at).get("/api/v1/archivo/prestamos/").json()["results"] == []
