"""Generation jobs: the real Celery worker, cancellation leaving nothing behind, the command's progress line,
the pages (progress fragment, download) and the API with its refusals."""

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from earchivo.models import Expediente
from inventarios.models import Generacion
from inventarios.services import generacion_cancelar, generacion_ejecutar, generacion_solicitar
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from sai.storage.models import Blob
from tests.earchivo.ciclo_fixtures import client_for
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, TipoDocumentalFactory, user_in
from tests.factories import UnidadFactory
from tests.inventarios.helpers import generar

Estado = Generacion.Estado


def _archivo(n: int = 3):
    """A unidad, its Responsable de AT and `n` expedientes (bulk-inserted: the rows are what matters here)."""
    unidad = UnidadFactory()
    at = user_in(unidad, Rol.RESPONSABLE_AT)
    serie = SerieFactory(unidades=[unidad])
    modelo = ExpedienteFactory.build(serie=serie, unidad=unidad, anio=2020, responsable=at, fojas=2)
    Expediente.objects.bulk_create(
        [
            Expediente(
                **{f.attname: getattr(modelo, f.attname) for f in Expediente._meta.concrete_fields if not f.primary_key}
                | {
                    "numero": i + 1,
                    "clave": f"INST/{unidad.siglas}/{serie.clave}/{i + 1:04d}/2020",
                    "titulo": f"Expediente {i}",
                }
            )
            for i in range(n)
        ]
    )
    return unidad, at


@pytest.mark.django_db(transaction=True)
def test_task_runs_in_the_real_worker(celery_worker_process):
    """Asked through the service, the job is queued on commit and a separate worker process stores the file."""
    unidad, at = _archivo()
    generacion = generacion_solicitar(actor=at, tipo="general", formato="xlsx", filtros={"unidad": unidad.pk})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        generacion.refresh_from_db()
        if not generacion.activa:
            break
        time.sleep(0.3)
    assert generacion.estado == Estado.TERMINADA, generacion.error
    assert generacion.total == generacion.procesados == 3 and generacion.porcentaje == 100
    assert Blob.objects.filter(pk=generacion.blob_id).exists()


@pytest.mark.django_db
def test_cancelled_while_running_stores_nothing():
    """The person cancels while rows are being written: the worker stops, no blob, no result, no 'generar' entry."""
    unidad, at = _archivo(2100)  # more than one progress step (CHUNK rows)
    generacion = generacion_solicitar(
        actor=at, tipo="general", formato="xlsx", filtros={"unidad": unidad.pk}, encolar=False
    )
    blobs = Blob.objects.count()
    seen = []

    def cancel_on_first_step(n, total):
        seen.append(n)
        generacion_cancelar(actor=at, generacion=generacion)

    result = generacion_ejecutar(generacion_id=generacion.pk, al_avanzar=cancel_on_first_step)
    assert seen == [2000]  # stopped at the next check, before the last rows
    assert result.estado == Estado.CANCELADA and result.blob_id is None and result.nombre_archivo == ""
    assert Blob.objects.count() == blobs
    assert not EntradaBitacora.objects.filter(accion="inventario.generar", objeto_id=str(generacion.pk)).exists()
    assert EntradaBitacora.objects.filter(accion="inventario.cancelar", objeto_id=str(generacion.pk)).exists()


@pytest.mark.django_db
def test_cancelled_before_the_worker_starts_is_never_run():
    _, at = _archivo(1)
    generacion = generacion_solicitar(actor=at, tipo="general", formato="pdf", encolar=False)
    generacion_cancelar(actor=at, generacion=generacion)
    assert generacion_ejecutar(generacion_id=generacion.pk).estado == Estado.CANCELADA
    finished = generar(at)
    with pytest.raises(Exception, match="no puede cancelarse"):
        generacion_cancelar(actor=at, generacion=finished)


@pytest.mark.django_db
def test_command_prints_progress_and_writes_the_file(tmp_path):
    unidad, at = _archivo(2)
    out, target = io.StringIO(), tmp_path / "inventario.xlsx"
    call_command(
        "inventario_generar", "--usuario", at.username, "--unidad", str(unidad.pk), "-o", str(target), stdout=out
    )
    assert "2/2 renglones (100 %)" in out.getvalue() and "SHA-256" in out.getvalue()
    rows = list(load_workbook(target).worksheets[0].iter_rows(values_only=True))
    assert sum(1 for r in rows if r[0] in (1, 2)) == 2


@pytest.mark.django_db
def test_pages_show_progress_fragment_and_download():
    unidad, at = _archivo(2)
    client = client_for(at)
    response = client.post(reverse("inventarios:index"), {"tipo": "general", "formato": "xlsx", "unidad": unidad.pk})
    generacion = Generacion.objects.get(solicitada_por=at)
    assert response.status_code == 302 and response["Location"] == reverse("inventarios:detalle", args=[generacion.pk])
    generacion_ejecutar(generacion_id=generacion.pk)  # the worker's part (eagerly, here)
    fragment = client.get(reverse("inventarios:detalle", args=[generacion.pk]), HTTP_HX_REQUEST="true")
    assert b'<progress id="barra" max="100" value="100"' in fragment.content and b"<html" not in fragment.content
    download = client.get(reverse("inventarios:descargar", args=[generacion.pk]))
    assert download.status_code == 200 and download["Content-Type"].endswith("spreadsheetml.sheet")
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0].max_row > 2


@pytest.mark.django_db
def test_refusals_pages_and_api():
    """No inventarios permission: 403 on pages and API; someone else's job: 404; bad input: named fields, 400."""
    capturista = user_in(UnidadFactory(), Rol.CAPTURISTA)
    client = client_for(capturista)
    assert client.get(reverse("inventarios:index")).status_code == 403
    assert client.post("/api/v1/inventarios/generaciones/", {"tipo": "general", "formato": "pdf"}).status_code == 403
    unidad, at = _archivo(1)
    ajeno = generar(at)
    otro = client_for(user_in(unidad, Rol.RESPONSABLE_AT))
    assert otro.get(reverse("inventarios:descargar", args=[ajeno.pk])).status_code == 404
    assert otro.get(f"/api/v1/inventarios/generaciones/{ajeno.pk}/").status_code == 404
    bad = otro.post(
        "/api/v1/inventarios/generaciones/",
        {"tipo": "general", "formato": "pdf", "filtros": {"etapa": "sotano"}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "etapa" in bad.json()["errors"]
    assert Generacion.objects.filter(solicitada_por__perfil__unidad=unidad).count() == 1


@pytest.mark.django_db
def test_api_generates_and_files_the_pdf_in_an_expediente():
    """Through the API: ask, (worker runs), download, then file the PDF as a document of an open expediente."""
    unidad, at = _archivo(2)
    client = client_for(at)
    created = client.post(
        "/api/v1/inventarios/generaciones/",
        {"tipo": "general", "formato": "pdf", "filtros": {"unidad": unidad.pk}},
        content_type="application/json",
    )
    assert created.status_code == 201
    generacion_ejecutar(generacion_id=created.json()["id"])
    detail = client.get(f"/api/v1/inventarios/generaciones/{created.json()['id']}/").json()
    assert detail["estado"] == "terminada" and len(detail["sha256"]) == 64
    destino = ExpedienteFactory(unidad=unidad, serie=SerieFactory(unidades=[unidad]), responsable=at)
    tipo = TipoDocumentalFactory()
    filed = client.post(
        f"/api/v1/inventarios/generaciones/{detail['id']}/archivar/",
        {"expediente": destino.pk, "tipo_documental": tipo.pk},
        content_type="application/json",
    )
    assert filed.status_code == 200, filed.json()
    documento = destino.documentos.get()
    assert documento.versiones.get().blob_id == detail["sha256"]
    assert client.get("/api/schema/").content.count(b"/api/v1/inventarios/generaciones/") >= 5
