"""Fixtures for e-oficio: two unidades, an open expediente of the first, its people by role."""

import pytest

from eoficio.services.borradores import destinatarios_set, oficio_create, oficio_update
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, user_in
from tests.factories import UnidadFactory


@pytest.fixture
def unidad(db):
    return UnidadFactory(siglas="DGA", nombre="Dirección General de Administración")


@pytest.fixture
def otra_unidad(db):
    return UnidadFactory(siglas="UAJ", nombre="Unidad de Asuntos Jurídicos")


@pytest.fixture
def serie(unidad):
    return SerieFactory(nombre="Correspondencia oficial", unidades=[unidad])


@pytest.fixture
def expediente(unidad, serie):
    return ExpedienteFactory(unidad=unidad, serie=serie)


@pytest.fixture
def capturista(unidad):
    return user_in(unidad, Rol.CAPTURISTA, first_name="Carla", last_name="Pérez Soto")


@pytest.fixture
def titular(unidad):
    user = user_in(unidad, Rol.FIRMANTE, first_name="Tomás", last_name="Ruiz Medina")
    user.perfil.cargo = "Director General de Administración"
    user.perfil.save(update_fields=["cargo"])
    return user


@pytest.fixture
def ajeno(otra_unidad):
    """Someone of another unidad with every e-oficio permission a capturista has."""
    return user_in(otra_unidad, Rol.CAPTURISTA, first_name="Ana", last_name="Ajena")


@pytest.fixture
def destinatario_uaj(otra_unidad):
    user = user_in(otra_unidad, Rol.FIRMANTE, first_name="Lucía", last_name="Torres Gil")
    user.perfil.cargo = "Titular de la Unidad de Asuntos Jurídicos"
    user.perfil.save(update_fields=["cargo"])
    return user


@pytest.fixture
def borrador(capturista, titular, expediente, destinatario_uaj):
    """A complete borrador drafted by the capturista for the titular, addressed to UAJ with a c.c.p."""
    oficio = oficio_create(actor=capturista, expediente=expediente, en_nombre_de=titular, asunto="Solicitud de informe")
    oficio = oficio_update(
        actor=capturista,
        oficio=oficio,
        referencia="Su oficio UAJ/0042/2026",
        cuerpo="<p>Por medio del presente solicito a usted el informe <b>trimestral</b> de actividades.</p>"
        "<p>Sin otro particular, le envío un cordial saludo.</p>",
    )
    destinatarios_set(
        actor=capturista,
        oficio=oficio,
        destinatarios=[
            {"usuario": destinatario_uaj},
            {
                "nombre": "Mtra. Elena Vidal",
                "cargo": "Contralora",
                "institucion": "OIC",
                "email": "evidal@oic.gob.mx",
                "copia": True,
            },
        ],
    )
    return oficio


@pytest.fixture
def revisor(unidad):
    return user_in(unidad, Rol.CAPTURISTA, first_name="Raúl", last_name="Vega Núñez")


@pytest.fixture
def revisor2(unidad):
    return user_in(unidad, Rol.RESPONSABLE_AT, first_name="Sofía", last_name="Luna Paz")
