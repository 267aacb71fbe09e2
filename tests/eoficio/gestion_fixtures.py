"""Shared set-up for control de gestión tests: an oficialía, two unidades with titulares, a time machine."""

import datetime
import zoneinfo

import pytest

from eoficio.models import Instruccion
from eoficio.services.recepcion import registro_create
from eoficio.services.turnos import Destino, turno_create
from sai.org.models import UnidadAdministrativa
from sai.org.roles import Rol
from tests.factories import UnidadFactory, UserFactory

CDMX = zoneinfo.ZoneInfo("America/Mexico_City")


def persona(unidad: UnidadAdministrativa, *roles: str, **kwargs):
    user = UserFactory(roles=list(roles), **kwargs)
    user.perfil.unidad = unidad
    user.perfil.save(update_fields=["unidad"])
    return user


class Gestion:
    def __init__(self) -> None:
        self.oficialia_ua = UnidadFactory(siglas="OP", nombre="Oficialía de Partes")
        self.dga = UnidadFactory(siglas="DGA", nombre="Dirección General de Administración")
        self.dj = UnidadFactory(siglas="DJ", nombre="Dirección Jurídica")
        self.oficialia = persona(self.oficialia_ua, Rol.OFICIALIA, email="op@example.org")
        self.titular_dga = persona(self.dga, Rol.FIRMANTE, email="titular.dga@example.org")
        self.analista_dga = persona(self.dga, Rol.CAPTURISTA, email="analista.dga@example.org")
        self.titular_dj = persona(self.dj, Rol.FIRMANTE, email="titular.dj@example.org")
        self.dga.titular, self.dj.titular = self.titular_dga, self.titular_dj
        self.dga.save()
        self.dj.save()
        self.atencion = Instruccion.objects.get(nombre="Para su atención")
        self.conocimiento = Instruccion.objects.get(nombre="Para su conocimiento")

    def registrar(self, **kwargs):
        datos = {
            "actor": self.oficialia,
            "medio": "ventanilla",
            "remitente_nombre": "Lic. Ana Torres",
            "remitente_cargo": "Directora de Enlace",
            "remitente_institucion": "Secretaría de la Función Pública",
            "numero_documento": "SFP/100/2026",
            "fecha_documento": datetime.date(2026, 11, 10),
            "asunto": "Solicitud de información sobre contratos",
            "anexos": "Copia del contrato",
            "anexos_cantidad": 1,
        }
        datos.update(kwargs)
        return registro_create(**datos)

    def turnar(self, registro, *destinos, plazo=5, actor=None, padre=None, instruccion=None):
        return turno_create(
            actor=actor or self.oficialia,
            registro=registro,
            destinos=[d if isinstance(d, Destino) else Destino(unidad=d) for d in destinos],
            instruccion=instruccion or self.atencion,
            plazo_dias=plazo,
            padre=padre,
        )


@pytest.fixture
def gestion(db):
    return Gestion()


def momento(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CDMX)
