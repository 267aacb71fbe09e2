"""E-mail through a real SMTP server (tests/smtp.py): Django's mail API, login, a PDF attachment intact."""

import io
import os
import runpy
import smtplib

import pytest
from django.conf import settings
from django.core.mail import EmailMessage
from reportlab.pdfgen import canvas

from sai.settings import email as email_settings
from tests.smtp import USUARIO


def _pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Oficio DGA/001/2026")
    pdf.save()
    return buffer.getvalue()


def test_a_message_with_a_pdf_attachment_is_delivered_over_smtp(smtp_server):
    """The server receives the message from the configured sender, after login, with the PDF byte for byte."""
    pdf = _pdf()
    correo = EmailMessage(
        subject="Oficio DGA/001/2026: remisión de información",
        body="Se adjunta el oficio firmado electrónicamente.",
        to=["enlace@dependencia.gob.mx"],
    )
    correo.attach("DGA-001-2026.pdf", pdf, "application/pdf")
    assert correo.send() == 1

    [recibido] = smtp_server.mensajes
    assert recibido.destinatarios == ["enlace@dependencia.gob.mx"]
    assert recibido.usuario == USUARIO
    assert recibido.mensaje["From"] == settings.DEFAULT_FROM_EMAIL
    assert recibido.mensaje["Subject"] == "Oficio DGA/001/2026: remisión de información"
    [adjunto] = list(recibido.mensaje.iter_attachments())
    assert adjunto.get_filename() == "DGA-001-2026.pdf"
    assert adjunto.get_content_type() == "application/pdf"
    assert adjunto.get_content() == pdf


def test_the_server_refuses_a_wrong_password(smtp_server, settings):
    """The fixture's server really checks the login: a wrong SAI_EMAIL_PASSWORD fails loudly, nothing arrives."""
    settings.EMAIL_HOST_PASSWORD = "otra"
    with pytest.raises(smtplib.SMTPAuthenticationError):
        EmailMessage(subject="x", body="x", to=["a@dependencia.gob.mx"]).send()
    assert smtp_server.mensajes == []


def _email_settings(monkeypatch, **env) -> dict:
    """The settings module read afresh under `env` (and no other SAI_EMAIL_* variable)."""
    for name in [n for n in os.environ if n.startswith("SAI_EMAIL_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(email_settings.__file__)


def test_without_a_host_mail_is_printed_to_the_console(monkeypatch):
    """The embedded default sends nothing out: messages go to the console."""
    assert _email_settings(monkeypatch)["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_sai_email_variables_configure_the_smtp_backend(monkeypatch):
    valores = _email_settings(
        monkeypatch,
        SAI_EMAIL_HOST="smtp.dependencia.gob.mx",
        SAI_EMAIL_PORT="2525",
        SAI_EMAIL_USER="sai",
        SAI_EMAIL_PASSWORD="secreto",
        SAI_EMAIL_USE_TLS="false",
        SAI_EMAIL_TIMEOUT="5",
        SAI_EMAIL_FROM="Oficialía <oficialia@dependencia.gob.mx>",
    )
    assert valores["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (valores["EMAIL_HOST"], valores["EMAIL_PORT"]) == ("smtp.dependencia.gob.mx", 2525)
    assert valores["EMAIL_TIMEOUT"] == 5
    assert (valores["EMAIL_HOST_USER"], valores["EMAIL_HOST_PASSWORD"]) == ("sai", "secreto")
    assert valores["EMAIL_USE_TLS"] is False
    assert valores["DEFAULT_FROM_EMAIL"] == "Oficialía <oficialia@dependencia.gob.mx>"
