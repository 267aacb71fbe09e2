"""The pages an archivist lives in: a list that fits the screen and sorts, several documents at once, a history
in Spanish, dates dd/mm/aaaa."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import formats

from earchivo.models import Documento, Expediente
from earchivo.services.documentos import documento_create
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_para_baja
from tests.earchivo.factories import ExpedienteFactory, TipoDocumentalFactory, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
LARGO = "Contrato de prestación de servicios de limpieza integral " * 6


@pytest.fixture
def unidad():
    return UnidadFactory(siglas="DRM")


@pytest.fixture
def rat(unidad):
    return user_in(unidad, Rol.RESPONSABLE_AT)


@pytest.fixture
def expediente(unidad, rat):
    return ExpedienteFactory(unidad=unidad, responsable=rat, fecha_apertura=datetime.date(2024, 2, 7), anio=2024)


def _pdf(nombre: str, contenido: bytes = b"%PDF-1.4\n%%EOF\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(nombre, contenido + nombre.encode(), content_type="application/pdf")


def _historia(html: str) -> str:
    return html[html.index('id="historia"') :]


# --- the list -----------------------------------------------------------------------------------------------------


def test_list_shows_opening_date_and_one_line_titles_with_the_full_title_on_hover(rat, unidad, expediente):
    Expediente.objects.filter(pk=expediente.pk).update(titulo=LARGO)
    page = client_for(rat).get(reverse("earchivo:expediente_list")).content.decode()
    assert "<th" in page and ">Apertura" in page
    assert "07/02/2024" in page
    assert f'class="una-linea titulo" title="{LARGO}"' in page


def test_list_sorts_by_opening_date_both_ways_and_keeps_the_filters(rat, unidad):
    fechas = [datetime.date(2023, 5, 1), datetime.date(2021, 1, 9), datetime.date(2025, 3, 3)]
    claves = {f: ExpedienteFactory(unidad=unidad, responsable=rat, fecha_apertura=f).clave for f in fechas}
    client = client_for(rat)

    def orden(query: str) -> list[str]:
        html = client.get(reverse("earchivo:expediente_list") + query).content.decode()
        return [c for c in re.findall(r'title="([^"]+)"><a href', html) if c in claves.values()]

    assert orden("?orden=apertura") == [claves[f] for f in sorted(fechas)]
    assert orden("?orden=-apertura") == [claves[f] for f in sorted(fechas, reverse=True)]
    html = client.get(reverse("earchivo:expediente_list") + "?anio=&orden=apertura").content.decode()
    assert 'aria-sort="ascending"' in html and "orden=-apertura" in html  # a second click reverses
    assert orden("?orden=nada") and orden("?orden=titulo")  # unknown keys keep the default order, no 500


# --- several documents at once -----------------------------------------------------------------------------------


def test_several_files_become_one_document_each(rat, expediente):
    tipo = TipoDocumentalFactory()
    response = client_for(rat).post(
        reverse("earchivo:documentos_lote", args=[expediente.pk]),
        {
            "tipo_documental": tipo.pk,
            "fecha": "2024-02-07",
            "archivos": [_pdf("Oficio 123.pdf"), _pdf("Oficio 124.pdf"), _pdf("Acuse.pdf")],
        },
    )
    assert response.status_code == 302
    documentos = list(Documento.objects.filter(expediente=expediente).order_by("orden"))
    assert [(d.titulo, d.tipo_documental_id, d.fecha) for d in documentos] == [
        ("Oficio 123", tipo.pk, datetime.date(2024, 2, 7)),
        ("Oficio 124", tipo.pk, datetime.date(2024, 2, 7)),
        ("Acuse", tipo.pk, datetime.date(2024, 2, 7)),
    ]
    assert EntradaBitacora.objects.filter(accion="documento.crear").count() == 3


def test_one_bad_file_adds_none_and_is_named(rat, expediente):
    """An empty file among good ones: nothing is added, and the message names the file and why."""
    client = client_for(rat)
    response = client.post(
        reverse("earchivo:documentos_lote", args=[expediente.pk]),
        {
            "tipo_documental": TipoDocumentalFactory().pk,
            "fecha": "2024-02-07",
            "archivos": [_pdf("Bueno.pdf"), SimpleUploadedFile("Vacío.pdf", b""), _pdf("Otro.pdf")],
        },
        follow=True,
    )
    assert not Documento.objects.filter(expediente=expediente).exists()
    assert not EntradaBitacora.objects.filter(accion="documento.crear").exists()
    html = response.content.decode()
    assert "No se agregó ningún documento: 1 de 3 archivos tienen errores." in html
    assert "«Vacío.pdf»: " in html and "«Bueno.pdf»" not in html


def test_batch_without_files_or_tipo_is_a_clear_error(rat, expediente):
    response = client_for(rat).post(
        reverse("earchivo:documentos_lote", args=[expediente.pk]), {"fecha": "2024-02-07"}, follow=True
    )
    html = response.content.decode()
    assert "Tipo documental" in html and "Adjunte al menos un archivo." in html
    assert not Documento.objects.filter(expediente=expediente).exists()


def test_batch_upload_is_refused_without_permission_or_on_a_closed_expediente(rat, unidad, expediente, make_user):
    datos = {"tipo_documental": TipoDocumentalFactory().pk, "fecha": "2024-02-07", "archivos": [_pdf("a.pdf")]}
    url = reverse("earchivo:documentos_lote", args=[expediente.pk])
    assert client_for(make_user(Rol.AUDITOR)).post(url, datos).status_code == 403
    otro = make_user(Rol.RESPONSABLE_AT)  # another unidad: may not capture here
    assert client_for(otro).post(url, {**datos, "archivos": [_pdf("b.pdf")]}).status_code in (403, 404)
    cerrado = ExpedienteFactory(unidad=unidad, responsable=rat, cerrado=True)
    url = reverse("earchivo:documentos_lote", args=[cerrado.pk])
    html = client_for(rat).post(url, {**datos, "archivos": [_pdf("c.pdf")]}, follow=True).content.decode()
    assert "cerrado" in html
    assert not Documento.objects.exists()


def test_expediente_page_offers_the_multi_file_drop_zone(rat, expediente):
    html = client_for(rat).get(reverse("earchivo:expediente_detail", args=[expediente.pk])).content.decode()
    assert 'type="file" name="archivos" multiple' in html and "data-soltar" in html and "soltar.js" in html


# --- the history in Spanish --------------------------------------------------------------------------------------


def test_history_reads_spanish_actions_without_hashes(rat, expediente):
    documento = documento_create(
        actor=rat,
        expediente=expediente,
        tipo_documental=TipoDocumentalFactory(),
        titulo="Oficio 123",
        fecha=datetime.date(2024, 2, 7),
        fileobj=io.BytesIO(b"contenido del oficio 123"),
        filename="Oficio 123.pdf",
    )
    sha = documento.versiones.get().blob_id
    historia = _historia(
        client_for(rat).get(reverse("earchivo:expediente_detail", args=[expediente.pk])).content.decode()
    )
    assert "Documento agregado: «Oficio 123.pdf»" in historia
    assert ">documento.crear<" not in historia and sha not in historia and sha[:12] not in historia


def test_bitacora_page_shows_the_same_labels(rat, expediente, make_user):
    documento_create(
        actor=rat,
        expediente=expediente,
        tipo_documental=TipoDocumentalFactory(),
        titulo="Oficio 9",
        fecha=datetime.date(2024, 2, 7),
        fileobj=io.BytesIO(b"contenido del oficio 9"),
        filename="Oficio 9.pdf",
    )
    html = client_for(make_user(Rol.AUDITOR)).get(reverse("audit:bitacora")).content.decode()
    assert "Documento agregado: «Oficio 9.pdf»" in html and "<code>documento.crear</code>" in html


# --- dates dd/mm/aaaa --------------------------------------------------------------------------------------------


def test_dates_render_dd_mm_aaaa_everywhere(rat, expediente):
    """Default formats (a bare {{ fecha }}) and the pages read dd/mm/aaaa, never «7 de febrero de 2024»."""
    assert formats.date_format(datetime.date(2024, 2, 7)) == "07/02/2024"
    assert formats.date_format(datetime.date(2024, 2, 7), "SHORT_DATE_FORMAT") == "07/02/2024"
    html = client_for(rat).get(reverse("earchivo:expediente_detail", args=[expediente.pk])).content.decode()
    assert "07/02/2024" in html and "febrero" not in html


def test_date_inputs_carry_iso_values_the_browser_shows_as_dd_mm_aaaa(make_user):
    """An <input type="date"> only takes yyyy-mm-dd: an initial date rendered dd/mm/aaaa would show empty."""
    coordinacion = make_user(Rol.COORDINACION)
    proceso = client_for(make_user(Rol.CONCENTRACION)).post(
        reverse("earchivo:baja_nueva"),
        {"expedientes": [expediente_para_baja(unidad=UnidadFactory()).pk], "justificacion": "Plazo cumplido"},
    )
    assert proceso.status_code == 302
    html = client_for(coordinacion).get(proceso["Location"]).content.decode()
    hoy = datetime.date.today()
    assert f'type="date" name="fecha" value="{hoy:%Y-%m-%d}"' in html
