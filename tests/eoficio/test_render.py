"""Rendering: a real-looking Mexican oficio, PDF/A-2b per veraPDF, with everything the practice requires."""

import datetime as dt
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from eoficio.models import Competencia
from eoficio.services.borradores import anexo_add, firmantes_set
from eoficio.services.plantillas import plantilla_update
from eoficio.services.render import cuerpo_parrafos, oficio_pdf
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.factories import user_in
from tests.pdfa import assert_pdfa


@pytest.fixture
def administrador(unidad):
    return user_in(unidad, Rol.ADMINISTRADOR)


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGBA", (400, 80), (105, 28, 50, 128)).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _texto(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_oficio_renders_every_element_as_pdfa(borrador, capturista, titular, unidad, administrador):
    """Membrete (transparent PNG), number, place and date, recipient with cargo, body, despedida, lema, antefirma
    with the acuerdo delegatorio legend, c.c.p., anexos and initials; veraPDF says PDF/A-2b."""
    plantilla_update(
        actor=administrador,
        unidad=unidad,
        membrete=_png(),
        lema="2026, Año de la Transparencia",
        pie="Av. Reforma 10, Ciudad de México\nTel. 55 1234 5678",
        lugar="Ciudad de México",
    )
    Competencia.objects.create(
        usuario=titular,
        unidad=unidad,
        tipo="oficio",
        cargo="Director General de Administración",
        modalidad=Competencia.Modalidad.ACUERDO,
        delegante="Titular de la Secretaría",
        fundamento="el Acuerdo delegatorio publicado en el DOF el 2 de enero de 2026",
        desde=dt.date(2026, 1, 1),
    )
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": titular}])
    anexo_add(
        actor=capturista, oficio=borrador, fileobj=io.BytesIO(b"x"), filename="informe.xlsx", descripcion="Informe"
    )
    pdf = oficio_pdf(oficio=borrador, numero="DGA/0007/2026", fecha=dt.date(2026, 3, 5))
    texto = _texto(pdf)
    for esperado in (
        "DGA/0007/2026",
        "Ciudad de México, a 5 de marzo de 2026",
        "Asunto: Solicitud de informe",
        "C. Lucía Torres Gil",
        "Titular de la Unidad de Asuntos Jurídicos",
        "P r e s e n t e",
        "Referencia: Su oficio UAJ/0042/2026",
        "trimestral",
        "Atentamente",
        "2026, Año de la Transparencia",
        "Tomás Ruiz Medina",
        "Director General de Administración",
        "Por acuerdo delegatorio del Titular de la Secretaría",
        "C.c.p. Mtra. Elena Vidal, Contralora",
        "Anexos: Informe",
        "TRM/cps",
        "Av. Reforma 10",
    ):
        assert esperado in texto, esperado
    assert_pdfa(pdf)


def test_preview_without_number_says_so(borrador):
    assert "se asigna al firmar" in _texto(oficio_pdf(oficio=borrador))


def test_body_markup_maps_to_reportlab():
    assert cuerpo_parrafos("<p>Uno <strong>dos</strong></p><ul><li>tres</li></ul>") == ["Uno <b>dos</b>", "• tres"]


def test_plantilla_is_administracion_only(unidad, capturista):
    with pytest.raises(PermissionDeniedError):
        plantilla_update(actor=capturista, unidad=unidad, lema="Otro")


def test_membrete_must_be_an_image(unidad, administrador):
    with pytest.raises(ApplicationError) as exc:
        plantilla_update(actor=administrador, unidad=unidad, membrete=io.BytesIO(b"<svg/>"))
    assert "membrete" in exc.value.errors
