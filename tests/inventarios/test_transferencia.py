"""Inventarios de transferencia: rows by caja numbered within each box, totals with boxes and estimated weight,
the three signature blocks and 'Página n de M'; the secundaria adds valores secundarios and the dictamen."""

import re

import pytest

from earchivo.models import Expediente
from earchivo.services.transferencias import transferencia_prepare
from inventarios.services import generacion_ejecutar, generacion_solicitar
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import expediente_cerrado
from tests.earchivo.factories import user_in
from tests.factories import UnidadFactory
from tests.inventarios.helpers import contenido, generar, hoja, paginas
from tests.pdfa import assert_pdfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def primaria(settings):
    settings.SAI_INVENTARIO_KG_POR_CAJA = 12.5
    unidad = UnidadFactory(siglas="DRM")
    at = user_in(unidad, Rol.RESPONSABLE_AT, first_name="Ana", last_name="Pérez")
    expedientes = [expediente_cerrado(unidad=unidad, fojas=10 + i) for i in range(5)]
    return at, transferencia_prepare(
        actor=at, tipo="primaria", unidad=unidad, expedientes=expedientes, expedientes_por_caja=2
    )


def test_xlsx_numbers_restart_in_each_box_and_totals(primaria):
    at, transferencia = primaria
    _, rows = hoja(generar(at, tipo="transferencia", transferencia_id=transferencia.pk))
    start = next(i for i, r in enumerate(rows) if r[0] == "Caja")
    data = rows[start + 1 : start + 6]
    assert [(r[0], r[1]) for r in data] == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1)]
    pie = {r[0]: r[1] for r in rows[start + 6 :] if r and r[0]}
    assert pie["Total de expedientes"] == "5" and pie["Cajas"] == "3" and pie["Peso estimado"] == "37.5 kg"
    assert pie["Fojas"] == str(sum(range(10, 15))) and pie["Periodo"] == "2010"
    assert pie["Entrega"] == "Ana Pérez" and "Revisa" in pie and "Recibe" in pie
    header = {r[0]: r[1] for r in rows[:start] if r and r[0]}
    assert header["Número de transferencia"] == f"DRM/{transferencia.numero:03d}/{transferencia.anio}"


def test_pdf_has_boxes_signatures_and_pages(primaria):
    at, transferencia = primaria
    pdf = contenido(generar(at, tipo="transferencia", formato="pdf", transferencia_id=transferencia.pk))
    pages = paginas(pdf)
    text = " ".join(pages)
    assert re.findall(r"\b(\d) (\d) INST/", text) == [("1", "1"), ("1", "2"), ("2", "1"), ("2", "2"), ("3", "1")]
    for label in ("Entrega", "Revisa", "Recibe", "Ana Pérez", "Cajas: 3", "Peso estimado: 37.5 kg"):
        assert label in text
    assert all(f"Página {n} de {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert_pdfa(pdf)


def test_secundaria_adds_valores_secundarios_and_dictamen():
    unidad = UnidadFactory()
    ac = user_in(unidad, Rol.CONCENTRACION)
    expedientes = [expediente_cerrado(unidad=unidad, anio=2000, etapa=Expediente.Etapa.CONCENTRACION) for _ in range(2)]
    transferencia = transferencia_prepare(
        actor=ac, tipo="secundaria", unidad=unidad, expedientes=expedientes, referencia_dictamen="DDF 0806-22"
    )
    _, rows = hoja(generar(ac, tipo="transferencia", transferencia_id=transferencia.pk))
    start = next(i for i, r in enumerate(rows) if r[0] == "Caja")
    assert rows[start][-1] == "Valores secundarios"
    assert {r[0]: r[1] for r in rows[:start] if r and r[0]}["Dictamen / acta"] == "DDF 0806-22"


def test_box_labels_one_page_per_box_with_contents_and_qr(primaria, settings):
    settings.SAI_SITE_URL = "https://sai.example.gob.mx"
    at, transferencia = primaria
    pdf = contenido(generar(at, tipo="etiquetas", formato="pdf", transferencia_id=transferencia.pk))
    pages = paginas(pdf)
    assert len(pages) == 3
    for caja, page in enumerate(pages, start=1):
        assert f"Caja {caja}" in page and f"Página {caja} de 3" in page
    assert pages[0].count("INST/") == 2 and pages[2].count("INST/") == 1
    assert_pdfa(pdf)
    with pytest.raises(ApplicationError) as exc:
        generar(at, tipo="etiquetas", formato="xlsx", transferencia_id=transferencia.pk)
    assert "formato" in exc.value.errors


def test_access_lost_before_the_run_fails_clearly_and_is_audited(primaria):
    """The AT moves to another unidad between asking and the worker's run: the job fails naming why, no file."""
    at, transferencia = primaria
    generacion = generacion_solicitar(
        actor=at, tipo="transferencia", formato="pdf", transferencia_id=transferencia.pk, encolar=False
    )
    at.perfil.unidad = UnidadFactory()
    at.perfil.save(update_fields=["unidad"])
    result = generacion_ejecutar(generacion_id=generacion.pk)
    assert result.estado == "fallida" and result.blob_id is None
    assert result.error == "La transferencia no existe o no tiene permiso para verla."
    assert EntradaBitacora.objects.filter(accion="inventario.fallar", objeto_id=str(generacion.pk)).exists()
