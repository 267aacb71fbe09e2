"""The inline view of a version shows only harmless types in SAI's own origin; anything else is a download."""

import datetime

import pytest
from django.urls import reverse

from sai.org.roles import Rol
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db

XHTML_SCRIPT = (
    b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
    b"<script>fetch('/api/v1/archivo/expedientes/')</script></body></html>"
)


def _documento(contenido: bytes):
    unidad = UnidadFactory()
    rat = user_in(unidad, Rol.RESPONSABLE_AT)
    expediente = ExpedienteFactory(unidad=unidad, responsable=rat, fecha_apertura=datetime.date(2024, 2, 1), anio=2024)
    return rat, DocumentoFactory(expediente=expediente, version__contenido=contenido)


def test_inline_view_of_xml_with_script_is_refused_as_download(client):
    """An uploaded XML carrying XHTML script is never rendered in the page's origin: it comes as an attachment."""
    rat, documento = _documento(XHTML_SCRIPT)
    client.force_login(rat)
    response = client.get(reverse("earchivo:version_view", args=[documento.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_inline_view_of_plain_text_stays_inline(client):
    """Plain text (never sniffed into HTML) is still shown in the browser."""
    rat, documento = _documento(b"contenido del oficio")
    client.force_login(rat)
    response = client.get(reverse("earchivo:version_view", args=[documento.pk, 1]))
    assert response["Content-Disposition"].startswith("inline")
