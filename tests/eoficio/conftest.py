"""Fixtures for e-oficio: two unidades, an open expediente of the first, its people by role."""

import pytest

import tests.firma.conftest as firma_fixtures
from eoficio.services.borradores import destinatarios_set, oficio_create, oficio_update
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, user_in
from tests.eoficio.gestion_fixtures import gestion  # noqa: F401
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


# --- signing ------------------------------------------------------------------------------------------------------
# The test PKI and firma's settings pointed at it (autouse), shared with firma's own tests.
pki = firma_fixtures.pki
firma_settings = firma_fixtures.firma_settings


@pytest.fixture
def con_certificado(pki):
    """Give `user` the test PKI certificate `name` (their RFC/CURP) and register it; returns (user, certificado)."""
    from firma.services import certificado_register
    from tests.firma.conftest import identify

    def make(user, name: str):
        user = identify(user, pki, name)
        return user, certificado_register(actor=user, cer=pki.cer(name))

    return make


@pytest.fixture
def competente():
    """A Competencia of `user` to sign `tipo` for `unidad` since January 1st of this year."""
    import datetime as dt

    from eoficio.models import Competencia

    def make(user, unidad, tipo="oficio", **kwargs):
        return Competencia.objects.create(
            usuario=user,
            unidad=unidad,
            tipo=tipo,
            cargo=user.perfil.cargo or "Titular",
            fundamento=kwargs.pop("fundamento", "el artículo 12 del Reglamento Interior"),
            desde=kwargs.pop("desde", dt.date(dt.date.today().year, 1, 1)),
            **kwargs,
        )

    return make


def firmar(pki, user, certificado, oficio):
    """Sign the oficio's pending request as `user` server-side (B-B level requests need no TSA)."""
    from firma.models import SolicitudFirma
    from firma.services import firma_sign
    from tests.firma.conftest import llave

    solicitud = SolicitudFirma.objects.get(
        firmable_tipo="eoficio.oficio", firmable_id=oficio.pk, estado=SolicitudFirma.Estado.EN_FIRMA
    )
    key, password = llave(pki, name_of(certificado))
    return firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)


def name_of(certificado) -> str:
    return {"LOPM800101AB1": "firmante1", "GAHJ750315QW2": "firmante2", "TORA820720KJ3": "firmante3"}[certificado.rfc]


@pytest.fixture
def oficio_firmado(borrador, capturista, titular, unidad, con_certificado, competente, pki, settings):
    """The borrador approved (no reviewers), numbered, signed by the titular (B-B) and filed."""
    from eoficio.services.borradores import firmantes_set
    from eoficio.services.firma import oficio_request_signature
    from eoficio.services.revision import oficio_submit

    settings.SAI_FIRMA_NIVEL_DEFAULT = "B-B"
    user, certificado = con_certificado(titular, "firmante1")
    competente(user, unidad)
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": user}])
    oficio = oficio_request_signature(actor=capturista, oficio=oficio_submit(actor=capturista, oficio=borrador))
    firmar(pki, user, certificado, oficio)
    oficio.refresh_from_db()
    return oficio
