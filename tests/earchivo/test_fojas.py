"""Scans count one foja per page: a multi-page TIFF its frames, a JPEG or PNG one; the expediente sums them."""

import datetime
import io

import pytest
from PIL import Image

from earchivo.services.documentos import documento_create, documento_version_add
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, TipoDocumentalFactory, pdf_bytes, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def expediente():
    return ExpedienteFactory(fecha_apertura=datetime.date(2024, 1, 10), anio=2024)


@pytest.fixture
def capturista(expediente):
    return user_in(expediente.unidad, Rol.CAPTURISTA)


def _image(fmt: str, pages: int = 1) -> bytes:
    frames = [Image.new("L", (40, 60), color=40 * n) for n in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format=fmt, save_all=pages > 1, append_images=frames[1:])
    return buffer.getvalue()


def _add(actor, expediente, content: bytes, filename: str, **kwargs):
    return documento_create(
        actor=actor,
        expediente=expediente,
        tipo_documental=TipoDocumentalFactory(),
        fileobj=io.BytesIO(content),
        filename=filename,
        titulo=f"Escaneo {filename}",
        fecha=datetime.date(2024, 1, 12),
        **kwargs,
    )


def test_multipage_tiff_counts_each_page(capturista, expediente):
    """A 5-page TIFF scan is 5 fojas, on the document, its version and the expediente."""
    documento = _add(capturista, expediente, _image("TIFF", pages=5), "acta.tif")
    assert (documento.fojas, documento.versiones.get().paginas) == (5, 5)
    expediente.refresh_from_db()
    assert expediente.fojas == 5


@pytest.mark.parametrize(("fmt", "filename"), [("JPEG", "hoja.jpg"), ("PNG", "hoja.png"), ("TIFF", "hoja.tif")])
def test_single_page_images_count_one_foja(capturista, expediente, fmt, filename):
    """A JPEG, a PNG or a one-page TIFF is one foja (not zero)."""
    assert _add(capturista, expediente, _image(fmt), filename).fojas == 1


def test_expediente_sums_pdf_pages_and_scans(capturista, expediente):
    """3-page PDF + 4-page TIFF + JPEG = 8 fojas; a count typed by hand still wins."""
    _add(capturista, expediente, pdf_bytes(pages=3), "oficio.pdf")
    _add(capturista, expediente, _image("TIFF", pages=4), "anexo.tiff")
    _add(capturista, expediente, _image("JPEG"), "foto.jpg")
    _add(capturista, expediente, _image("TIFF", pages=4), "copia.tif", fojas=2)
    expediente.refresh_from_db()
    assert expediente.fojas == 3 + 4 + 1 + 2


def test_new_tiff_version_records_its_pages(capturista, expediente):
    """A new version of a scan records its own page count."""
    documento = _add(capturista, expediente, _image("TIFF", pages=2), "acta.tif")
    version = documento_version_add(
        actor=capturista,
        documento=documento,
        fileobj=io.BytesIO(_image("TIFF", pages=3)),
        filename="acta-completa.tif",
        motivo="Se escaneó la tercera hoja",
    )
    assert version.paginas == 3


def test_a_broken_tiff_is_stored_without_a_page_count(capturista, expediente):
    """A TIFF whose pages cannot be read is still stored; its fojas are left for a person to type."""
    content = _image("TIFF", pages=2)[:60]
    documento = _add(capturista, expediente, content, "roto.tif")
    assert documento.versiones.get().paginas is None
