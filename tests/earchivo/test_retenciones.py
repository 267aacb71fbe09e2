import pytest
from django.urls import reverse

from earchivo.models import Expediente, RetencionLegal
from earchivo.services.bajas import baja_solicitar
from earchivo.services.retenciones import retencion_lift, retencion_place
from earchivo.services.transferencias import transferencia_prepare
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado, expediente_para_baja
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db


def test_coordinacion_places_an_audited_hold(make_user):
    """Coordinación de Archivos places a hold with its motivo; the bitácora records it on the expediente."""
    coordinacion = make_user(Rol.COORDINACION)
    expediente = expediente_cerrado(unidad=coordinacion.perfil.unidad)
    retencion = retencion_place(actor=coordinacion, expediente=expediente, motivo="Auditoría ASF 2024")
    assert retencion.activa and retencion.colocada_por == coordinacion
    entry = EntradaBitacora.objects.get(accion="retencion.colocar")
    assert entry.objeto_id == str(expediente.pk) and entry.datos["motivo"] == "Auditoría ASF 2024"


def test_hold_requires_permission(make_user):
    """A Responsable de Archivo de Trámite cannot place holds, even on their own unidad's expedientes."""
    at = make_user(Rol.RESPONSABLE_AT)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    with pytest.raises(PermissionDeniedError):
        retencion_place(actor=at, expediente=expediente, motivo="x")
    assert not RetencionLegal.objects.exists()


def test_hold_requires_motivo(make_user):
    """Without a motivo nothing is recorded and the error names the field."""
    coordinacion = make_user(Rol.COORDINACION)
    expediente = expediente_cerrado(unidad=coordinacion.perfil.unidad)
    with pytest.raises(ApplicationError) as exc:
        retencion_place(actor=coordinacion, expediente=expediente, motivo="  ")
    assert "motivo" in exc.value.errors
    assert not RetencionLegal.objects.exists()


def test_hold_blocks_transfer_and_lifting_unblocks_it(make_user):
    """An active hold refuses the transfer naming the expediente; once lifted, the same transfer is prepared."""
    at, coordinacion = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    retencion = retencion_place(actor=coordinacion, expediente=expediente, motivo="Litigio laboral 123/2024")
    with pytest.raises(ApplicationError) as exc:
        transferencia_prepare(actor=at, tipo="primaria", unidad=at.perfil.unidad, expedientes=[expediente])
    assert any(expediente.clave in m and "retención legal" in m for m in exc.value.errors["expedientes"])

    retencion_lift(actor=coordinacion, retencion=retencion, motivo="Sentencia firme")
    transferencia = transferencia_prepare(actor=at, tipo="primaria", unidad=at.perfil.unidad, expedientes=[expediente])
    assert transferencia.renglones.count() == 1


def test_hold_blocks_baja(make_user):
    """An active hold refuses the solicitud de baja, naming the expediente and the hold."""
    ac, coordinacion = make_user(Rol.CONCENTRACION), make_user(Rol.COORDINACION)
    expediente = expediente_para_baja(unidad=ac.perfil.unidad)
    retencion_place(actor=coordinacion, expediente=expediente, motivo="Auditoría interna")
    with pytest.raises(ApplicationError) as exc:
        baja_solicitar(actor=ac, expedientes=[expediente], justificacion="Plazo cumplido")
    assert any(expediente.clave in m and "Auditoría interna" in m for m in exc.value.errors["expedientes"])


def test_lift_is_audited_and_cannot_repeat(make_user):
    """Lifting records who, when and why; lifting the same hold again is a conflict."""
    coordinacion = make_user(Rol.COORDINACION)
    expediente = expediente_cerrado(unidad=coordinacion.perfil.unidad)
    retencion = retencion_place(actor=coordinacion, expediente=expediente, motivo="Auditoría")
    retencion = retencion_lift(actor=coordinacion, retencion=retencion, motivo="Concluida")
    assert not retencion.activa and retencion.levantada_por == coordinacion
    assert EntradaBitacora.objects.filter(accion="retencion.levantar", objeto_id=str(expediente.pk)).exists()
    with pytest.raises(ConflictError):
        retencion_lift(actor=coordinacion, retencion=retencion, motivo="otra vez")


def test_lift_requires_permission_and_motivo(make_user):
    """Only Coordinación lifts holds, and it must say why."""
    coordinacion, ac = make_user(Rol.COORDINACION), make_user(Rol.CONCENTRACION)
    expediente = expediente_cerrado(unidad=coordinacion.perfil.unidad)
    retencion = retencion_place(actor=coordinacion, expediente=expediente, motivo="Auditoría")
    with pytest.raises(PermissionDeniedError):
        retencion_lift(actor=ac, retencion=retencion, motivo="x")
    with pytest.raises(ApplicationError) as exc:
        retencion_lift(actor=coordinacion, retencion=retencion, motivo="")
    assert "motivo_levantamiento" in exc.value.errors
    assert RetencionLegal.objects.get(pk=retencion.pk).activa


def test_no_hold_on_an_expediente_already_dado_de_baja(make_user):
    """There is nothing left to hold once the baja was executed."""
    coordinacion = make_user(Rol.COORDINACION)
    expediente = expediente_para_baja(
        unidad=coordinacion.perfil.unidad, estado=Expediente.Estado.DADO_DE_BAJA, etapa=Expediente.Etapa.BAJA
    )
    with pytest.raises(ConflictError):
        retencion_place(actor=coordinacion, expediente=expediente, motivo="tarde")


# --- pages and API ------------------------------------------------------------------------------------------------


def test_panel_places_and_lifts_a_hold(make_user):
    """Coordinación places a hold on the expediente's panel and lifts it from the same page."""
    coordinacion = make_user(Rol.COORDINACION)
    expediente = expediente_cerrado(unidad=UnidadFactory())
    client = client_for(coordinacion)
    url = reverse("earchivo:retenciones", args=[expediente.pk])
    assert client.post(url, {"motivo": "Auditoría ASF"}).status_code == 302
    retencion = RetencionLegal.objects.get()
    assert "Auditoría ASF" in client.get(url).content.decode()
    client.post(reverse("earchivo:retencion_levantar", args=[retencion.pk]), {"motivo": "Concluida"})
    assert not RetencionLegal.objects.get().activa


def test_panel_refusals(make_user):
    """The AT sees its own expediente's panel but may not place (403); another unidad's expediente is 404;
    lifting without the permission is 403; without the module, 403."""
    at, coordinacion = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION)
    propio = expediente_cerrado(unidad=at.perfil.unidad)
    ajeno = expediente_cerrado(unidad=UnidadFactory())
    client = client_for(at)
    assert client.get(reverse("earchivo:retenciones", args=[propio.pk])).status_code == 200
    assert client.post(reverse("earchivo:retenciones", args=[propio.pk]), {"motivo": "x"}).status_code == 403
    assert client.get(reverse("earchivo:retenciones", args=[ajeno.pk])).status_code == 404
    retencion = retencion_place(actor=coordinacion, expediente=propio, motivo="Auditoría")
    assert client.post(reverse("earchivo:retencion_levantar", args=[retencion.pk]), {"motivo": "x"}).status_code == 403
    administrador = client_for(make_user(Rol.ADMINISTRADOR))
    assert administrador.get(reverse("earchivo:retenciones", args=[propio.pk])).status_code == 403


def test_api_holds(make_user):
    """List, place (201) and lift through the API; 400 without motivo; 403 for the AT; 404 for another unidad."""
    at, coordinacion = make_user(Rol.RESPONSABLE_AT), make_user(Rol.COORDINACION)
    expediente = expediente_cerrado(unidad=at.perfil.unidad)
    url = f"/api/v1/archivo/expedientes/{expediente.pk}/retenciones/"
    coord = client_for(coordinacion)
    assert coord.post(url, {"motivo": ""}, content_type="application/json").status_code == 400
    response = coord.post(url, {"motivo": "Litigio"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["activa"] is True
    pk = response.json()["id"]
    assert client_for(at).post(url, {"motivo": "x"}, content_type="application/json").status_code == 403
    assert [r["motivo"] for r in client_for(at).get(url).json()] == ["Litigio"]
    otro = client_for(make_user(Rol.RESPONSABLE_AT))
    assert otro.get(url).status_code == 404
    lift = f"/api/v1/archivo/retenciones/{pk}/levantar/"
    assert client_for(at).post(lift, {"motivo": "x"}, content_type="application/json").status_code == 403
    response = coord.post(lift, {"motivo": "Sentencia"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["activa"] is False
