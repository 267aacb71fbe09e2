"""Batch signing, server mode: one `.key` for many requests; one bad document is reported and the rest are signed."""

import uuid

import pytest

from firma.models import SolicitudFirma
from firma.services import solicitud_cancel
from tests.earchivo.factories import user_in
from tests.firma.test_api import API, _upload, api_for
from tests.firma.testpki.pki import PASSWORD

pytestmark = pytest.mark.django_db


def _post(user, certificado, uuids, pki, contrasena=PASSWORD):
    return api_for(user).post(
        f"{API}/lote/firmar/",
        {
            "certificado": str(certificado.pk),
            "llave": _upload(pki.key("firmante1"), "f.key"),
            "contrasena": contrasena,
            "solicitudes": [str(u) for u in uuids],
        },
        format="multipart",
    )


def test_batch_reports_each_document_and_does_not_stop(firmante, solicitud_para, solicitante, pki):
    user, certificado = firmante("firmante1")
    primera, cancelada, tercera = (solicitud_para(user, nivel="B-B") for _ in range(3))
    solicitud_cancel(actor=solicitante, solicitud=cancelada, motivo="Se envió el oficio equivocado")
    ajena = uuid.uuid4()

    response = _post(user, certificado, [primera.uuid, cancelada.uuid, ajena, tercera.uuid], pki)

    assert response.status_code == 200, response.json()
    report = {r["solicitud"]: r for r in response.json()}
    assert [r["solicitud"] for r in response.json()] == [
        str(u) for u in (primera.uuid, cancelada.uuid, ajena, tercera.uuid)
    ]
    assert report[str(primera.uuid)]["firmada"] and report[str(tercera.uuid)]["firmada"]
    assert not report[str(cancelada.uuid)]["firmada"]
    assert "ya no está en firma" in report[str(cancelada.uuid)]["error"]
    assert report[str(cancelada.uuid)]["codigo"] == "cerrada"
    assert not report[str(ajena)]["firmada"] and "no existe" in report[str(ajena)]["error"]
    for solicitud in (primera, tercera):
        solicitud.refresh_from_db()
        assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    assert not cancelada.firmas.exists()


def test_wrong_password_refuses_the_whole_batch(firmante, solicitud_para, pki):
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    response = _post(user, certificado, [solicitud.uuid], pki, contrasena="equivocada1")
    assert response.status_code == 400
    assert "contraseña" in response.json()["detail"]
    assert not solicitud.firmas.exists()


def test_batch_refuses_users_who_cannot_sign_and_bad_lists(firmante, solicitud_para, expediente, pki):
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    assert _post(user_in(expediente.unidad), certificado, [solicitud.uuid], pki).status_code == 403
    malo = _post(user, certificado, ["no-es-uuid"], pki)
    assert malo.status_code == 400 and "solicitudes" in malo.json()["errors"]
    vacio = _post(user, certificado, [], pki)
    assert vacio.status_code == 400 and "solicitudes" in vacio.json()["errors"]
    assert not solicitud.firmas.exists()
