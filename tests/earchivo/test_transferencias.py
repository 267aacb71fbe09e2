import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from earchivo.models import DisposicionDocumental, Expediente, Transferencia
from earchivo.selectors.ciclo import transferencia_candidatos
from earchivo.services.retenciones import retencion_place
from earchivo.services.transferencias import transferencia_prepare, transferencia_receive, transferencia_review
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado, serie_con
from tests.earchivo.factories import ExpedienteFactory
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
CONC = Expediente.Etapa.CONCENTRACION


def _primaria(at, expedientes, **kwargs):
    return transferencia_prepare(actor=at, tipo="primaria", unidad=at.perfil.unidad, expedientes=expedientes, **kwargs)


def _refusal(callable_, **kwargs) -> list[str]:
    with pytest.raises(ApplicationError) as exc:
        callable_(**kwargs)
    return exc.value.errors["expedientes"]


def test_boxes_fill_in_order_and_number_restarts_in_each_box(make_user):
    """Five expedientes, two per box: boxes 1,1,2,2,3 and the number inside each box starts again at 1."""
    at = make_user(Rol.RESPONSABLE_AT)
    expedientes = [expediente_cerrado(unidad=at.perfil.unidad) for _ in range(5)]
    transferencia = _primaria(at, expedientes, expedientes_por_caja=2, peso_kg=12)
    lugares = [
        (r.expediente_id, r.caja, r.numero_en_caja) for r in transferencia.renglones.order_by("caja", "numero_en_caja")
    ]
    assert lugares == [
        (expedientes[0].pk, 1, 1),
        (expedientes[1].pk, 1, 2),
        (expedientes[2].pk, 2, 1),
        (expedientes[3].pk, 2, 2),
        (expedientes[4].pk, 3, 1),
    ]
    assert set(Expediente.objects.filter(pk__in=[e.pk for e in expedientes]).values_list("estado", flat=True)) == {
        Expediente.Estado.TRANSFERIDO
    }


def test_explicit_boxes(make_user):
    """Explicit boxes per expediente: numbering inside each box follows the order given."""
    at = make_user(Rol.RESPONSABLE_AT)
    a, b, c = (expediente_cerrado(unidad=at.perfil.unidad) for _ in range(3))
    transferencia = _primaria(at, [a, b, c], cajas=[1, 2, 1])
    lugares = {r.expediente_id: (r.caja, r.numero_en_caja) for r in transferencia.renglones.all()}
    assert lugares == {a.pk: (1, 1), b.pk: (2, 1), c.pk: (1, 2)}


def test_explicit_boxes_must_not_leave_gaps(make_user):
    """Boxes 1 and 3 without 2 are refused on the cajas field, and nothing is created."""
    at = make_user(Rol.RESPONSABLE_AT)
    a, b = (expediente_cerrado(unidad=at.perfil.unidad) for _ in range(2))
    with pytest.raises(ApplicationError) as exc:
        _primaria(at, [a, b], cajas=[1, 3])
    assert "cajas" in exc.value.errors
    assert not Transferencia.objects.exists()


def test_transfer_numbers_are_consecutive_per_unidad_tipo_and_year(make_user):
    """1, 2 for one unidad's primarias; another unidad starts at 1; secundarias have their own series."""
    at, otro_at, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.RESPONSABLE_AT), make_user(Rol.CONCENTRACION)
    unidad = at.perfil.unidad
    primera = _primaria(at, [expediente_cerrado(unidad=unidad)])
    segunda = _primaria(at, [expediente_cerrado(unidad=unidad)])
    otra = _primaria(otro_at, [expediente_cerrado(unidad=otro_at.perfil.unidad)])
    secundaria = transferencia_prepare(
        actor=ac, tipo="secundaria", unidad=unidad, expedientes=[expediente_cerrado(unidad=unidad, etapa=CONC)]
    )
    assert (primera.numero, segunda.numero, otra.numero, secundaria.numero) == (1, 2, 1, 1)
    assert primera.anio == datetime.date.today().year


@pytest.mark.django_db(transaction=True)
def test_concurrent_preparations_get_distinct_numbers(make_user):
    """Two preparations for the same unidad at the same time never share a number."""
    at = make_user(Rol.RESPONSABLE_AT)
    grupos = [[expediente_cerrado(unidad=at.perfil.unidad)] for _ in range(4)]
    numeros, errores = [], []

    def preparar(expedientes):
        try:
            numeros.append(_primaria(at, expedientes).numero)
        except Exception as exc:  # pragma: no cover - reported below
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=preparar, args=(g,)) for g in grupos]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join()
    assert not errores
    assert sorted(numeros) == [1, 2, 3, 4]


def test_refuses_open_expediente(make_user):
    """An open expediente cannot be transferred; the refusal names it."""
    at = make_user(Rol.RESPONSABLE_AT)
    abierto = ExpedienteFactory(unidad=at.perfil.unidad)
    errores = _refusal(_primaria, at=at, expedientes=[abierto])
    assert any(abierto.clave in m and "abierto" in m for m in errores)


def test_refuses_expediente_not_yet_due(make_user):
    """An expediente whose vigencia en trámite has not ended is refused, with its due date."""
    at = make_user(Rol.RESPONSABLE_AT)
    reciente = expediente_cerrado(unidad=at.perfil.unidad, anio=datetime.date.today().year)
    errores = _refusal(_primaria, at=at, expedientes=[reciente])
    assert any(reciente.clave in m and "aún no vence" in m for m in errores)
    assert Expediente.objects.get(pk=reciente.pk).estado == Expediente.Estado.CERRADO


def test_refuses_expediente_in_another_active_transfer(make_user):
    """An expediente already in a prepared transfer cannot go in a second one."""
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    primera = _primaria(at, [expediente])
    errores = _refusal(_primaria, at=at, expedientes=[expediente])
    assert any(expediente.clave in m and str(primera) in m for m in errores)


def test_refuses_expediente_in_the_wrong_etapa(make_user):
    """A primaria takes only trámite expedientes; a secundaria only concentración ones."""
    at, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.CONCENTRACION)
    unidad = at.perfil.unidad
    en_concentracion = expediente_cerrado(unidad=unidad, etapa=CONC)
    en_tramite = expediente_cerrado(unidad=unidad)
    errores = _refusal(_primaria, at=at, expedientes=[en_concentracion])
    assert any(en_concentracion.clave in m and "concentración" in m for m in errores)
    errores = _refusal(transferencia_prepare, actor=ac, tipo="secundaria", unidad=unidad, expedientes=[en_tramite])
    assert any(en_tramite.clave in m and "trámite" in m for m in errores)


def test_secundaria_refuses_series_destined_to_elimination(make_user):
    """A serie whose frozen destino is eliminación goes to baja, never to the archivo histórico."""
    ac = make_user(Rol.CONCENTRACION)
    unidad = UnidadFactory()
    eliminar = expediente_cerrado(
        unidad=unidad, etapa=CONC, serie=serie_con(tecnica=DisposicionDocumental.Tecnica.ELIMINACION)
    )
    errores = _refusal(transferencia_prepare, actor=ac, tipo="secundaria", unidad=unidad, expedientes=[eliminar])
    assert any(eliminar.clave in m and "eliminación" in m for m in errores)


def test_refuses_expediente_of_another_unidad(make_user):
    """All expedientes of a transfer belong to its unidad."""
    at = make_user(Rol.RESPONSABLE_AT)
    ajeno = expediente_cerrado(unidad=UnidadFactory())
    errores = _refusal(_primaria, at=at, expedientes=[ajeno])
    assert any(ajeno.clave in m and "otra unidad" in m for m in errores)


def test_every_refusal_is_reported_and_nothing_is_saved(make_user):
    """One good and one bad expediente: the whole preparation is refused, the good one stays cerrado."""
    at = make_user(Rol.RESPONSABLE_AT)
    bueno = expediente_cerrado(unidad=at.perfil.unidad)
    abierto = ExpedienteFactory(unidad=at.perfil.unidad)
    _refusal(_primaria, at=at, expedientes=[bueno, abierto])
    assert not Transferencia.objects.exists()
    assert Expediente.objects.get(pk=bueno.pk).estado == Expediente.Estado.CERRADO


def test_who_may_prepare(make_user):
    """Primaria: only the Responsable AT of the unidad; secundaria: only the Archivo de Concentración."""
    at, otro_at, coordinacion = (
        make_user(Rol.RESPONSABLE_AT),
        make_user(Rol.RESPONSABLE_AT),
        make_user(Rol.COORDINACION),
    )
    unidad = at.perfil.unidad
    expediente = expediente_cerrado(unidad=unidad)
    for actor in (otro_at, coordinacion):
        with pytest.raises(PermissionDeniedError):
            transferencia_prepare(actor=actor, tipo="primaria", unidad=unidad, expedientes=[expediente])
    with pytest.raises(PermissionDeniedError):
        transferencia_prepare(
            actor=at, tipo="secundaria", unidad=unidad, expedientes=[expediente_cerrado(unidad=unidad, etapa=CONC)]
        )


def test_full_primaria_review_and_reception_moves_to_concentracion(make_user):
    """Prepared → approved by Coordinación → received by Concentración: etapa concentración, estado cerrado."""
    at, coordinacion, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION), make_user(Rol.CONCENTRACION)
    expedientes = [expediente_cerrado(unidad=at.perfil.unidad) for _ in range(2)]
    transferencia = _primaria(at, expedientes)
    transferencia = transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True)
    assert transferencia.estado == Transferencia.Estado.REVISADA and transferencia.revisada_por == coordinacion
    transferencia = transferencia_receive(actor=ac, transferencia=transferencia)
    assert transferencia.estado == Transferencia.Estado.RECIBIDA and transferencia.recibida_por == ac
    for e in Expediente.objects.filter(pk__in=[e.pk for e in expedientes]):
        assert (e.etapa, e.estado) == (Expediente.Etapa.CONCENTRACION, Expediente.Estado.CERRADO)
        assert EntradaBitacora.objects.filter(accion="expediente.transferir", objeto_id=str(e.pk)).exists()
    recibir = EntradaBitacora.objects.get(accion="transferencia.recibir")
    assert sorted(recibir.datos["expedientes"]) == sorted(e.clave for e in expedientes)


def test_secundaria_reception_moves_to_historico(make_user):
    """A conservación expediente in concentración ends in the archivo histórico after a secundaria."""
    ac, coordinacion, ah = make_user(Rol.CONCENTRACION), make_user(Rol.COORDINACION), make_user(Rol.HISTORICO)
    unidad = UnidadFactory()
    expediente = expediente_cerrado(unidad=unidad, etapa=CONC)
    transferencia = transferencia_prepare(actor=ac, tipo="secundaria", unidad=unidad, expedientes=[expediente])
    transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True)
    with pytest.raises(PermissionDeniedError):
        transferencia_receive(actor=ac, transferencia=transferencia)
    transferencia_receive(actor=ah, transferencia=transferencia)
    expediente.refresh_from_db()
    assert (expediente.etapa, expediente.estado) == (Expediente.Etapa.HISTORICO, Expediente.Estado.CERRADO)


def test_rejection_returns_expedientes_to_their_previous_state(make_user):
    """A rejected transfer keeps its motivo; its expedientes are cerrado in trámite again and can be re-sent."""
    at, coordinacion = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    transferencia = _primaria(at, [expediente])
    with pytest.raises(ApplicationError):
        transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=False, motivo="")
    transferencia = transferencia_review(
        actor=coordinacion, transferencia=transferencia, aprobar=False, motivo="Faltan fojas"
    )
    assert transferencia.estado == Transferencia.Estado.RECHAZADA and transferencia.motivo_rechazo == "Faltan fojas"
    expediente.refresh_from_db()
    assert (expediente.etapa, expediente.estado) == (Expediente.Etapa.TRAMITE, Expediente.Estado.CERRADO)
    assert EntradaBitacora.objects.filter(accion="transferencia.rechazar").exists()
    assert _primaria(at, [expediente]).numero == 2


def test_review_and_reception_follow_the_order(make_user):
    """Reception before review, or a second review, are conflicts; only Coordinación reviews."""
    at, coordinacion, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION), make_user(Rol.CONCENTRACION)
    transferencia = _primaria(at, [expediente_cerrado(unidad=at.perfil.unidad)])
    with pytest.raises(ConflictError):
        transferencia_receive(actor=ac, transferencia=transferencia)
    with pytest.raises(PermissionDeniedError):
        transferencia_review(actor=ac, transferencia=transferencia, aprobar=True)
    transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True)
    with pytest.raises(ConflictError):
        transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True)


def test_hold_placed_after_preparation_blocks_reception(make_user):
    """A legal hold that arrives while the transfer is under way stops its reception, naming the expediente."""
    at, coordinacion, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION), make_user(Rol.CONCENTRACION)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    transferencia = _primaria(at, [expediente])
    transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True)
    retencion_place(actor=coordinacion, expediente=expediente, motivo="Auditoría")
    with pytest.raises(ConflictError) as exc:
        transferencia_receive(actor=ac, transferencia=transferencia)
    assert any(expediente.clave in m for m in exc.value.errors["expedientes"])
    expediente.refresh_from_db()
    assert expediente.etapa == Expediente.Etapa.TRAMITE


def test_preparation_is_audited_with_boxes_and_claves(make_user):
    """The bitácora keeps the transfer's caja/número and clave of every expediente."""
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    transferencia = _primaria(at, [expediente])
    entry = EntradaBitacora.objects.get(accion="transferencia.preparar", objeto_id=str(transferencia.pk))
    assert entry.datos["expedientes"] == [f"1/1 {expediente.clave}"]


# --- pages --------------------------------------------------------------------------------------------------------


def test_wizard_lists_due_expedientes_and_prepares_with_boxes(make_user):
    """The AT sees its due expedientes (not the open one) and prepares a transfer with explicit boxes."""
    at = make_user(Rol.RESPONSABLE_AT)
    a, b = (expediente_cerrado(unidad=at.perfil.unidad) for _ in range(2))
    abierto = ExpedienteFactory(unidad=at.perfil.unidad)
    client = client_for(at)
    html = client.get(reverse("earchivo:transferencia_nueva"), {"tipo": "primaria"}).content.decode()
    assert a.clave in html and b.clave in html and abierto.clave not in html
    response = client.post(
        reverse("earchivo:transferencia_nueva") + "?tipo=primaria",
        {"expedientes": [a.pk, b.pk], f"caja_{a.pk}": "2", f"caja_{b.pk}": "1", "peso_kg": "8.5"},
    )
    transferencia = Transferencia.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "earchivo:transferencia_detalle", args=[transferencia.pk]
    )
    assert {r.expediente_id: r.caja for r in transferencia.renglones.all()} == {a.pk: 2, b.pk: 1}


def test_wizard_shows_the_refusal(make_user):
    """A refused preparation re-renders the page with the reason naming the expediente."""
    at = make_user(Rol.RESPONSABLE_AT)
    abierto = ExpedienteFactory(unidad=at.perfil.unidad)
    response = client_for(at).post(
        reverse("earchivo:transferencia_nueva") + "?tipo=primaria", {"expedientes": [abierto.pk]}, follow=True
    )
    assert response.status_code == 200
    assert abierto.clave in response.content.decode() and not Transferencia.objects.exists()


def test_review_and_receive_through_the_pages(make_user):
    """Coordinación approves on the detail page; Concentración receives; the expediente is in concentración."""
    at, coordinacion, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION), make_user(Rol.CONCENTRACION)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    transferencia = _primaria(at, [expediente])
    detalle = client_for(coordinacion).get(reverse("earchivo:transferencia_detalle", args=[transferencia.pk]))
    assert expediente.clave in detalle.content.decode() and "Aprobar" in detalle.content.decode()
    client_for(coordinacion).post(
        reverse("earchivo:transferencia_revisar", args=[transferencia.pk]), {"decision": "aprobar"}
    )
    client_for(ac).post(reverse("earchivo:transferencia_recibir", args=[transferencia.pk]))
    expediente.refresh_from_db()
    assert expediente.etapa == Expediente.Etapa.CONCENTRACION


def test_pages_refuse_users_without_permission(make_user):
    """403 for the list without view permission, the wizard without add, review without revisar, receive by AT;
    404 for another unidad's transfer."""
    at, capturista, coordinacion = make_user(Rol.RESPONSABLE_AT), make_user(Rol.CAPTURISTA), make_user(Rol.COORDINACION)
    transferencia = _primaria(at, [expediente_cerrado(unidad=at.perfil.unidad)])
    assert client_for(capturista).get(reverse("earchivo:transferencia_list")).status_code == 403
    assert client_for(coordinacion).get(reverse("earchivo:transferencia_nueva")).status_code == 403
    assert client_for(at).post(reverse("earchivo:transferencia_revisar", args=[transferencia.pk])).status_code == 403
    transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True)
    assert client_for(at).post(reverse("earchivo:transferencia_recibir", args=[transferencia.pk])).status_code == 403
    otro_at = make_user(Rol.RESPONSABLE_AT)
    detalle = reverse("earchivo:transferencia_detalle", args=[transferencia.pk])
    assert client_for(otro_at).get(detalle).status_code == 404


def test_list_page(make_user, django_assert_max_num_queries):
    """The list shows the unidad's transfers in a bounded number of queries."""
    at = make_user(Rol.RESPONSABLE_AT)
    for _ in range(3):
        _primaria(at, [expediente_cerrado(unidad=at.perfil.unidad)])
    client = client_for(at)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("earchivo:transferencia_list"))
    assert response.status_code == 200 and "003/" in response.content.decode()


# --- API ----------------------------------------------------------------------------------------------------------

API = "/api/v1/archivo/transferencias/"


def test_api_prepare_review_receive(make_user):
    """The whole primaria through the API: 201 with boxes, approve, receive; the detail shows the new estado."""
    at, coordinacion, ac = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION), make_user(Rol.CONCENTRACION)
    a, b = (expediente_cerrado(unidad=at.perfil.unidad) for _ in range(2))
    response = client_for(at).post(
        API,
        {"tipo": "primaria", "unidad": at.perfil.unidad.pk, "expedientes": [a.pk, b.pk], "expedientes_por_caja": 1},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [(r["caja"], r["numero_en_caja"], r["clave"]) for r in data["renglones"]] == [
        (1, 1, a.clave),
        (2, 1, b.clave),
    ]
    url = f"{API}{data['id']}/"
    assert (
        client_for(coordinacion).post(url + "revisar/", {"aprobar": True}, content_type="application/json").status_code
        == 200
    )
    response = client_for(ac).post(url + "recibir/")
    assert response.status_code == 200 and response.json()["estado"] == "recibida"


def test_api_refusals(make_user):
    """400 naming the expediente for an open one; 403 for a review by the AT; 404 for another unidad; 403 lists."""
    at, capturista = make_user(Rol.RESPONSABLE_AT), make_user(Rol.CAPTURISTA)
    abierto = ExpedienteFactory(unidad=at.perfil.unidad)
    response = client_for(at).post(
        API,
        {"tipo": "primaria", "unidad": at.perfil.unidad.pk, "expedientes": [abierto.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and abierto.clave in response.json()["errors"]["expedientes"][0]
    transferencia = _primaria(at, [expediente_cerrado(unidad=at.perfil.unidad)])
    url = f"{API}{transferencia.pk}/"
    assert client_for(at).post(url + "revisar/", {"aprobar": True}, content_type="application/json").status_code == 403
    assert client_for(make_user(Rol.RESPONSABLE_AT)).get(url).status_code == 404
    assert client_for(capturista).get(API).status_code == 403
    assert client_for(at).post(url + "recibir/").status_code == 403


def test_secundaria_candidates_exclude_elimination_held_and_pending(make_user):
    """The secundaria wizard offers due conservación/muestreo expedientes of the unidad in concentración only."""
    ac, coordinacion = make_user(Rol.CONCENTRACION), make_user(Rol.COORDINACION)
    unidad = UnidadFactory()
    listo = expediente_cerrado(unidad=unidad, etapa=CONC)
    muestreo = expediente_cerrado(unidad=unidad, etapa=CONC, serie=serie_con(tecnica="muestreo"))
    expediente_cerrado(unidad=unidad, etapa=CONC, serie=serie_con(tecnica=DisposicionDocumental.Tecnica.ELIMINACION))
    expediente_cerrado(unidad=unidad)
    retenido = expediente_cerrado(unidad=unidad, etapa=CONC)
    retencion_place(actor=coordinacion, expediente=retenido, motivo="Auditoría")
    pendiente = expediente_cerrado(unidad=unidad, etapa=CONC)
    transferencia_prepare(actor=ac, tipo="secundaria", unidad=unidad, expedientes=[pendiente])
    assert set(transferencia_candidatos(user=ac, tipo="secundaria", unidad=unidad)) == {listo, muestreo}


def test_secundaria_wizard_page_for_concentracion(make_user):
    """Concentración picks the unidad and sees its expedientes due for the archivo histórico."""
    ac = make_user(Rol.CONCENTRACION)
    unidad = UnidadFactory()
    listo = expediente_cerrado(unidad=unidad, etapa=CONC)
    response = client_for(ac).get(reverse("earchivo:transferencia_nueva"), {"tipo": "secundaria", "unidad": unidad.pk})
    assert response.status_code == 200 and listo.clave in response.content.decode()
