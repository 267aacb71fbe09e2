"""Sending: internal recipients get it in their bandeja, external ones by e-mail with the signed PDF; the
receiving unidad's first opening stamps a signable acuse; then recibido and archivado."""

import pytest
from django.core import mail
from django.urls import reverse

from eoficio.models import AcuseRecibo, EstadoOficio
from eoficio.selectors.bandejas import bandeja_list
from eoficio.services.acuses import acuse_request_signature, acuse_stamp
from eoficio.services.envio import oficio_archive, oficio_send
from sai.core.exceptions import ApplicationError, ConflictError


def test_send_emails_external_and_reaches_internal_bandeja(oficio_firmado, capturista, destinatario_uaj):
    """The c.c.p. outside SAI gets the signed PDF by e-mail (locmem outbox); UAJ finds it in its entrada."""
    assert not bandeja_list(user=destinatario_uaj, bandeja="entrada").exists()
    oficio = oficio_send(actor=capturista, oficio=oficio_firmado)
    assert oficio.estado == EstadoOficio.ENVIADO
    assert len(mail.outbox) == 1
    correo = mail.outbox[0]
    assert correo.to == ["evidal@oic.gob.mx"] and oficio.numero in correo.subject
    _nombre, contenido, mime = correo.attachments[0]
    assert mime == "application/pdf" and contenido.startswith(b"%PDF")
    assert bandeja_list(user=destinatario_uaj, bandeja="entrada").filter(pk=oficio.pk).exists()


def test_mail_failure_keeps_it_firmado(oficio_firmado, capturista, settings):
    """An unreachable SMTP server refuses the sending as a whole: nothing half-sent."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False
    with pytest.raises(ApplicationError, match="correo"):
        oficio_send(actor=capturista, oficio=oficio_firmado)
    oficio_firmado.refresh_from_db()
    assert oficio_firmado.estado == EstadoOficio.FIRMADO


def test_first_opening_stamps_the_acuse(oficio_firmado, capturista, destinatario_uaj, client):
    """Opening the page as UAJ stamps who, when and the SHA-256 of the signed PDF, once; the oficio is recibido."""
    oficio = oficio_send(actor=capturista, oficio=oficio_firmado)
    client.force_login(destinatario_uaj)
    assert client.get(reverse("eoficio:oficio_detail", args=[oficio.pk])).status_code == 200
    client.get(reverse("eoficio:oficio_detail", args=[oficio.pk]))
    acuse = AcuseRecibo.objects.get()
    assert acuse.recibido_por == destinatario_uaj and acuse.sha256 == oficio.pdf_firmado_id
    oficio.refresh_from_db()
    assert oficio.estado == EstadoOficio.RECIBIDO
    assert oficio_archive(actor=capturista, oficio=oficio).estado == EstadoOficio.ARCHIVADO


def test_issuer_opening_stamps_nothing(oficio_firmado, capturista):
    oficio = oficio_send(actor=capturista, oficio=oficio_firmado)
    assert acuse_stamp(actor=capturista, oficio=oficio) is None


def test_acuse_is_signable_by_the_receiving_unidad(oficio_firmado, capturista, destinatario_uaj, con_certificado, pki):
    oficio = oficio_send(actor=capturista, oficio=oficio_firmado)
    user, certificado = con_certificado(destinatario_uaj, "firmante2")
    acuse = acuse_stamp(actor=user, oficio=oficio)
    solicitud = acuse_request_signature(actor=user, acuse=acuse)
    from firma.services import firma_sign
    from tests.firma.conftest import llave

    key, password = llave(pki, "firmante2")
    firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    acuse.refresh_from_db()
    assert acuse.pdf_firmado_id is not None


def test_cannot_archive_before_the_acuse(oficio_firmado, capturista):
    oficio = oficio_send(actor=capturista, oficio=oficio_firmado)
    with pytest.raises(ApplicationError, match="acuse"):
        oficio_archive(actor=capturista, oficio=oficio)


def test_cannot_send_twice(oficio_firmado, capturista):
    oficio = oficio_send(actor=capturista, oficio=oficio_firmado)
    with pytest.raises(ConflictError, match="Enviado"):
        oficio_send(actor=capturista, oficio=oficio)


def test_acuse_signing_from_the_page(oficio_firmado, capturista, destinatario_uaj, con_certificado, client):
    """The receiving unidad's page offers to sign its acuse and sends it to firma; the issuer cannot."""
    from django.urls import reverse

    from firma.models import SolicitudFirma

    oficio = oficio_send(actor=capturista, oficio=oficio_firmado)
    user, _ = con_certificado(destinatario_uaj, "firmante2")
    client.force_login(user)
    page = client.get(reverse("eoficio:oficio_detail", args=[oficio.pk])).content.decode()
    acuse = AcuseRecibo.objects.get()
    assert "Firmar el acuse" in page
    response = client.post(reverse("eoficio:acuse_firmar", args=[oficio.pk, acuse.pk]))
    solicitud = SolicitudFirma.objects.get(firmable_tipo="eoficio.acuse", firmable_id=acuse.pk)
    assert response.status_code == 302 and str(solicitud.uuid) in response["Location"]
    client.force_login(capturista)
    client.post(reverse("eoficio:acuse_firmar", args=[oficio.pk, acuse.pk]))
    assert SolicitudFirma.objects.filter(firmable_tipo="eoficio.acuse").count() == 1
