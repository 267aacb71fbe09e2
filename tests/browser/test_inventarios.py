"""An archivist asks for the inventario general in real Chromium, watches the progress bar fill while the real
Celery worker writes it, and downloads the XLSX."""

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from earchivo.demo import cgca_demo_load
from earchivo.models import Expediente, NodoClasificacion
from sai.org.models import UnidadAdministrativa
from tests.browser.test_archivo import sign_in
from tests.earchivo.factories import ExpedienteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = 4500  # a few progress steps


def test_generate_watch_progress_and_download(live_server, demo, page, celery_worker_process, tmp_path):
    cgca_demo_load()
    unidad = UnidadAdministrativa.objects.get(siglas="DEA")
    serie = NodoClasificacion.objects.filter(disposicion__isnull=False).first()
    tramite = get_user_model().objects.get(username="tramite")
    modelo = ExpedienteFactory.build(serie=serie, unidad=unidad, anio=2021, responsable=tramite)
    campos = {f.attname: getattr(modelo, f.attname) for f in Expediente._meta.concrete_fields if not f.primary_key}
    Expediente.objects.bulk_create(
        Expediente(**campos | {"numero": n, "clave": f"INST/DEA/{serie.clave}/{n:04d}/2021", "titulo": f"Exp. {n}"})
        for n in range(1, ROWS + 1)
    )
    sign_in(page, live_server, "tramite")
    page.goto(f"{live_server.url}/inventarios/")
    page.select_option("#id_tipo", "general")
    page.select_option("#id_formato", "xlsx")
    page.select_option("#id_unidad", str(unidad.pk))
    page.click("#generar button[type=submit]")
    page.wait_for_selector("progress#barra")
    detail_url = page.url

    seen = []
    for _ in range(600):
        seen.append(int(page.get_attribute("progress#barra", "value")))
        if page.locator("#descargar").count():
            break
        page.wait_for_timeout(250)
    assert page.url == detail_url  # htmx swapped the bar in place: no reload
    assert seen[-1] == 100 and seen == sorted(seen), seen
    assert "Terminada" in page.inner_text("#progreso")

    with page.expect_download() as download_info:
        page.click("#descargar")
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    rows = list(load_workbook(target, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert sum(1 for r in rows if r and isinstance(r[0], int)) == ROWS
