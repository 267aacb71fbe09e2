"""Registros are searchable with the same rule as their pages: oficialía, turnados, c.c. and named people only.
Runs on both search backends (the database one and the real Elasticsearch)."""

import pytest

from eoficio.models import Registro
from eoficio.selectors_gestion import registro_list_for_user
from eoficio.services.turnos import Destino
from sai.org.roles import Rol
from sai.search.services.indexing import search_enqueue, search_flush_all
from tests.eoficio.gestion_fixtures import persona
from tests.search.conftest import backend, es_config  # noqa: F401
from tests.search.fixtures import found

pytestmark = pytest.mark.django_db


def _indexar():
    search_enqueue(*Registro.objects.all())
    report = search_flush_all(refresh=True)
    assert not report.failed, report.error


def test_busqueda_respeta_la_regla_de_la_pagina(backend, gestion):  # noqa: F811
    uno = gestion.registrar(asunto="Licitación de papelería institucional")
    dos = gestion.registrar(asunto="Licitación de vehículos oficiales")
    gestion.turnar(uno, gestion.dga, Destino(gestion.dj, copia=True))
    gestion.turnar(dos, Destino(gestion.dj, gestion.titular_dj))
    externo = persona(gestion.dj, Rol.CAPTURISTA)
    nadie = persona(gestion.oficialia_ua, Rol.CAPTURISTA)  # same unidad as oficialía, without its permission
    _indexar()
    for user in (gestion.oficialia, gestion.analista_dga, gestion.titular_dj, externo, nadie):
        esperado = {f"registro:{r.pk}" for r in registro_list_for_user(user=user)}
        assert {k for k in found(user, "licitación") if k.startswith("registro:")} == esperado, user.username
    assert found(gestion.analista_dga, uno.folio) >= {f"registro:{uno.pk}"}
    assert not {k for k in found(nadie, "licitación") if k.startswith("registro:")}
