"""A real SMTP server on loopback (aiosmtpd) for the e-mail tests, with Django's SMTP backend pointed at it.

Use the `smtp_server` fixture (imported by tests/conftest.py): every message Django sends during the test is
delivered over SMTP, with login, and lands parsed in `smtp_server.mensajes`.
"""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

USUARIO, CLAVE = "sai-pruebas", "clave-smtp-de-pruebas"


@dataclass(frozen=True)
class Recibido:
    remitente: str
    destinatarios: list[str]
    mensaje: EmailMessage
    usuario: str  # who logged in to send it


@dataclass
class Buzon:
    """The aiosmtpd handler: keeps what arrives."""

    mensajes: list[Recibido] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        mensaje = message_from_bytes(envelope.original_content, policy=policy.default)
        usuario = session.auth_data.decode() if session.authenticated else ""
        self.mensajes.append(Recibido(envelope.mail_from, list(envelope.rcpt_tos), mensaje, usuario))
        return "250 Message accepted for delivery"


def _autenticar(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = auth_data.login == USUARIO.encode() and auth_data.password == CLAVE.encode()
    return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)  # handled: answer 535


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Start the server, point Django's SMTP backend at it (plain SMTP with AUTH), stop it afterwards."""
    buzon = Buzon()
    controller = Controller(
        buzon,
        hostname="127.0.0.1",
        port=_puerto_libre(),
        authenticator=_autenticar,
        auth_require_tls=False,  # loopback only; production uses SAI_EMAIL_USE_TLS
    )
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = USUARIO, CLAVE
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield buzon
    finally:
        controller.stop()
