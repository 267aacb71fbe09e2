"""Control de gestión pages: register, bandeja with semáforo and paging, asunto page (acuse on opening), actions,
PDFs, and refusals for other unidades."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from eoficio.models import Registro, Turno
from eoficio.services.turnos import Destino
from sai.core.pendientes import fuentes
from tests.earchivo.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def _cliente(client, user):
    client.force_login(user)
    return client


def test_oficialia_registra_y_turna_desde_la_pagina(gestion, client):
    c = _cliente(client, gestion.oficialia)
    assert c.get(reverse("eoficio:registro_nuevo")).status_code == 200
    datos = {
        "medio": "ventanilla",
        "remitente_nombre": "Juan Pérez",
        "remitente_institucion": "Ayuntamiento",
        "fecha_documento": "2026-11-10",
        "asunto": "Petición ciudadana",
        "anexos_cantidad": 0,
        "archivo": io.BytesIO(pdf_bytes()),
    }
    datos["archivo"].name = "escaneo.pdf"
    response = c.post(reverse("eoficio:registro_nuevo"), datos)
    registro = Registro.objects.get()
    assert response.status_code == 302 and response.url == reverse("eoficio:asunto", args=[registro.pk])
    page = c.get(response.url).content.decode()
    assert registro.folio in page and "Turnar" in page
    response = c.post(
        reverse("eoficio:turnar", args=[registro.pk]),
        {
            "unidades": [gestion.dga.pk],
            "copias": [gestion.dj.pk],
            "instruccion": gestion.atencion.pk,
            "prioridad": "urgente",
            "plazo_dias": 3,
        },
    )
    assert response.status_code == 302
    assert Turno.objects.filter(registro=registro).count() == 2
    volante = c.get(reverse("eoficio:volante", args=[registro.pk]))
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(volante.content)).pages)
    assert "Volante de turno" in texto and "Dirección General de Administración" in texto
    assert c.get(reverse("eoficio:constancia", args=[registro.pk])).status_code == 200
    assert c.get(reverse("eoficio:digitalizacion", args=[registro.pk]))["Content-Type"] == "application/pdf"


def test_registro_invalido_muestra_errores_sin_500(gestion, client):
    c = _cliente(client, gestion.oficialia)
    datos = {
        "medio": "ventanilla",
        "remitente_nombre": "Juan",
        "remitente_institucion": "X",
        "asunto": "Y",
        "anexos_cantidad": 0,
        "fecha_documento": "2099-01-01",
    }
    response = c.post(reverse("eoficio:registro_nuevo"), datos)
    assert response.status_code == 200
    assert "no puede ser futura" in response.content.decode()
    response = c.post(reverse("eoficio:registro_nuevo"), {**datos, "fecha_documento": "", "asunto": ""})
    assert response.status_code == 200 and response.content.decode().count("errorlist") >= 2
    assert not Registro.objects.exists()


def test_turnar_con_error_dice_por_que(gestion, client):
    registro = gestion.registrar()
    c = _cliente(client, gestion.oficialia)
    response = c.post(reverse("eoficio:turnar", args=[registro.pk]), {"prioridad": "ordinaria"})
    assert response.status_code == 400
    assert "al menos una unidad" in response.content.decode()


def test_abrir_el_asunto_es_el_acuse(gestion, client):
    """The receiving unidad's first opening stamps its acuse; the oficialía's opening does not."""
    registro = gestion.registrar()
    [turno] = gestion.turnar(registro, gestion.dga)
    _cliente(client, gestion.oficialia).get(reverse("eoficio:asunto", args=[registro.pk]))
    turno.refresh_from_db()
    assert turno.acuse is None
    page = _cliente(client, gestion.analista_dga).get(reverse("eoficio:asunto", args=[registro.pk]))
    turno.refresh_from_db()
    assert turno.acuse_por == gestion.analista_dga
    assert "Marcar atendido" in page.content.decode()


def test_otra_unidad_no_ve_ni_turna(gestion, client):
    """DJ gets 404 on a registro turned only to DGA: page, PDFs, turnar and state changes."""
    registro = gestion.registrar()
    [turno] = gestion.turnar(registro, gestion.dga)
    c = _cliente(client, gestion.titular_dj)
    for name in ("asunto", "volante", "constancia"):
        assert c.get(reverse(f"eoficio:{name}", args=[registro.pk])).status_code == 404
    datos = {"unidades": [gestion.dj.pk], "instruccion": gestion.atencion.pk, "prioridad": "ordinaria", "plazo_dias": 1}
    assert c.post(reverse("eoficio:turnar", args=[registro.pk]), datos).status_code == 404
    assert c.post(reverse("eoficio:turno_estado", args=[turno.pk]), {"estado": "en_atencion"}).status_code == 404
    assert c.post(reverse("eoficio:concluir", args=[registro.pk]), {"motivo": "x"}).status_code == 404
    assert Turno.objects.count() == 1 and Registro.objects.get().estado == Registro.Estado.TURNADO


def test_capturista_no_registra(gestion, client):
    c = _cliente(client, gestion.analista_dga)
    assert c.get(reverse("eoficio:registro_nuevo")).status_code == 403
    assert c.get(reverse("eoficio:registros")).status_code == 403


def test_bandeja_con_semaforo_filtros_y_paginas(gestion, client, django_assert_max_num_queries):
    """The bandeja lists the unidad's open turnos, filters by semáforo, pages, in a constant number of queries."""
    for i in range(30):
        registro = gestion.registrar(asunto=f"Asunto {i}")
        gestion.turnar(registro, gestion.dga, plazo=1 if i % 2 else 30)
    c = _cliente(client, gestion.titular_dga)
    url = reverse("eoficio:turnos")
    with django_assert_max_num_queries(15):
        page = c.get(url).content.decode()
    assert "Página 1 de 2" in page and "semaforo-" in page
    verdes = c.get(url, {"semaforo": "verde"}).content.decode()
    assert verdes.count("semaforo-verde") == 15 and "semaforo-amarillo" not in verdes
    assert "Asunto 3" in c.get(url, {"q": "Asunto 3"}).content.decode()
    assert c.get(url, {"pagina": "x"}).status_code == 400


def test_estado_y_conclusion_desde_la_pagina(gestion, client):
    registro = gestion.registrar()
    [turno] = gestion.turnar(registro, gestion.dga)
    c = _cliente(client, gestion.titular_dga)
    c.post(reverse("eoficio:turno_estado", args=[turno.pk]), {"estado": "atendido", "nota": "Se respondió"})
    turno.refresh_from_db()
    assert turno.estado == Turno.Estado.ATENDIDO
    c.post(reverse("eoficio:concluir", args=[registro.pk]), {"motivo": "Atendido"})
    registro.refresh_from_db()
    assert registro.estado == Registro.Estado.CONCLUIDO


def test_returno_desde_la_pagina_fuera_de_plazo(gestion, client):
    registro = gestion.registrar()
    [padre] = gestion.turnar(registro, gestion.dga, plazo=2)
    c = _cliente(client, gestion.titular_dga)
    datos = {
        "unidades": [gestion.dj.pk],
        "instruccion": gestion.atencion.pk,
        "prioridad": "ordinaria",
        "plazo_dias": 10,
        "padre": padre.pk,
    }
    response = c.post(reverse("eoficio:turnar", args=[registro.pk]), datos)
    assert response.status_code == 400 and "no puede exceder el plazo" in response.content.decode()
    datos["plazo_dias"] = 1
    assert c.post(reverse("eoficio:turnar", args=[registro.pk]), datos).status_code == 302
    assert Turno.objects.get(padre=padre).unidad == gestion.dj


def test_pendientes_turnos(gestion):
    """The "Turnos pendientes" source counts and lists the unidad's open turnos (c.c. excluded), by semáforo."""
    fuente = next(f for f in fuentes() if f.clave == "eoficio.turnos")
    registro = gestion.registrar()
    gestion.turnar(registro, gestion.dga, Destino(gestion.dga, copia=True), plazo=1)
    assert fuente.contar(gestion.titular_dga) == 1
    [item] = fuente.listar(gestion.titular_dga, limite=5)
    assert item.semaforo in ("amarillo", "verde") and registro.folio in item.titulo
    assert fuente.contar(gestion.titular_dj) == 0
