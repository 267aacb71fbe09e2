"""A DOCX document's fojas are the pages LibreOffice lays it out on (tests/core/test_conversion.py for the service)."""

import datetime
import io

import pytest

from earchivo.services.documentos import documento_create
from sai.org.roles import Rol
from tests.docx_files import docx_bytes
from tests.earchivo.factories import ExpedienteFactory, TipoDocumentalFactory, user_in

pytestmark = pytest.mark.django_db


def _add(content: bytes, filename: str, **kwargs):
    expediente = ExpedienteFactory()
    return documento_create(
        actor=user_in(expediente.unidad, Rol.CAPTURISTA),
        expediente=expediente,
        tipo_documental=TipoDocumentalFactory(nombre="Oficio"),
        titulo="Oficio de respuesta",
        fecha=datetime.date.today(),
        fileobj=io.BytesIO(content),
        filename=filename,
        **kwargs,
    )


def test_docx_pages_are_counted_and_give_fojas():
    documento = _add(docx_bytes("Hoja uno", "Hoja dos", "Hoja tres"), "respuesta.docx")
    assert documento.versiones.get().paginas == 3
    assert documento.fojas == 3
    assert documento.expediente.fojas == 3


def test_a_damaged_docx_is_stored_without_a_page_count():
    """Capture never fails for the count: an unreadable DOCX is kept, its fojas left to the capturista."""
    damaged = docx_bytes("Hoja uno")[:-200]
    documento = _add(damaged, "dañado.docx", fojas=4)
    assert documento.versiones.get().paginas is None
    assert documento.fojas == 4
