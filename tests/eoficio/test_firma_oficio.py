"""Signing: competence checked, number assigned with the PDF that is signed, voided when cancelled, filed on
signature, immutable afterwards."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from eoficio.models import EstadoOficio, Oficio
from eoficio.services.borradores import firmantes_set, oficio_update
from eoficio.services.firma import oficio_request_signature
from eoficio.services.revision import oficio_submit
from firma.models import SolicitudFirma
from firma.services import solicitud_cancel
from firma.services.solicitudes import pdf_read
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.numeracion.models import NumeroAnulado
from sai.numeracion.services import numero_ultimo
from sai.org.roles import Rol
from tests.earchivo.factories import user_in
from tests.eoficio.conftest import firmar


@pytest.fixture
def firmante1(titular, con_certificado):
    return con_certificado(titular, "firmante1")


@pytest.fixture
def firmante2(unidad, con_certificado):
    user = user_in(unidad, Rol.FIRMANTE, first_name="Juan", last_name="García Hernández")
    user.perfil.cargo = "Coordinador Administrativo"
    user.perfil.save(update_fields=["cargo"])
    return con_certificado(user, "firmante2")


@pytest.fixture
def aprobado(borrador, capturista, firmante1, firmante2, settings):
    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-B"
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": firmante1[0]}, {"usuario": firmante2[0]}])
    return oficio_submit(actor=capturista, oficio=borrador)


def _texto(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_two_signers_number_in_the_signed_pdf_and_filed(
    aprobado, capturista, firmante1, firmante2, unidad, competente, pki
):
    """The number DGA/0001/AAAA is printed in the PDF sent to signature; after both signatures the oficio is
    firmado and its signed PDF is a document of its expediente."""
    competente(firmante1[0], unidad)
    competente(firmante2[0], unidad)
    oficio = oficio_request_signature(actor=capturista, oficio=aprobado)
    anio = dt.date.today().year
    assert oficio.estado == EstadoOficio.POR_FIRMAR and oficio.numero == f"DGA/0001/{anio}"
    solicitud = SolicitudFirma.objects.get(firmable_tipo="eoficio.oficio", firmable_id=oficio.pk)
    assert f"DGA/0001/{anio}" in _texto(pdf_read(solicitud.base_blob))
    firmar(pki, *firmante1, oficio)
    firmar(pki, *firmante2, oficio)
    oficio.refresh_from_db()
    assert oficio.estado == EstadoOficio.FIRMADO
    assert oficio.documento.expediente_id == oficio.expediente_id
    assert oficio.documento.tipo_documental.nombre == "Oficio"
    assert oficio.documento.versiones.get().blob_id == oficio.pdf_firmado_id
    with pytest.raises(ConflictError, match="Firmado"):
        oficio_update(actor=capturista, oficio=oficio, asunto="Corrección")


def test_signature_outside_competence_is_refused(aprobado, capturista, firmante1, firmante2, unidad, competente):
    """Without a competence record for this tipo, the request is refused naming the signer; no number is spent."""
    competente(firmante1[0], unidad)
    competente(firmante2[0], unidad, tipo="memorandum")
    with pytest.raises(ApplicationError, match="Juan García Hernández no tiene competencia"):
        oficio_request_signature(actor=capturista, oficio=aprobado)
    assert numero_ultimo(ambito="oficio:DGA:oficio", anio=dt.date.today().year) == 0
    assert Oficio.objects.get(pk=aprobado.pk).estado == EstadoOficio.APROBADO


def test_expired_competence_refused_at_signing(aprobado, capturista, firmante1, firmante2, unidad, competente, pki):
    """Competence is asked again before each signature: one that ended meanwhile refuses the signature."""
    competente(firmante1[0], unidad)
    competencia = competente(firmante2[0], unidad)
    oficio = oficio_request_signature(actor=capturista, oficio=aprobado)
    firmar(pki, *firmante1, oficio)
    competencia.hasta = competencia.desde
    competencia.desde = competencia.desde - dt.timedelta(days=30)
    competencia.hasta = dt.date.today() - dt.timedelta(days=1)
    competencia.save()
    with pytest.raises(PermissionDeniedError, match="no tiene competencia"):
        firmar(pki, *firmante2, oficio)


def test_cancelled_request_voids_the_number(aprobado, capturista, firmante1, firmante2, unidad, competente):
    """Cancelling voids the number with the reason; the next request takes the next number (never reused)."""
    competente(firmante1[0], unidad)
    competente(firmante2[0], unidad)
    oficio = oficio_request_signature(actor=capturista, oficio=aprobado)
    solicitud = SolicitudFirma.objects.get(firmable_tipo="eoficio.oficio", firmable_id=oficio.pk)
    solicitud_cancel(actor=capturista, solicitud=solicitud, motivo="Cambió el destinatario")
    oficio.refresh_from_db()
    assert oficio.estado == EstadoOficio.APROBADO and oficio.numero == ""
    anulado = NumeroAnulado.objects.get()
    assert anulado.numero == 1 and "Cambió el destinatario" in anulado.motivo
    oficio = oficio_request_signature(actor=capturista, oficio=oficio)
    assert oficio.numero.startswith("DGA/0002/")


def test_suplente_signs_with_the_titular_competence_and_legend(
    borrador, capturista, titular, unidad, competente, con_certificado, settings
):
    """A suplente named with a firma Suplencia signs for the absent titular; the legend is printed from it."""
    from firma.models import Suplencia

    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-B"
    suplente = user_in(unidad, Rol.FIRMANTE, first_name="Pedro", last_name="Salas")
    suplente, _ = con_certificado(suplente, "firmante3")
    hoy = dt.date.today()
    suplencia = Suplencia.objects.create(
        titular=titular, suplente=suplente, desde=hoy, hasta=hoy, fundamento="el artículo 40 del Reglamento"
    )
    competente(titular, unidad)
    firmantes_set(
        actor=capturista,
        oficio=borrador,
        firmantes=[{"usuario": suplente, "cargo": "Subdirector", "suplencia": suplencia}],
    )
    oficio = oficio_request_signature(actor=capturista, oficio=oficio_submit(actor=capturista, oficio=borrador))
    texto = _texto(pdf_read(oficio.pdf))
    assert "En suplencia por ausencia de Tomás Ruiz Medina" in texto


def test_same_number_never_twice_across_tipos(borrador, capturista, firmante1, unidad, competente, settings):
    """Each tipo has its own consecutive per unidad and year."""
    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-B"
    competente(firmante1[0], unidad)
    competente(firmante1[0], unidad, tipo="memorandum")
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": firmante1[0]}])
    oficio_update(actor=capturista, oficio=borrador, tipo="memorandum")
    oficio = oficio_request_signature(actor=capturista, oficio=oficio_submit(actor=capturista, oficio=borrador))
    assert oficio.ambito_numero == "oficio:DGA:memorandum" and oficio.consecutivo == 1
