"""End to end through the services: draft → review with a change → two signers → sent to another unidad → acuse
→ the answer drafted as `respuesta_a`, signed and sent back; both filed in their expedientes; the bitácora's
chain verifies."""

import pytest

from eoficio.models import EstadoOficio
from eoficio.selectors.detalle import oficio_detalle
from eoficio.services.acuses import acuse_stamp
from eoficio.services.borradores import destinatarios_set, firmantes_set, oficio_create, oficio_update
from eoficio.services.envio import oficio_send
from eoficio.services.firma import oficio_request_signature
from eoficio.services.revision import oficio_submit, revision_aprobar, revision_devolver, revisores_set
from sai.audit.services import audit_chain_verify
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, user_in
from tests.eoficio.conftest import firmar


@pytest.fixture
def firmantes(titular, unidad, con_certificado, competente):
    segundo = user_in(unidad, Rol.FIRMANTE, first_name="Juan", last_name="García")
    pares = [con_certificado(titular, "firmante1"), con_certificado(segundo, "firmante2")]
    for user, _ in pares:
        competente(user, unidad)
    return pares


def test_ida_y_vuelta(
    borrador, capturista, revisor, firmantes, destinatario_uaj, otra_unidad, competente, con_certificado, pki, settings
):
    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-B"
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": u} for u, _ in firmantes])
    revisores_set(actor=capturista, oficio=borrador, revisores=[revisor])
    oficio = oficio_submit(actor=capturista, oficio=borrador)
    oficio = revision_devolver(actor=revisor, oficio=oficio, comentario="Agregue el plazo.")
    oficio_update(actor=capturista, oficio=oficio, cuerpo="<p>Solicito el informe en un plazo de 10 días hábiles.</p>")
    oficio = revision_aprobar(actor=revisor, oficio=oficio_submit(actor=capturista, oficio=oficio))
    oficio = oficio_request_signature(actor=capturista, oficio=oficio)
    for user, certificado in firmantes:
        firmar(pki, user, certificado, oficio)
    oficio.refresh_from_db()
    assert oficio.estado == EstadoOficio.FIRMADO and oficio.documento.expediente == oficio.expediente
    oficio = oficio_send(actor=capturista, oficio=oficio)
    assert acuse_stamp(actor=destinatario_uaj, oficio=oficio) is not None
    oficio.refresh_from_db()
    assert oficio.estado == EstadoOficio.RECIBIDO

    # The answer, from UAJ, in its own expediente, signed by its titular.
    expediente_uaj = ExpedienteFactory(unidad=otra_unidad, serie=SerieFactory(unidades=[otra_unidad]))
    respuesta = oficio_create(actor=destinatario_uaj, expediente=expediente_uaj, asunto="Respuesta", respuesta_a=oficio)
    oficio_update(actor=destinatario_uaj, oficio=respuesta, cuerpo="<p>Se remite el informe solicitado.</p>")
    destinatarios_set(actor=destinatario_uaj, oficio=respuesta, destinatarios=[{"usuario": oficio.en_nombre_de}])
    user, certificado = con_certificado(destinatario_uaj, "firmante3")
    competente(user, otra_unidad)
    firmantes_set(actor=user, oficio=respuesta, firmantes=[{"usuario": user}])
    respuesta = oficio_request_signature(actor=user, oficio=oficio_submit(actor=user, oficio=respuesta))
    assert respuesta.numero.startswith("UAJ/0001/")
    firmar(pki, user, certificado, respuesta)
    respuesta.refresh_from_db()
    respuesta = oficio_send(actor=user, oficio=respuesta)
    assert respuesta.documento.expediente == expediente_uaj

    hilo = oficio_detalle(user=capturista, id=oficio.pk).hilo
    assert [o.pk for o in hilo] == [oficio.pk, respuesta.pk]
    assert audit_chain_verify().ok
