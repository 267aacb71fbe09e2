"""The receiving archive's custody: it reads what it receives, rejects a transfer or a box, shelves what it keeps."""

import pytest
from django.urls import reverse

from earchivo.models import ClasificacionInformacion, Expediente, Transferencia
from earchivo.selectors.ciclo import transferencia_candidatos, transferencia_renglones
from earchivo.services.transferencias import transferencia_prepare, transferencia_receive, transferencia_review
from earchivo.services.transferencias_rechazo import transferencia_reject
from inventarios.reportes.transferencias import transferencia as inventario_transferencia
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado

pytestmark = pytest.mark.django_db
OCULTO = "(información clasificada)"


@pytest.fixture
def actores(make_user):
    """The producing area's AT, the Coordinación that reviews and the Archivo de Concentración that receives."""
    return make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION), make_user(Rol.CONCENTRACION)


def _revisada(actores, expedientes, **kwargs) -> Transferencia:
    at, coordinacion, _ = actores
    transferencia = transferencia_prepare(
        actor=at, tipo="primaria", unidad=at.perfil.unidad, expedientes=expedientes, **kwargs
    )
    return transferencia_review(actor=coordinacion, transferencia=transferencia, aprobar=True)


def _en_cajas(actores, n: int, por_caja: int = 2) -> tuple[Transferencia, list[Expediente]]:
    expedientes = [expediente_cerrado(unidad=actores[0].perfil.unidad, titulo=f"Contrato {i}") for i in range(n)]
    return _revisada(actores, expedientes, expedientes_por_caja=por_caja), expedientes


def _estado(expediente: Expediente) -> tuple[str, str]:
    expediente.refresh_from_db()
    return expediente.etapa, expediente.estado


# --- 1. the receiving archive reads the titles ------------------------------------------------------------------


def test_receiving_archive_sees_public_titles_and_classified_stay_masked(actores, make_user):
    """Concentración checks the boxes against public titles; a reservado's title shows only to who may open it."""
    at, _, ac = actores
    publico = expediente_cerrado(unidad=at.perfil.unidad, titulo="Contratos de limpieza 2009")
    reservado = expediente_cerrado(
        unidad=at.perfil.unidad, titulo="Investigación interna 7", clasificacion=ClasificacionInformacion.RESERVADA
    )
    transferencia = _revisada(actores, [publico, reservado])
    titulos = {r["expediente"].pk: r["titulo"] for r in transferencia_renglones(user=ac, transferencia=transferencia)}
    assert titulos == {publico.pk: "Contratos de limpieza 2009", reservado.pk: OCULTO}
    auditor = make_user(Rol.AUDITOR)  # holds ver_expediente_clasificado: may open the reservado
    titulos = {
        r["expediente"].pk: r["titulo"] for r in transferencia_renglones(user=auditor, transferencia=transferencia)
    }
    assert titulos[reservado.pk] == "Investigación interna 7"
    page = client_for(ac).get(reverse("earchivo:transferencia_detalle", args=[transferencia.pk])).content.decode()
    assert "Contratos de limpieza 2009" in page and "Investigación interna 7" not in page and OCULTO in page


def test_transfer_inventory_prints_public_titles_for_the_receiving_archive(actores):
    """The printed inventory the boxes are checked against carries the same titles as the page."""
    at, _, ac = actores
    publico = expediente_cerrado(unidad=at.perfil.unidad, titulo="Contratos de limpieza 2009")
    reservado = expediente_cerrado(
        unidad=at.perfil.unidad, titulo="Investigación interna 7", clasificacion=ClasificacionInformacion.RESERVADA
    )
    transferencia = _revisada(actores, [publico, reservado])
    reporte = inventario_transferencia(user=ac, transferencia_id=transferencia.pk)
    titulos = [r[3] for r in reporte.renglones]
    assert titulos == ["Contratos de limpieza 2009", OCULTO]


# --- 2. rejecting a transfer or a box ---------------------------------------------------------------------------


def test_rejecting_a_box_returns_its_expedientes_and_the_rest_is_received(actores):
    """Box 2 goes back to the area's archivo de trámite, closed; boxes 1 and 3 are received into concentración."""
    _, _, ac = actores
    transferencia, expedientes = _en_cajas(actores, 5)
    transferencia = transferencia_reject(actor=ac, transferencia=transferencia, caja=2, motivo="Caja mojada")
    assert transferencia.estado == Transferencia.Estado.REVISADA
    devueltos, recibidos = expedientes[2:4], [*expedientes[:2], expedientes[4]]
    assert {_estado(e) for e in devueltos} == {(Expediente.Etapa.TRAMITE, Expediente.Estado.CERRADO)}
    assert {_estado(e) for e in recibidos} == {(Expediente.Etapa.TRAMITE, Expediente.Estado.TRANSFERIDO)}
    transferencia_receive(actor=ac, transferencia=transferencia)
    assert {_estado(e) for e in recibidos} == {(Expediente.Etapa.CONCENTRACION, Expediente.Estado.CERRADO)}
    assert {_estado(e) for e in devueltos} == {(Expediente.Etapa.TRAMITE, Expediente.Estado.CERRADO)}
    renglones = transferencia_renglones(user=ac, transferencia=transferencia)
    assert {r["expediente"].pk: r["motivo_rechazo"] for r in renglones if r["rechazado"]} == {
        e.pk: "Caja mojada" for e in devueltos
    }
    # Returned to their producing unidad, they may go in a new transfer.
    candidatos = transferencia_candidatos(user=actores[0], tipo="primaria", unidad=actores[0].perfil.unidad)
    assert set(candidatos.values_list("pk", flat=True)) == {e.pk for e in devueltos}


def test_rejected_box_is_audited_on_the_transfer_and_each_expediente(actores):
    """The bitácora names the box, the reason and every expediente sent back."""
    _, _, ac = actores
    transferencia, expedientes = _en_cajas(actores, 3)
    transferencia_reject(actor=ac, transferencia=transferencia, caja=1, motivo="No coincide con el inventario")
    entrada = EntradaBitacora.objects.get(accion="transferencia.rechazar_caja", objeto_id=str(transferencia.pk))
    assert entrada.datos["cajas"] == [1] and entrada.datos["motivo"] == "No coincide con el inventario"
    devueltos = EntradaBitacora.objects.filter(accion="expediente.transferencia.devolver")
    assert set(devueltos.values_list("objeto_id", flat=True)) == {str(e.pk) for e in expedientes[:2]}


def test_rejecting_the_whole_transfer(actores):
    """Without a box, every box is rejected: the transfer is rechazada with the reason, nothing moves."""
    _, _, ac = actores
    transferencia, expedientes = _en_cajas(actores, 3)
    transferencia = transferencia_reject(actor=ac, transferencia=transferencia, motivo="Sin foliar")
    assert (transferencia.estado, transferencia.motivo_rechazo) == (Transferencia.Estado.RECHAZADA, "Sin foliar")
    assert {_estado(e) for e in expedientes} == {(Expediente.Etapa.TRAMITE, Expediente.Estado.CERRADO)}
    assert EntradaBitacora.objects.filter(accion="transferencia.rechazar_recepcion").count() == 1
    with pytest.raises(ConflictError):
        transferencia_receive(actor=ac, transferencia=transferencia)


def test_rejecting_the_last_pending_box_rejects_the_transfer(actores):
    _, _, ac = actores
    transferencia, _ = _en_cajas(actores, 3)
    transferencia_reject(actor=ac, transferencia=transferencia, caja=1, motivo="Incompleta")
    transferencia = transferencia_reject(actor=ac, transferencia=transferencia, caja=2, motivo="Incompleta")
    assert transferencia.estado == Transferencia.Estado.RECHAZADA


def test_rejection_needs_a_reason_an_existing_box_and_the_receiving_archive(actores, make_user):
    at, coordinacion, ac = actores
    transferencia, expedientes = _en_cajas(actores, 3)
    with pytest.raises(ApplicationError) as exc:
        transferencia_reject(actor=ac, transferencia=transferencia, caja=1, motivo="  ")
    assert "motivo" in exc.value.errors
    with pytest.raises(ApplicationError) as exc:
        transferencia_reject(actor=ac, transferencia=transferencia, caja=9, motivo="No llegó")
    assert "caja" in exc.value.errors
    for actor in (at, coordinacion, make_user(Rol.HISTORICO)):
        with pytest.raises(PermissionDeniedError):
            transferencia_reject(actor=actor, transferencia=transferencia, caja=1, motivo="No")
    assert {_estado(e)[1] for e in expedientes} == {Expediente.Estado.TRANSFERIDO}


def test_only_a_reviewed_transfer_is_rejected_at_reception(actores):
    at, _, ac = actores
    preparada = transferencia_prepare(
        actor=at, tipo="primaria", unidad=at.perfil.unidad, expedientes=[expediente_cerrado(unidad=at.perfil.unidad)]
    )
    with pytest.raises(ConflictError):
        transferencia_reject(actor=ac, transferencia=preparada, motivo="Antes de tiempo")


def test_reception_records_the_ubicacion_per_box_and_per_expediente(actores):
    """Each box's place goes to its expedientes; one given for an expediente wins over its box's."""
    _, _, ac = actores
    transferencia, expedientes = _en_cajas(actores, 3)
    transferencia_receive(
        actor=ac,
        transferencia=transferencia,
        ubicaciones={1: "Edificio B, estante 4, anaquel 2", 2: "Edificio B, estante 5"},
        ubicaciones_expediente={expedientes[1].pk: "Edificio B, planero 1"},
    )
    lugares = [Expediente.objects.get(pk=e.pk).ubicacion_topografica for e in expedientes]
    assert lugares == ["Edificio B, estante 4, anaquel 2", "Edificio B, planero 1", "Edificio B, estante 5"]
    entrada = EntradaBitacora.objects.get(accion="expediente.transferir", objeto_id=str(expedientes[1].pk))
    assert entrada.datos["ubicacion"] == "Edificio B, planero 1"


def test_reception_refuses_an_ubicacion_for_a_box_not_received(actores):
    """A place for a rejected or unknown box is a named error, and nothing is received."""
    _, _, ac = actores
    transferencia, expedientes = _en_cajas(actores, 3)
    transferencia_reject(actor=ac, transferencia=transferencia, caja=2, motivo="Rota")
    with pytest.raises(ApplicationError) as exc:
        transferencia_receive(actor=ac, transferencia=transferencia, ubicaciones={2: "Estante 1"})
    assert any("caja 2" in m for m in exc.value.errors["ubicaciones"])
    with pytest.raises(ApplicationError) as exc:
        transferencia_receive(actor=ac, transferencia=transferencia, ubicaciones={1: "x" * 256})
    assert "ubicaciones" in exc.value.errors
    assert _estado(expedientes[0]) == (Expediente.Etapa.TRAMITE, Expediente.Estado.TRANSFERIDO)


def test_pages_reject_a_box_and_receive_with_ubicaciones(actores):
    """Through the detail page: reject box 2, then receive box 1 shelved where typed."""
    _, _, ac = actores
    transferencia, expedientes = _en_cajas(actores, 3)
    client = client_for(ac)
    page = client.get(reverse("earchivo:transferencia_detalle", args=[transferencia.pk])).content.decode()
    assert 'name="ubicacion_caja_1"' in page
    assert reverse("earchivo:transferencia_rechazar", args=[transferencia.pk]) in page
    response = client.post(
        reverse("earchivo:transferencia_rechazar", args=[transferencia.pk]), {"caja": "2", "motivo": "Caja rota"}
    )
    assert response.status_code == 302
    client.post(reverse("earchivo:transferencia_recibir", args=[transferencia.pk]), {"ubicacion_caja_1": "Estante 12"})
    assert _estado(expedientes[0]) == (Expediente.Etapa.CONCENTRACION, Expediente.Estado.CERRADO)
    assert Expediente.objects.get(pk=expedientes[1].pk).ubicacion_topografica == "Estante 12"
    assert _estado(expedientes[2]) == (Expediente.Etapa.TRAMITE, Expediente.Estado.CERRADO)
    page = client.get(reverse("earchivo:transferencia_detalle", args=[transferencia.pk])).content.decode()
    assert "Caja rota" in page


def test_reject_page_refuses_who_does_not_receive(actores):
    at, _, _ = actores
    transferencia, expedientes = _en_cajas(actores, 1)
    response = client_for(at).post(
        reverse("earchivo:transferencia_rechazar", args=[transferencia.pk]), {"motivo": "No"}
    )
    assert response.status_code == 403
    assert _estado(expedientes[0])[1] == Expediente.Estado.TRANSFERIDO


def test_api_rejects_a_box_and_receives_with_ubicaciones(actores):
    """The same through the API: rows say which were rejected and why; the AT is refused with 403."""
    at, _, ac = actores
    transferencia, expedientes = _en_cajas(actores, 3)
    api = f"/api/v1/archivo/transferencias/{transferencia.pk}/"
    assert client_for(at).post(api + "rechazar/", {"caja": 1, "motivo": "No"}, "application/json").status_code == 403
    client = client_for(ac)
    response = client.post(api + "rechazar/", {"caja": 2, "motivo": "Caja rota"}, "application/json")
    assert response.status_code == 200
    assert [(r["caja"], r["rechazado"], r["motivo_rechazo"]) for r in response.json()["renglones"]] == [
        (1, False, ""),
        (1, False, ""),
        (2, True, "Caja rota"),
    ]
    response = client.post(
        api + "recibir/",
        {
            "ubicaciones": [{"caja": 1, "ubicacion": "Estante 3"}],
            "ubicaciones_expediente": [{"expediente": expedientes[0].pk, "ubicacion": "Planero 1"}],
        },
        "application/json",
    )
    assert response.status_code == 200 and response.json()["estado"] == "recibida"
    assert [Expediente.objects.get(pk=e.pk).ubicacion_topografica for e in expedientes] == [
        "Planero 1",
        "Estante 3",
        "",
    ]
    bad = client.post(api + "recibir/", {"ubicaciones": [{"caja": "x"}]}, "application/json")
    assert bad.status_code == 400
