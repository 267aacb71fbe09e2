"""Carátula PDF: a valid PDF carrying the §3.1 fields and a QR code with the expediente's absolute URL."""

import datetime
import io

import pytest
import segno
from pypdf import PdfReader

from earchivo.services.caratula import caratula_pdf, expediente_url
from earchivo.services.cierre import expediente_close
from sai.org.roles import Rol
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, SerieFactory, SubserieFactory, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _qr_matches(image, url: str) -> bool:
    """Sample the embedded PNG at each module centre and compare with the QR that segno builds for `url`."""
    qr = segno.make(url, error="m")
    scale, border = 4, 2
    pixels = image.convert("L")
    for y, row in enumerate(qr.matrix):
        for x, dark in enumerate(row):
            value = pixels.getpixel(((x + border) * scale + scale // 2, (y + border) * scale + scale // 2))
            if bool(dark) != (value < 128):
                return False
    return True


def test_caratula_has_fields_and_qr(settings):
    """The PDF text holds clave, serie and sección names, and its QR encodes SAI_SITE_URL + the page path."""
    settings.SAI_SITE_URL = "https://sai.example.gob.mx"
    serie = SerieFactory(nombre="Contratos de adquisiciones")
    expediente = ExpedienteFactory(serie=serie, titulo="Contrato de limpieza 2024", asunto="Servicio de limpieza")
    pdf = caratula_pdf(expediente)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for expected in (expediente.clave, "Contratos de adquisiciones", serie.padre.nombre, "Contrato de limpieza 2024"):
        assert expected in text
    for label in ("Procedencia", "Valoración documental", "Vigencia en trámite", "Destino final", "Soporte", "Acceso"):
        assert label in text
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 1
    url = expediente_url(expediente)
    assert url == f"https://sai.example.gob.mx/archivo/expedientes/{expediente.pk}/"
    assert _qr_matches(images[0].image, url)
    assert not _qr_matches(images[0].image, url + "x")


def test_caratula_of_closed_uses_frozen_values_and_shows_reserve():
    """A closed expediente prints its frozen vigencias and clocks; a reservada one its reserve data."""
    serie = SubserieFactory(disposicion__vigencia_tramite=3, disposicion__vigencia_concentracion=7)
    unidad = UnidadFactory()
    responsable = user_in(unidad, Rol.RESPONSABLE_AT)
    expediente = ExpedienteFactory(
        serie=serie,
        unidad=unidad,
        responsable=responsable,
        fecha_apertura=datetime.date(2023, 4, 1),
        anio=2023,
        clasificacion="reservada",
        fundamento_clasificacion="Artículo 113 fracción V",
        fecha_clasificacion=datetime.date(2023, 4, 1),
        periodo_reserva_anios=5,
    )
    DocumentoFactory(expediente=expediente, fecha=datetime.date(2023, 5, 1))
    expediente_close(actor=responsable, expediente=expediente)
    serie.disposicion.vigencia_tramite = 9
    serie.disposicion.save()
    expediente.refresh_from_db()
    text = _text(caratula_pdf(expediente))
    assert "3 años" in text and "9 años" not in text and "valores congelados al cierre" in text
    assert "01/05/2026" in text  # fin de trámite = 2023-05-01 + 3
    assert "Artículo 113 fracción V" in text and "5 años" in text
    assert serie.padre.nombre in text and serie.nombre in text
