"""/api/v1/gestion/: every control de gestión operation through the API, its refusals, and the OpenAPI schema."""

import io

import pytest
from rest_framework.test import APIClient

from eoficio.models import Registro, Turno
from tests.earchivo.factories import pdf_bytes

pytestmark = pytest.mark.django_db
BASE = "/api/v1/gestion"


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _registrar(api, **extra):
    datos = {
        "medio": "correo",
        "remitente_nombre": "Ana",
        "remitente_institucion": "SFP",
        "fecha_documento": "2026-11-10",
        "asunto": "Solicitud",
        **extra,
    }
    return api.post(f"{BASE}/registros/", datos, format="multipart")


def test_flujo_completo_por_api(gestion):
    """Register with a scan, turn with c.c., re-turn, attend, conclude; the dashboard counts it."""
    op = _api(gestion.oficialia)
    archivo = io.BytesIO(pdf_bytes())
    archivo.name = "escaneo.pdf"
    creado = _registrar(op, archivo=archivo)
    assert creado.status_code == 201, creado.json()
    registro = creado.json()
    assert registro["folio"].startswith("OP/00001/")
    instrucciones = op.get(f"{BASE}/instrucciones/").json()
    atencion = next(i["id"] for i in instrucciones if i["nombre"] == "Para su atención")
    turnado = op.post(
        f"{BASE}/registros/{registro['id']}/turnos/",
        {
            "destinos": [{"unidad": "DGA"}, {"unidad": "DJ", "copia": True}],
            "instruccion": atencion,
            "plazo_dias": 5,
            "prioridad": "urgente",
        },
        format="json",
    )
    assert turnado.status_code == 201, turnado.json()
    padre = turnado.json()[0]
    assert padre["semaforo"] in ("verde", "amarillo") and turnado.json()[1]["fecha_limite"] is None

    dga = _api(gestion.titular_dga)
    detalle = dga.get(f"{BASE}/registros/{registro['id']}/").json()
    assert next(t for t in detalle["turnos"] if t["id"] == padre["id"])["acuse"] is not None
    excedido = dga.post(
        f"{BASE}/registros/{registro['id']}/turnos/",
        {"destinos": [{"unidad": "DJ"}], "instruccion": atencion, "plazo_dias": 30, "padre": padre["id"]},
        format="json",
    )
    assert excedido.status_code == 400 and "plazo_dias" in excedido.json()["errors"]
    bandeja = dga.get(f"{BASE}/turnos/", {"lista": "por_devolver"}).json()
    assert [t["id"] for t in bandeja["results"]] == [padre["id"]]
    assert dga.post(f"{BASE}/turnos/{padre['id']}/estado/", {"estado": "en_atencion"}).status_code == 200
    atendido = dga.post(f"{BASE}/turnos/{padre['id']}/estado/", {"estado": "atendido", "nota": "Respondido"})
    assert atendido.json()["estado"] == "atendido"
    concluido = dga.post(f"{BASE}/registros/{registro['id']}/concluir/", {"motivo": "Respondido por oficio"})
    assert concluido.status_code == 200 and concluido.json()["estado"] == "concluido"
    assert Turno.objects.get(copia=True).estado == Turno.Estado.CONCLUIDO
    assert op.get(f"{BASE}/registros/{registro['id']}/volante/")["Content-Type"] == "application/pdf"
    assert op.get(f"{BASE}/registros/{registro['id']}/constancia/").content.startswith(b"%PDF")
    tablero = dga.get(f"{BASE}/tablero/").json()
    assert tablero["unidad"] == "DGA" and tablero["promedio_respuesta"] == 0.0


def test_rechazos_por_api(gestion):
    """Bad data names its field; other unidades get 404; without the permission, 403; nothing is written."""
    op = _api(gestion.oficialia)
    malo = _registrar(op, medio="paloma", fecha_documento="")
    assert malo.status_code == 400 and {"medio", "fecha_documento"} <= set(malo.json()["errors"])
    assert _registrar(_api(gestion.analista_dga)).status_code == 403
    registro = gestion.registrar()
    [turno] = gestion.turnar(registro, gestion.dga)
    dj = _api(gestion.titular_dj)
    assert dj.get(f"{BASE}/registros/{registro.pk}/").status_code == 404
    assert dj.get(f"{BASE}/registros/{registro.pk}/volante/").status_code == 404
    datos = {"destinos": [{"unidad": "DJ"}], "instruccion": gestion.atencion.pk, "plazo_dias": 1}
    assert dj.post(f"{BASE}/registros/{registro.pk}/turnos/", datos, format="json").status_code == 404
    assert dj.post(f"{BASE}/turnos/{turno.pk}/estado/", {"estado": "en_atencion"}).status_code == 404
    assert dj.get(f"{BASE}/registros/").json()["results"] == []
    desconocida = op.post(
        f"{BASE}/registros/{registro.pk}/turnos/",
        {"destinos": [{"unidad": "NOEXISTE"}], "instruccion": gestion.atencion.pk, "plazo_dias": 1},
        format="json",
    )
    assert desconocida.status_code == 400 and "destinos" in desconocida.json()["errors"]
    assert op.get(f"{BASE}/turnos/", {"semaforo": "morado"}).status_code == 400
    assert Turno.objects.count() == 1 and Registro.objects.count() == 1


def test_esquema_openapi(gestion):
    schema = _api(gestion.oficialia).get("/api/schema/", {"format": "json"}).json()
    rutas = schema["paths"]
    for ruta in ("registros/", "registros/{id}/turnos/", "turnos/", "turnos/{id}/estado/", "tablero/"):
        assert f"/api/v1/gestion/{ruta}" in rutas
    assert "/api/v1/calendario/dias-inhabiles/" in rutas


def test_bandeja_api_dice_cuanto_lo_ha_tenido_cada_unidad(gestion):
    """Each turno reports its business days held ("por devolver" / "en espera de respuesta")."""
    registro = gestion.registrar()
    [padre] = gestion.turnar(registro, gestion.dga)
    gestion.turnar(registro, gestion.dj, plazo=1, actor=gestion.titular_dga, padre=padre)
    espera = _api(gestion.titular_dga).get(f"{BASE}/turnos/", {"lista": "en_espera"}).json()["results"]
    assert [t["unidad"] for t in espera] == ["DJ"] and espera[0]["dias_en_poder"] == 0
    assert _api(gestion.titular_dga).get(f"{BASE}/turnos/", {"lista": "cualquiera"}).status_code == 400
