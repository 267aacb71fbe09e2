"""The search cursor oracle (issue 8, item 7): reserved documents a user cannot see must not change anything that
user observes. An uploader files two notes, one with a known word and one with a probe word, and pages through
searches for them; hidden reservada documents holding (or not) the probe word used to change the relevance score
written in the readable cursor (term statistics over the whole index), and could change the order of the notes."""

import base64
import datetime
import json
import zlib

import pytest
from rest_framework.test import APIClient

from earchivo.models import ClasificacionInformacion
from tests.earchivo.factories import ExpedienteFactory
from tests.search.fixtures import Mundo, documento_con_texto, index_all

CONSULTAS = ["alfombra", "zafiro", "alfombra OR zafiro", "alfombra zafiro"]


def _legible(token: str):
    """What a client can read from a cursor without any key: base64 (optionally zlib) JSON, or None."""
    for part in (token, token.split(":")[0]):
        compressed = part.startswith(".")
        data = part.lstrip(".")
        try:
            raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
            return json.loads(zlib.decompress(raw) if compressed else raw)
        except (ValueError, zlib.error):
            continue
    return None


def _observar(client) -> list:
    """Everything the uploader sees paging each search one hit at a time: titles in order and readable cursors."""
    vistas = []
    for q in CONSULTAS:
        titulos, cursores, cursor = [], [], None
        while True:
            params = {"q": q, "tamano": 1} | ({"cursor": cursor} if cursor else {})
            response = client.get("/api/v1/search/", params)
            assert response.status_code == 200, response.content
            data = response.json()
            titulos += [(h["titulo"], h["fragmentos"]) for h in data["resultados"]]
            cursor = data["siguiente"]
            if not cursor:
                break
            cursores.append(_legible(cursor))
        vistas.append((q, data["total"], titulos, cursores))
    return vistas


def test_hidden_documents_change_nothing_the_uploader_observes(backend):
    world = Mundo()
    propio = ExpedienteFactory(
        serie=world.serie, unidad=world.ub, responsable=world.staff_b, titulo="Pruebas", anio=2024
    )
    fecha = datetime.date(2024, 5, 5)
    documento_con_texto(propio, "Nota con la palabra alfombra.", titulo="Nota uno", fecha=fecha)
    documento_con_texto(propio, "Nota con la palabra zafiro.", titulo="Nota dos", fecha=fecha)
    index_all()
    client = APIClient()
    client.force_authenticate(world.staff_b)
    antes = _observar(client)

    # Reserved documents the uploader cannot see, several of them holding the probe word.
    oculto = ExpedienteFactory(
        serie=world.serie,
        unidad=world.ua,
        responsable=world.staff_a,
        titulo="Expediente reservado",
        clasificacion=ClasificacionInformacion.RESERVADA,
    )
    for n in range(12):
        documento_con_texto(oculto, f"Informe {n}: zafiro zafiro en la bóveda.", titulo=f"Reservado {n}", fecha=fecha)
    index_all()
    despues = _observar(client)

    assert despues == antes
    # Nothing numeric the index computed is readable in a cursor: at most the position of the next page.
    for _, _, _, cursores in despues:
        for legible in cursores:
            assert not isinstance(legible, list), legible
            assert not any(isinstance(v, float) for v in (legible or {}).values()), legible


def test_cursor_is_bound_to_its_user_and_query(backend):
    """A cursor is signed for one user and one search: replayed by another user, or with another query, it is a
    400 on the `cursor` field (a leaked page link shows nothing to anybody else)."""
    world = Mundo()
    for n in range(3):
        documento_con_texto(world.publico, f"Acta {n} de la comisión", titulo=f"Acta {n}")
    index_all()
    owner, other = APIClient(), APIClient()
    owner.force_authenticate(world.staff_a)
    other.force_authenticate(world.auditor)
    cursor = owner.get("/api/v1/search/", {"q": "acta", "tamano": 1}).json()["siguiente"]
    assert cursor
    assert owner.get("/api/v1/search/", {"q": "acta", "tamano": 1, "cursor": cursor}).status_code == 200
    for client, q in ((other, "acta"), (owner, "comision")):
        response = client.get("/api/v1/search/", {"q": q, "tamano": 1, "cursor": cursor})
        assert response.status_code == 400, (q, response.content)
        assert "cursor" in response.json()["errors"]
    forged = cursor[:-3] + ("xyz" if not cursor.endswith("xyz") else "abc")
    assert owner.get("/api/v1/search/", {"q": "acta", "cursor": forged}).status_code == 400


@pytest.mark.parametrize("orden", ["relevancia", "fecha", "fecha_asc"])
def test_page_links_keep_working(backend, orden):
    """The search page's "next" link carries the opaque cursor and the next page follows from it."""
    from django.test import Client

    world = Mundo()
    for n in range(25):
        documento_con_texto(world.publico, f"Minuta {n}", titulo=f"Minuta {n}", fecha=datetime.date(2024, 1, 1 + n))
    index_all()
    client = Client()
    client.force_login(world.staff_a)
    first = client.get("/busqueda/", {"q": "minuta", "orden": orden})
    assert first.status_code == 200
    siguiente = first.context["siguiente"]
    assert siguiente and "cursor=" in siguiente
    second = client.get("/busqueda/" + siguiente)
    assert second.status_code == 200
    keys = {h.key for h in first.context["resultado"].hits} | {h.key for h in second.context["resultado"].hits}
    assert len(keys) == 25
