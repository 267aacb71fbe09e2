"""REST API of firma: certificates, requests, two-phase and server-side signing, validation, refusals."""

import base64

import pytest
from django.test import RequestFactory
from django.views.debug import SafeExceptionReporterFilter
from rest_framework.test import APIClient, force_authenticate

from firma.api import FirmarServidorView
from firma.models import Certificado, SolicitudFirma
from sai.audit.models import EntradaBitacora
from tests.firma.conftest import blob_bytes, grant, identify
from tests.firma.test_dos_fases import navegador_firma
from tests.firma.testpki.pki import PASSWORD

API = "/api/v1/firma"


def _file(pki, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pki.path(name).read_bytes())


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_register_and_list_certificates(make_user, pki):
    """A signer registers a .cer and lists it with RFC, CURP and certificate number."""
    user = grant(identify(make_user(), pki, "firmante1"), "firmar_documento")
    client = api_for(user)
    response = client.post(f"{API}/certificados/", {"cer": _file(pki, "firmante1.cer")}, format="multipart")
    assert response.status_code == 201, response.json()
    assert (response.json()["rfc"], response.json()["curp"]) == ("LOPM800101AB1", "LOPM800101MDFPRR01")
    listing = client.get(f"{API}/certificados/").json()
    assert [c["numero_certificado"] for c in listing] == [response.json()["numero_certificado"]]


def test_register_refusal_has_field_errors(make_user, pki):
    """An expired certificate is refused with 400 and the reason on the `certificado` field."""
    user = grant(make_user(), "firmar_documento")
    response = api_for(user).post(f"{API}/certificados/", {"cer": _file(pki, "expirado.cer")}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["certificado"][0].startswith("El certificado venció el")


def test_endpoints_refuse_users_without_permission(make_user, firmante, solicitud_para, pki):
    """Without firma permissions: 403 on every endpoint; with them, a request outside one's reach is 404."""
    user, _ = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    client = api_for(make_user())
    u = solicitud.uuid
    assert client.get(f"{API}/certificados/").status_code == 403
    cer = _file(pki, "firmante1.cer")
    assert client.post(f"{API}/certificados/", {"cer": cer}, format="multipart").status_code == 403
    body = {"firmable_id": solicitud.firmable_id, "folio": "X", "firmantes": [{"usuario": user.pk}]}
    assert client.post(f"{API}/solicitudes/", body, format="json").status_code == 403
    assert client.post(f"{API}/solicitudes/{u}/preparar/", {"certificado": 1}, format="json").status_code == 403
    assert client.post(f"{API}/solicitudes/{u}/completar/", {"firma": "AA=="}, format="json").status_code == 403
    files = {"certificado": "1", "llave": _file(pki, "firmante1.key"), "contrasena": PASSWORD}
    assert client.post(f"{API}/solicitudes/{u}/firmar/", files, format="multipart").status_code == 403
    pdf = _file(pki, "raiz.pem")
    assert client.post(f"{API}/validar/", {"archivo": pdf}, format="multipart").status_code == 403
    assert client.get(f"{API}/solicitudes/{u}/").status_code == 403
    assert client.get(f"{API}/solicitudes/{u}/pdf/").status_code == 403
    stranger = api_for(grant(make_user(), "solicitar_firma", "firmar_documento"))
    assert stranger.post(f"{API}/solicitudes/", body, format="json").status_code == 404
    assert stranger.get(f"{API}/solicitudes/{u}/").status_code == 404


def test_create_prepare_complete_and_validate(solicitante, version_pdf, firmante, pki):
    """Create a request, sign it in two phases through the API, read it back and validate the signed PDF."""
    user, certificado = firmante("firmante1")
    version = version_pdf()
    created = api_for(solicitante).post(
        f"{API}/solicitudes/",
        {
            "firmable_tipo": "earchivo.version",
            "firmable_id": version.pk,
            "folio": "DA/9/2026",
            "nivel": "B-T",
            "firmantes": [{"usuario": user.pk, "cargo": "Jefa"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    uuid = created.json()["uuid"]
    assert created.json()["url_verificacion"].endswith(f"/verifica/{uuid}")
    client = api_for(user)
    prep = client.post(f"{API}/solicitudes/{uuid}/preparar/", {"certificado": certificado.pk}, format="json")
    assert prep.status_code == 200 and prep.json()["algoritmo"] == "RSASSA-PKCS1-v1_5/SHA-256"
    firma = navegador_firma(pki, "firmante1", base64.b64decode(prep.json()["atributos"]))
    sello = navegador_firma(pki, "firmante1", prep.json()["cadena"].encode())
    done = client.post(
        f"{API}/solicitudes/{uuid}/completar/",
        {"firma": base64.b64encode(firma).decode(), "sello": base64.b64encode(sello).decode()},
        format="json",
    )
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["estado"] == "firmada" and body["entregada"] is True
    assert version.documento.versiones.get(numero=2).blob_id == body["sha256_actual"]
    assert body["firmantes"][0]["firma"]["nivel"] == "B-T" and body["firmantes"][0]["cargo"] == "Jefa"
    download = client.get(f"{API}/solicitudes/{uuid}/pdf/")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == f'attachment; filename="firma-{uuid}.pdf"'
    pdf = download.getvalue()
    report = client.post(f"{API}/validar/", {"archivo": _upload(pdf)}, format="multipart").json()
    assert report["valido"] and report["firmas"][0]["rfc"] == "LOPM800101AB1"


def _upload(data: bytes, name="doc.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_server_side_signing_never_keeps_key_or_password(firmante, solicitud_para, pki):
    """Server-side signing works; no audit entry holds the key bytes or the password."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    key = pki.key("firmante1")
    response = api_for(user).post(
        f"{API}/solicitudes/{solicitud.uuid}/firmar/",
        {"certificado": str(certificado.pk), "llave": _upload(key, "f.key"), "contrasena": PASSWORD},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    assert blob_bytes(solicitud.actual_blob)[:5] == b"%PDF-"
    forms = (PASSWORD, base64.b64encode(key).decode()[:40], key.hex()[:40])
    for entry in EntradaBitacora.objects.all():
        text = str(entry.datos)
        assert not any(secret in text for secret in forms), entry.accion


def test_server_side_signing_purges_secrets_from_the_request(firmante, solicitud_para, pki):
    """After the view runs, the parsed request holds neither the .key nor the password, and error reports mask them."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    request = RequestFactory().post(
        f"{API}/solicitudes/{solicitud.uuid}/firmar/",
        {"certificado": str(certificado.pk), "llave": _upload(pki.key("firmante1"), "f.key"), "contrasena": "mala"},
    )
    force_authenticate(request, user=user)
    response = FirmarServidorView.as_view()(request, uuid=solicitud.uuid)
    assert response.status_code == 400
    assert response.data["errors"] == {"contrasena": ["La contraseña de la llave privada es incorrecta."]}
    assert "contrasena" not in request.POST and "llave" not in request.FILES
    assert set(request.sensitive_post_parameters) == {"llave", "contrasena"}
    masked = SafeExceptionReporterFilter().get_post_parameters(request)
    assert "mala" not in str(masked)
    assert not Certificado.objects.filter(propietario=user).exclude(pk=certificado.pk).exists()


@pytest.mark.parametrize("campo", ["llave", "certificado"])
def test_server_side_signing_missing_parts_are_field_errors(firmante, solicitud_para, pki, campo):
    """A missing .key or certificate id answers 400 naming the field."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    data = {"certificado": str(certificado.pk), "llave": _upload(pki.key("firmante1"), "f.key"), "contrasena": "x"}
    data.pop(campo)
    response = api_for(user).post(f"{API}/solicitudes/{solicitud.uuid}/firmar/", data, format="multipart")
    assert response.status_code == 400 and campo in response.json()["errors"]


def test_document_list_gives_the_version_id_that_a_request_needs(solicitante, version_pdf, firmante):
    """e-archivo's API lists each version's id; POSTing it as firmable_id sends that version to signature."""
    user, _ = firmante("firmante1")
    version = version_pdf()
    client = api_for(solicitante)
    documentos = client.get(f"/api/v1/archivo/expedientes/{version.documento.expediente_id}/documentos/").json()
    (listada,) = documentos[0]["versiones"]
    assert listada["id"] == version.pk and listada["firma_solicitud"] is None
    body = {"firmable_id": listada["id"], "folio": "DA/0004/2026", "nivel": "B-B", "firmantes": [{"usuario": user.pk}]}
    response = client.post(f"{API}/solicitudes/", body, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["firmable_tipo"], response.json()["firmable_id"]) == ("earchivo.version", version.pk)
