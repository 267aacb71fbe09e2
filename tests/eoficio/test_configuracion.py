"""Administración's plantilla page and the titular's delegation page."""

import io

from django.urls import reverse
from PIL import Image

from eoficio.models import DelegacionBandeja, Plantilla
from sai.org.roles import Rol
from tests.earchivo.factories import user_in


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 60), (105, 28, 50)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "membrete.png"
    return buffer


def test_administracion_edits_the_plantilla(unidad, client):
    client.force_login(user_in(unidad, Rol.ADMINISTRADOR))
    datos = {
        "institucion": "Secretaría de Prueba",
        "lugar": "Ciudad de México",
        "lema": "2026, Año de la Transparencia",
        "pie": "Av. Reforma 10",
        "despedida": "Atentamente",
        "patron_numero": "{siglas}/{consecutivo:04d}/{anio}",
        "margen_superior": 20,
        "margen_inferior": 20,
        "margen_izquierdo": 25,
        "margen_derecho": 20,
        "membrete": _png(),
    }
    response = client.post(reverse("eoficio:plantilla_editar", args=[unidad.pk]), datos)
    assert response.status_code == 302
    plantilla = Plantilla.objects.get(unidad=unidad)
    assert plantilla.lema == "2026, Año de la Transparencia" and plantilla.membrete_id


def test_bad_pattern_is_shown_on_the_form(unidad, client):
    client.force_login(user_in(unidad, Rol.ADMINISTRADOR))
    response = client.post(
        reverse("eoficio:plantilla_editar", args=[unidad.pk]),
        {
            "lugar": "CDMX",
            "despedida": "Atentamente",
            "patron_numero": "{siglas}/{nada}",
            "margen_superior": 20,
            "margen_inferior": 20,
            "margen_izquierdo": 25,
            "margen_derecho": 20,
        },
    )
    assert response.status_code == 200 and "{consecutivo}" in response.content.decode()
    assert not Plantilla.objects.exists()


def test_plantilla_page_is_refused_to_others(unidad, capturista, client):
    client.force_login(capturista)
    assert client.get(reverse("eoficio:plantilla_list")).status_code == 403


def test_delegation_page(titular, otra_unidad, client):
    asistente = user_in(otra_unidad, Rol.CAPTURISTA)
    client.force_login(titular)
    client.post(reverse("eoficio:delegacion_list"), {"asistente": asistente.username})
    delegacion = DelegacionBandeja.objects.get(titular=titular, asistente=asistente, activa=True)
    client.post(reverse("eoficio:delegacion_revocar", args=[delegacion.pk]))
    delegacion.refresh_from_db()
    assert not delegacion.activa


def test_assistant_cannot_revoke(titular, otra_unidad, client):
    asistente = user_in(otra_unidad, Rol.CAPTURISTA)
    delegacion = DelegacionBandeja.objects.create(titular=titular, asistente=asistente)
    client.force_login(asistente)
    client.post(reverse("eoficio:delegacion_revocar", args=[delegacion.pk]))
    delegacion.refresh_from_db()
    assert delegacion.activa
