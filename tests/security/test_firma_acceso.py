"""Issue 8, item 8: a signature request is not a hidden access grant.

Naming a signer who may not see the document is refused (the requester grants access explicitly first, which
e-archivo lists and can revoke); the API refuses signers without the firma role, as the page does; and a request's
PDF follows the document's own door, so a signer whose access ends can no longer download it.

The request bodies carry both the old (`version`) and the new (`firmable_id`) field, so each test runs unchanged
against the code before the fix (where it fails) and after it.
"""

import pytest
from rest_framework.test import APIClient

from earchivo.models import ClasificacionInformacion
from earchivo.services.accesos import acceso_clasificado_otorgar, acceso_clasificado_revocar
from firma.models import SolicitudFirma
from sai.org.roles import Rol
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, VersionFactory, user_in
from tests.factories import UnidadFactory
from tests.firma.conftest import firma_settings, grant, oficio_pdf, pki  # noqa: F401 - firma's test PKI settings

API = "/api/v1/firma/solicitudes/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def reservado(db):
    """A reservada expediente of unidad A with one PDF; its responsable may send it to signature."""
    unidad = UnidadFactory()
    responsable = grant(user_in(unidad, Rol.RESPONSABLE_AT), "solicitar_firma")
    expediente = ExpedienteFactory(
        unidad=unidad, responsable=responsable, clasificacion=ClasificacionInformacion.RESERVADA
    )
    documento = DocumentoFactory(expediente=expediente, version=None)
    version = VersionFactory(documento=documento, contenido=oficio_pdf(), nombre_archivo="oficio.pdf")
    return responsable, expediente, version


def _body(version, *signers) -> dict:
    return {
        "version": version.pk,
        "firmable_tipo": "earchivo.version",
        "firmable_id": version.pk,
        "folio": "UA/0001/2026",
        "nivel": "B-B",
        "firmantes": [{"usuario": user.pk, "cargo": ""} for user in signers],
    }


def test_naming_a_signer_who_cannot_see_the_document_is_refused(reservado):
    """A Firmante of another unidad cannot see the reservada expediente: the request is refused, naming them."""
    responsable, expediente, version = reservado
    ajeno = user_in(UnidadFactory(), Rol.FIRMANTE, first_name="Pedro", last_name="Ajeno")
    response = _api(responsable).post(API, _body(version, ajeno), format="json")
    assert response.status_code == 400, response.content
    mensaje = response.json()["errors"]["firmantes"][0]
    assert "Pedro Ajeno" in mensaje and expediente.clave in mensaje and "otórguele acceso" in mensaje
    assert not SolicitudFirma.objects.exists()


def test_the_api_refuses_signers_without_the_firma_role(reservado):
    """A user of the same unidad who does not hold firma.firmar_documento cannot be named a signer."""
    responsable, expediente, version = reservado
    capturista = user_in(expediente.unidad, Rol.CAPTURISTA, first_name="Carla", last_name="Captura")
    response = _api(responsable).post(API, _body(version, responsable, capturista), format="json")
    assert response.status_code == 400, response.content
    mensaje = response.json()["errors"]["firmantes"][0]
    assert "Carla Captura" in mensaje and "firmar documentos" in mensaje
    assert not SolicitudFirma.objects.exists()


def test_an_explicit_grant_admits_the_signer_and_its_revocation_ends_their_access(reservado):
    """Access is given in e-archivo (listed, revocable); once revoked, the request and its PDF are out of reach."""
    responsable, expediente, version = reservado
    ajeno = user_in(UnidadFactory(), Rol.FIRMANTE)
    acceso_clasificado_otorgar(actor=responsable, expediente=expediente, usuario=ajeno, motivo="Firma del oficio")
    response = _api(responsable).post(API, _body(version, ajeno), format="json")
    assert response.status_code == 201, response.content
    uuid = response.json()["uuid"]
    firmante = _api(ajeno)
    assert firmante.get(f"{API}{uuid}/pdf/").status_code == 200

    acceso_clasificado_revocar(actor=responsable, expediente=expediente, usuario=ajeno, motivo="Ya no firma")
    assert firmante.get(f"{API}{uuid}/pdf/").status_code == 404
    assert firmante.get(f"{API}{uuid}/").status_code == 404
    assert firmante.post(f"{API}{uuid}/preparar/", {"certificado": 1}, format="json").status_code == 404


def test_the_page_shows_the_refusal_on_the_signer_field(client, reservado):
    """Sending from the page: the same refusal appears on the form, and no request is made."""
    responsable, expediente, version = reservado
    ajeno = user_in(UnidadFactory(), Rol.FIRMANTE, first_name="Pedro", last_name="Ajeno")
    client.force_login(responsable)
    response = client.post(
        f"/firma/enviar/earchivo.version/{version.pk}/",
        {"folio": "UA/0002/2026", "nivel": "B-B", "firmante_1": ajeno.pk, "cargo_1": "Director"},
    )
    assert response.status_code == 200
    assert f"Pedro Ajeno no puede ver el expediente {expediente.clave}" in response.text
    assert not SolicitudFirma.objects.exists()
