"""Pages: bandejas with filters and paging, the autosave endpoint, the oficio page, refusals to outsiders, and
"Mis pendientes" sources."""

import pytest
from django.urls import reverse

from eoficio.models import EstadoOficio, Oficio
from eoficio.services.borradores import firmantes_set
from eoficio.services.revision import oficio_submit, revisores_set
from sai.core.pendientes import fuentes


def test_autosave_saves_and_sanitises(borrador, capturista, client):
    """The htmx endpoint stores what was typed (sanitised) and answers the fragment it swaps in."""
    client.force_login(capturista)
    url = reverse("eoficio:oficio_autoguardar", args=[borrador.pk])
    response = client.post(
        url,
        {"tipo": "oficio", "asunto": "Nuevo asunto", "referencia": "", "cuerpo": "<p>Hola<script>x</script></p>"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Guardado" in response.content.decode()
    borrador.refresh_from_db()
    assert borrador.asunto == "Nuevo asunto" and borrador.cuerpo == "<p>Hola</p>"


def test_autosave_of_a_non_draft_is_refused_with_the_state(borrador, capturista, client):
    Oficio.objects.filter(pk=borrador.pk).update(estado=EstadoOficio.APROBADO)
    client.force_login(capturista)
    response = client.post(reverse("eoficio:oficio_autoguardar", args=[borrador.pk]), {"tipo": "oficio", "asunto": "x"})
    assert response.status_code == 409 and "Aprobado" in response.content.decode()


@pytest.mark.parametrize("nombre", ["oficio_detail", "oficio_editar", "oficio_pdf", "oficio_autoguardar"])
def test_outsider_gets_404(borrador, ajeno, client, nombre):
    """Another unidad's person cannot open, edit or read the PDF of an oficio not addressed to them."""
    client.force_login(ajeno)
    url = reverse(f"eoficio:{nombre}", args=[borrador.pk])
    response = (
        client.post(url, {"asunto": "x", "tipo": "oficio"}) if nombre == "oficio_autoguardar" else client.get(url)
    )
    assert response.status_code == 404


def test_outsider_cannot_act(borrador, ajeno, client):
    client.force_login(ajeno)
    response = client.post(reverse("eoficio:oficio_accion", args=[borrador.pk, "solicitar_firma"]))
    assert response.status_code == 404


def test_bandejas_pages_filter_and_page(borrador, capturista, client, django_assert_max_num_queries):
    client.force_login(capturista)
    response = client.get(reverse("eoficio:bandeja", args=["borradores"]), {"q": "informe"})
    assert response.status_code == 200 and "Solicitud de informe" in response.content.decode()
    response = client.get(reverse("eoficio:bandeja", args=["borradores"]), {"q": "inexistente"})
    assert "Solicitud de informe" not in response.content.decode()
    with django_assert_max_num_queries(20):
        assert client.get(reverse("eoficio:bandeja", args=["entrada"])).status_code == 200
    assert client.get(reverse("eoficio:bandeja", args=["otra"])).status_code == 404


def test_detail_page_shows_history_and_preview(borrador, capturista, client):
    client.force_login(capturista)
    page = client.get(reverse("eoficio:oficio_detail", args=[borrador.pk])).content.decode()
    assert "oficio.crear" in page and "Solicitud de informe" in page
    pdf = client.get(reverse("eoficio:oficio_pdf", args=[borrador.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_new_oficio_page(capturista, expediente, client):
    client.force_login(capturista)
    response = client.post(
        reverse("eoficio:oficio_nuevo"), {"tipo": "memorandum", "expediente": expediente.pk, "asunto": "Aviso"}
    )
    oficio = Oficio.objects.get()
    assert response.status_code == 302 and oficio.tipo == "memorandum" and oficio.elaborado_por == capturista


def test_people_form_sets_recipients_signers_reviewers(borrador, capturista, titular, revisor, client):
    client.force_login(capturista)
    client.post(
        reverse("eoficio:oficio_personas", args=[borrador.pk]),
        {
            "destinatarios": "#UAJ\nccp: Lic. Externo | Asesor | SFP | externo@sfp.gob.mx",
            "firmantes": titular.username,
            "revisores": revisor.username,
            "en_orden": "on",
        },
    )
    assert borrador.destinatarios.get(copia=False).unidad.siglas == "UAJ"
    assert borrador.firmantes.get().usuario == titular and borrador.revisiones.get().revisor == revisor


def test_pendientes_sources(borrador, capturista, titular, revisor):
    """ "Oficios por revisar" counts the reviewer's pending vistos buenos and links to the oficio."""
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": titular}])
    revisores_set(actor=capturista, oficio=borrador, revisores=[revisor])
    oficio_submit(actor=capturista, oficio=borrador)
    por_clave = {f.clave: f for f in fuentes()}
    assert por_clave["eoficio.por_revisar"].contar(revisor) == 1
    assert por_clave["eoficio.por_revisar"].contar(capturista) == 0
    [item] = por_clave["eoficio.por_revisar"].listar(revisor, limite=5)
    assert item.enlace == reverse("eoficio:oficio_detail", args=[borrador.pk])
    assert por_clave["eoficio.por_firmar"].contar(titular) == 0
