"""CGCA/CADIDO pages and API: browsing with visible expediente counts, import/publish/borrador, exports, refusals."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from earchivo.demo import cgca_demo_load
from earchivo.models import CuadroClasificacion
from earchivo.selectors.instrumentos import cuadro_vigente
from earchivo.services.instrumentos import cuadro_create_borrador
from sai.org.models import UnidadAdministrativa
from sai.org.roles import Rol
from tests.earchivo import instrumentos_fixtures as fx
from tests.earchivo.instrumentos_fixtures import SAMPLE, SMALL, csv_bytes, expediente_make

pytestmark = pytest.mark.django_db
coordinacion, unidades = fx.coordinacion, fx.unidades  # fixtures
User = get_user_model()
API = "/api/v1/archivo/cgca"


@pytest.fixture
def cgca(demo):
    """The demo institution with its published CGCA v1 and a few expedientes in DEA and UTTyPDP."""
    cgca_demo_load()
    cuadro = cuadro_vigente()
    dea, uttypdp = (UnidadAdministrativa.objects.get(siglas=s) for s in ("DEA", "UTTyPDP"))
    tramite = User.objects.get(username="tramite")
    base, nomina, solicitudes = (cuadro.nodos.get(clave=c) for c in ("4C.3.1", "4C.4", "12C.6"))
    expediente_make(serie=base, unidad=dea, responsable=tramite, numero=1)
    expediente_make(serie=base, unidad=dea, responsable=tramite, numero=2)
    expediente_make(serie=base, unidad=dea, responsable=tramite, numero=3, clasificacion="confidencial")
    expediente_make(serie=nomina, unidad=dea, responsable=tramite, numero=1)
    expediente_make(serie=solicitudes, unidad=uttypdp, responsable=tramite, numero=1)
    return cuadro


def login(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def counts(html: str) -> dict[str, int]:
    """clave -> the expedientes count the tree page shows for it."""
    import re

    return {m[0]: int(m[1]) for m in re.findall(r'data-expedientes="([^"]+)"[^>]*>(\d+)<', html)}


# --- pages ------------------------------------------------------------------------------------------------------


def test_tree_shows_visible_expedientes_aggregated_to_ancestors(client, cgca):
    """A capturista of DEA sees DEA's public expedientes only, summed up to the sección and the fondo."""
    html = login(client, "capturista").get(reverse("earchivo:cgca")).content.decode()
    shown = counts(html)
    assert (shown["4C.3.1"], shown["4C.3"], shown["4C.4"], shown["4C"], shown["12C.6"], shown["INST"]) == (
        2,
        2,
        1,
        3,
        0,
        3,
    )
    assert "Expedientes de personal de base" in html and "Conservación" in html


def test_tree_counts_for_coordinacion_include_every_unidad(client, cgca):
    """Coordinación de Archivos sees every unidad's expedientes (the confidential one is still hidden)."""
    shown = counts(login(client, "coordinacion").get(reverse("earchivo:cgca")).content.decode())
    assert (shown["4C"], shown["12C"], shown["INST"]) == (3, 1, 4)


def test_tree_page_runs_a_constant_number_of_queries(client, cgca, django_assert_max_num_queries):
    """47 nodes with unidades, CADIDO rows and counts render in a handful of queries (no N+1)."""
    login(client, "capturista").get(reverse("earchivo:cgca"))  # warm the per-process caches (content types)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("earchivo:cgca"))
    assert response.status_code == 200
    assert len(counts(response.content.decode())) == 47


def test_serie_page_shows_cadido_row_and_ficha(client, cgca):
    """The serie page lists its CADIDO values, its ficha técnica and the visible expedientes."""
    url = reverse("earchivo:cgca_serie", args=[cgca.version, "12C.6"])
    html = login(client, "coordinacion").get(url).content.decode()
    assert "Solicitudes de acceso a la información" in html
    assert "Muestreo: Se conserva el 10 %" in html
    assert "Titular de la UTTyPDP" in html
    assert "<strong>1</strong>" in html


def test_borradores_are_hidden_from_non_administrators(client, cgca, coordinacion):
    """Only Coordinación sees a borrador; for others it does not exist."""
    borrador = cuadro_create_borrador(actor=coordinacion, nombre="Revisión", copiar_de=cgca)
    url = reverse("earchivo:cgca_version", args=[borrador.version])
    assert login(client, "capturista").get(url).status_code == 404
    assert "Revisión" not in client.get(reverse("earchivo:cgca_versiones")).content.decode()
    assert login(client, "coordinacion").get(url).status_code == 200
    assert "Revisión" in client.get(reverse("earchivo:cgca_versiones")).content.decode()


def test_import_page_shows_row_errors_and_writes_nothing(client, unidades):
    """A bad upload re-renders the form with each `archivo:fila: columna: motivo`; no version is created."""
    client.force_login(_coordinacion_user())
    rows = [dict(row) for row in SMALL]
    rows[3]["vigencia_concentracion"] = "-1"
    upload = SimpleUploadedFile("cuadro.csv", csv_bytes(rows), content_type="text/csv")
    response = client.post(reverse("earchivo:cgca_importar"), {"archivo": upload, "destino": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "cuadro.csv:5: L «vigencia_concentracion»: «-1» no es un número entero de años" in html
    assert not CuadroClasificacion.objects.exists()


def test_import_then_publish_through_the_pages(client, demo):
    """Coordinación imports the sample into a new borrador, then publishes it from the form."""
    login(client, "coordinacion")
    with SAMPLE.open("rb") as fileobj:
        response = client.post(reverse("earchivo:cgca_importar"), {"archivo": fileobj, "nombre": "CGCA 2026"})
    cuadro = CuadroClasificacion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("earchivo:cgca_version", args=[1])
    assert (cuadro.nombre, cuadro.nodos.count()) == ("CGCA 2026", 47)
    response = client.post(
        reverse("earchivo:cgca_publicar", args=[1]), {"fecha_aprobacion": "2026-01-15", "acuerdo": "Acta 1/2026"}
    )
    assert response.status_code == 302
    cuadro.refresh_from_db()
    assert (cuadro.estado, cuadro.acuerdo) == ("vigente", "Acta 1/2026")


def test_publish_form_lists_series_missing_cadido(client, unidades):
    """Publishing an incomplete borrador from the page shows the refusal naming the series."""
    user = _coordinacion_user()
    rows = [row for row in SMALL if row["clave"] != "13S.1"] + [{"clave": "13S.1", "nivel": "serie", "nombre": "T"}]
    fx.import_rows(user, rows)
    client.force_login(user)
    response = client.post(
        reverse("earchivo:cgca_publicar", args=[1]), {"fecha_aprobacion": "2026-01-15", "acuerdo": "Acta"}
    )
    assert response.status_code == 200
    assert "13S.1" in response.content.decode()
    assert CuadroClasificacion.objects.get().estado == "borrador"


def test_new_borrador_from_the_versions_page(client, cgca):
    """The versions page creates a borrador copied from the vigente version."""
    login(client, "coordinacion")
    response = client.post(reverse("earchivo:cgca_borrador_crear"), {"nombre": "Revisión", "copiar_vigente": "on"})
    assert response.status_code == 302
    borrador = CuadroClasificacion.objects.get(version=2)
    assert (borrador.estado, borrador.nodos.count()) == ("borrador", 47)


def test_export_links_download_pdf_and_xlsx(client, cgca):
    """Any archive user downloads the vigente cuadro as PDF and as the importable XLSX."""
    login(client, "capturista")
    pdf = client.get(reverse("earchivo:cgca_exportar", args=[1, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "13S.1" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    xlsx = client.get(reverse("earchivo:cgca_exportar", args=[1, "xlsx"]))
    assert load_workbook(io.BytesIO(xlsx.content))["CGCA v1"]["A3"].value == "1C"
    assert client.get(reverse("earchivo:cgca_exportar", args=[1, "doc"])).status_code == 404


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "earchivo:cgca", []),
        ("get", "earchivo:cgca_versiones", []),
        ("get", "earchivo:cgca_version", [1]),
        ("get", "earchivo:cgca_serie", [1, "4C.4"]),
        ("get", "earchivo:cgca_exportar", [1, "pdf"]),
        ("get", "earchivo:cgca_importar", []),
        ("post", "earchivo:cgca_borrador_crear", []),
        ("get", "earchivo:cgca_publicar", [1]),
    ],
)
def test_pages_refuse_users_without_archive_access(client, cgca, method, name, args):
    """An Administrador (no access to the archive) gets 403 on every instrument page."""
    response = getattr(login(client, "admin"), method)(reverse(name, args=args))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "earchivo:cgca_importar", []),
        ("post", "earchivo:cgca_importar", []),
        ("post", "earchivo:cgca_borrador_crear", []),
        ("get", "earchivo:cgca_publicar", [1]),
        ("post", "earchivo:cgca_publicar", [1]),
    ],
)
def test_change_pages_refuse_non_coordinacion(client, cgca, method, name, args):
    """A Responsable de Archivo de Trámite browses the cuadro but gets 403 on import, borrador and publish."""
    login(client, "tramite")
    assert client.get(reverse("earchivo:cgca")).status_code == 200
    assert getattr(client, method)(reverse(name, args=args)).status_code == 403
    assert CuadroClasificacion.objects.count() == 1


# --- API --------------------------------------------------------------------------------------------------------


def test_api_reads_versions_tree_cadido_and_serie(client, cgca, django_assert_max_num_queries):
    """Versions, the tree with counts, the CADIDO and one serie, as JSON."""
    login(client, "capturista")
    versiones = client.get(f"{API}/versiones/").json()
    assert [(v["version"], v["estado"], v["num_nodos"]) for v in versiones] == [(1, "vigente", 47)]
    assert client.get(f"{API}/vigente/").json()["version"] == 1
    client.get(f"{API}/versiones/1/arbol/")
    with django_assert_max_num_queries(10):
        arbol = client.get(f"{API}/versiones/1/arbol/").json()
    by_clave = {n["clave"]: n for n in arbol}
    assert (by_clave["4C"]["expedientes_total"], by_clave["4C.3.1"]["clave_padre"]) == (3, "4C.3")
    assert by_clave["2C.9"]["unidades_productoras"] == ["DEA", "SE"]
    cadido = client.get(f"{API}/versiones/1/cadido/").json()
    assert len(cadido) == 31 and sum(row["disposicion"] is not None for row in cadido) == 29
    serie = client.get(f"{API}/versiones/1/series/12C.6/").json()
    assert (serie["disposicion"]["plazo_total"], serie["disposicion"]["tecnica_seleccion"]) == (5, "muestreo")
    assert serie["ficha"]["responsable"] == "Titular de la UTTyPDP"
    assert client.get(f"{API}/versiones/1/series/99C.1/").status_code == 404


def test_api_borrador_import_and_publish(client, cgca):
    """Coordinación creates a borrador, replaces it by import (multipart) and publishes it; v1 becomes histórico."""
    login(client, "coordinacion")
    created = client.post(
        f"{API}/versiones/", {"nombre": "Revisión 2027", "copiar_de": 1}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["version"] == 2
    with SAMPLE.open("rb") as fileobj:
        imported = client.post(f"{API}/importar/", {"archivo": fileobj, "version": 2})
    assert imported.status_code == 201, imported.json()
    assert imported.json() == {
        "version": 2,
        "nodos": 47,
        "series": 31,
        "disposiciones": 29,
        "fichas": 3,
        "reemplazados": 47,
    }
    published = client.post(
        f"{API}/versiones/2/publicar/", {"fecha_aprobacion": "2026-01-15", "acuerdo": "Acta 2"}, "application/json"
    )
    assert published.status_code == 200 and published.json()["estado"] == "vigente"
    assert CuadroClasificacion.objects.get(version=1).estado == "historico"


def test_api_import_errors_are_listed_per_row(client, unidades):
    """A bad file answers 400 with every `archivo:fila: columna: motivo` under errors.archivo."""
    client.force_login(_coordinacion_user())
    rows = [dict(row) for row in SMALL]
    rows[5]["tecnica_seleccion"] = "X"
    upload = SimpleUploadedFile("c.csv", csv_bytes(rows))
    response = client.post(f"{API}/importar/", {"archivo": upload})
    assert response.status_code == 400
    assert response.json()["errors"]["archivo"] == [
        "c.csv:7: N «tecnica_seleccion»: «X» no es eliminación (E), conservación (C) ni muestreo (M)"
    ]
    assert not CuadroClasificacion.objects.exists()


def test_api_publishing_a_vigente_version_conflicts(client, cgca):
    """Publishing what is already vigente is a 409 with a clear message."""
    login(client, "coordinacion")
    response = client.post(
        f"{API}/versiones/1/publicar/", {"fecha_aprobacion": "2026-01-15", "acuerdo": "A"}, "application/json"
    )
    assert response.status_code == 409
    assert "vigente" in response.json()["detail"]


def test_api_export_answers_the_file_type_asked_for(client, cgca):
    """The export endpoint returns the PDF even when the client sends Accept: application/pdf."""
    login(client, "capturista")
    response = client.get(f"{API}/versiones/1/exportar/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(f"{API}/versiones/1/exportar/xlsx/")["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize(
    "url",
    ["/versiones/", "/vigente/", "/versiones/1/", "/versiones/1/arbol/", "/versiones/1/cadido/",
     "/versiones/1/series/4C.4/", "/versiones/1/exportar/pdf/"],
)  # fmt: skip
def test_api_reads_refuse_users_without_archive_access(client, cgca, url):
    """An Administrador gets 403 on every read endpoint; anonymous callers 401/403."""
    assert client.get(API + url).status_code in (401, 403)
    assert login(client, "admin").get(API + url).status_code == 403


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/versiones/", {"nombre": "Mía"}),
        ("/versiones/1/publicar/", {"fecha_aprobacion": "2026-01-15", "acuerdo": "A"}),
        ("/importar/", None),
    ],
)
def test_api_writes_refuse_non_coordinacion(client, cgca, url, data):
    """A Capturista is refused (403) creating borradores, publishing and importing; nothing changes."""
    login(client, "capturista")
    if data is None:
        data = {"archivo": SimpleUploadedFile("c.csv", SAMPLE.read_bytes())}
        response = client.post(API + url, data)
    else:
        response = client.post(API + url, data, content_type="application/json")
    assert response.status_code == 403
    assert CuadroClasificacion.objects.count() == 1


def _coordinacion_user():
    from tests.factories import UserFactory

    return UserFactory(roles=[Rol.COORDINACION])


def test_tree_page_without_a_vigente_version(client, demo):
    """Before any publication the page says so instead of failing."""
    response = login(client, "capturista").get(reverse("earchivo:cgca"))
    assert response.status_code == 200
    assert "Aún no hay un cuadro de clasificación vigente" in response.content.decode()
