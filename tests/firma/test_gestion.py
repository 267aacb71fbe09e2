"""Cancel, decline and reassign: each needs a reason, is audited and shown, and releases the document's lock."""

import pytest
from rest_framework.test import APIClient

from firma.engine.errors import OrdenError
from firma.models import Firmante, SolicitudFirma
from firma.services import (
    firma_prepare,
    firma_sign,
    firmante_reassign,
    solicitud_cancel,
    solicitud_create,
    solicitud_decline,
)
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.factories import user_in
from tests.firma.conftest import llave, version_de

API = "/api/v1/firma/solicitudes"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _otra_vez(solicitante, solicitud, *firmantes):
    """A new request for the same document: possible only once the previous one released it."""
    return solicitud_create(
        actor=solicitante,
        firmable_tipo=solicitud.firmable_tipo,
        firmable_id=solicitud.firmable_id,
        firmantes=[(u, "") for u in firmantes],
        folio="DA/0009/2026",
        nivel="B-B",
    )


def test_requester_cancels_with_a_reason_and_the_document_is_free_again(firmante, solicitud_para, solicitante):
    """Without a reason: a field error. With one: cancelled, audited, shown, and the version can be sent again."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    with pytest.raises(ConflictError):
        _otra_vez(solicitante, solicitud, user)
    with pytest.raises(ApplicationError) as info:
        solicitud_cancel(actor=solicitante, solicitud=solicitud, motivo="  ")
    assert "motivo" in info.value.errors

    solicitud_cancel(actor=solicitante, solicitud=solicitud, motivo="Folio equivocado")
    solicitud.refresh_from_db()
    assert (solicitud.estado, solicitud.terminada_por, solicitud.motivo_termino) == (
        SolicitudFirma.Estado.CANCELADA,
        solicitante,
        "Folio equivocado",
    )
    entry = EntradaBitacora.objects.get(accion="firma.solicitud_cancelar")
    assert entry.datos["motivo"] == "Folio equivocado" and entry.actor == solicitante
    assert _otra_vez(solicitante, solicitud, user).estado == SolicitudFirma.Estado.EN_FIRMA
    with pytest.raises(OrdenError):
        solicitud_cancel(actor=solicitante, solicitud=solicitud, motivo="otra vez")


def test_only_the_requester_or_coordinacion_cancel(firmante, solicitud_para, expediente):
    """A signer cannot cancel someone else's request; Coordinación de Archivos can."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    with pytest.raises(PermissionDeniedError):
        solicitud_cancel(actor=user, solicitud=solicitud, motivo="No me corresponde")
    coordinacion = user_in(expediente.unidad, Rol.COORDINACION)
    solicitud_cancel(actor=coordinacion, solicitud=solicitud, motivo="Duplicada")
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.CANCELADA and solicitud.terminada_por == coordinacion


def test_a_signer_declines_and_the_request_ends(firmante, solicitud_para, solicitante, pki):
    """The second signer declines before signing: the request ends; nobody signs it any more; it can be re-sent."""
    (u1, c1), (u2, _) = firmante("firmante1"), firmante("firmante2")
    solicitud = solicitud_para(u1, u2, nivel="B-B")
    key, password = llave(pki, "firmante1")
    firma_sign(actor=u1, solicitud=solicitud, certificado=c1, llave=key, contrasena=password)
    with pytest.raises(ConflictError):
        solicitud_decline(actor=u1, solicitud=solicitud, motivo="Ya firmé, pero me arrepentí")
    solicitud_decline(actor=u2, solicitud=solicitud, motivo="El monto es incorrecto")
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.RECHAZADA and solicitud.terminada_por == u2
    assert solicitud.firmantes.get(usuario=u2).estado == Firmante.Estado.RECHAZADA
    assert EntradaBitacora.objects.filter(accion="firma.solicitud_rechazar", actor=u2).count() == 1
    with pytest.raises(OrdenError) as info:
        firma_prepare(actor=u2, solicitud=solicitud, certificado=c1)
    assert info.value.codigo == "cerrada"
    assert _otra_vez(solicitante, solicitud, u1, u2).estado == SolicitudFirma.Estado.EN_FIRMA


def test_a_pending_signer_is_reassigned_and_the_new_one_signs(firmante, solicitud_para, solicitante, pki, make_user):
    """The place goes to another Firmante (checked like any signer); the replaced one can no longer sign."""
    (u1, c1), (u2, c2) = firmante("firmante1"), firmante("firmante2")
    solicitud = solicitud_para(u1, nivel="B-B")
    with pytest.raises(ApplicationError) as info:
        firmante_reassign(actor=solicitante, solicitud=solicitud, orden=1, usuario=make_user(), motivo="Ausente")
    assert "no tiene permiso para firmar" in info.value.errors["firmantes"][0]
    firmante_reassign(actor=solicitante, solicitud=solicitud, orden=1, usuario=u2, cargo="Suplente", motivo="Ausente")
    nuevo = solicitud.firmantes.get(orden=1)
    assert (nuevo.usuario, nuevo.reasignado_de, nuevo.motivo_reasignacion, nuevo.cargo) == (
        u2,
        u1,
        "Ausente",
        "Suplente",
    )
    assert EntradaBitacora.objects.get(accion="firma.firmante_reasignar").datos["antes"] == u1.get_username()
    with pytest.raises(PermissionDeniedError):
        key, password = llave(pki, "firmante1")
        firma_sign(actor=u1, solicitud=solicitud, certificado=c1, llave=key, contrasena=password)
    key, password = llave(pki, "firmante2")
    firma_sign(actor=u2, solicitud=solicitud, certificado=c2, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    assert version_de(solicitud).documento.versiones.count() == 2
    with pytest.raises(OrdenError):
        firmante_reassign(actor=solicitante, solicitud=solicitud, orden=1, usuario=u1, motivo="Tarde")


def test_api_cancel_decline_reassign_and_their_refusals(firmante, solicitud_para, solicitante, make_user):
    """The API offers the three actions; the result (who, when, why) is in the request's detail."""
    (u1, _), (u2, _), (u3, _) = firmante("firmante1"), firmante("firmante2"), firmante("firmante3")
    solicitud = solicitud_para(u1, u2, nivel="B-B")
    u = solicitud.uuid
    assert _api(make_user()).post(f"{API}/{u}/cancelar/", {"motivo": "x"}, format="json").status_code == 403
    assert _api(solicitante).post(f"{API}/{u}/cancelar/", {}, format="json").status_code == 400
    body = {"orden": 2, "usuario": u3.pk, "motivo": "Cambio de titular"}
    response = _api(solicitante).post(f"{API}/{u}/reasignar/", body, format="json")
    assert response.status_code == 200, response.json()
    segundo = response.json()["firmantes"][1]
    assert (segundo["usuario"], segundo["reasignado_de"]) == (u3.username, u2.username)
    response = _api(u3).post(f"{API}/{u}/rechazar/", {"motivo": "No soy el área competente"}, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["estado"], data["terminada_por"], data["motivo_termino"]) == (
        "rechazada",
        u3.username,
        "No soy el área competente",
    )
    assert _api(solicitante).post(f"{API}/{u}/cancelar/", {"motivo": "x"}, format="json").status_code == 409


def test_request_page_shows_and_performs_the_actions(client, firmante, solicitud_para, solicitante):
    """The requester sees cancel/reassign, a signer sees decline; the reason then shows on the page."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    url = f"/firma/solicitudes/{solicitud.uuid}/"
    client.force_login(user)
    page = client.get(url).text
    assert "Rechazar firmar" in page and "Cancelar la solicitud" not in page
    client.force_login(solicitante)
    page = client.get(url).text
    assert "Cancelar la solicitud" in page and "Reasignar un firmante pendiente" in page
    response = client.post(f"{url}cancelar/", {"cancelar-motivo": ""})
    assert response.status_code == 400 and "Indique el motivo." in response.text
    response = client.post(f"{url}cancelar/", {"cancelar-motivo": "Se envió el borrador"})
    assert response.status_code == 302
    page = client.get(url).text
    assert "Se envió el borrador" in page and "Cancelar la solicitud" not in page
