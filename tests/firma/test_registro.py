"""The firmable registry is generic: a kind registered only here (a tiny fake app) is signed like e-archivo's.

firma asks the owner before the request and before every signature, and delivers the signed PDF to `on_signed`
exactly once, without touching any table of the owner.
"""

import io

import pytest

from earchivo.models import VersionDocumento
from firma.models import Firma, SolicitudFirma
from firma.services import firma_sign, solicitud_cancel, solicitud_create, solicitud_deliver
from sai.core.exceptions import ApplicationError, ConflictError, NotFoundError
from sai.signing import registry
from sai.signing.registry import Firmable, FirmableInfo
from sai.storage.services import blob_put
from tests.firma.conftest import blob_bytes, grant, llave, oficio_pdf

NOTA = 7


class NotaFirmable(Firmable):
    """A fake app's note: one PDF, seen by the users listed, archived on demand; it records every callback."""

    tipo = "pruebas.nota"
    etiqueta = "Nota de prueba"

    def __init__(self, blob, *users):
        self.blob, self.users, self.archivada = blob, {u.pk for u in users}, False
        self.firmadas, self.canceladas = [], []

    def describe(self, object_id):
        if object_id != NOTA:
            return None
        return FirmableInfo(tipo=self.tipo, id=NOTA, titulo="Nota de prueba", blob=self.blob, unidad_emisora="Pruebas")

    def visible_ids(self, user):
        return [NOTA] if user.pk in self.users else []

    def visible(self, user, object_id):
        return object_id in self.visible_ids(user)

    def signable_check(self, object_id):
        if self.archivada:
            raise ConflictError("La nota está archivada: ya no puede firmarse.")

    def on_signed(self, *, object_id, blob, solicitud, actor):
        self.firmadas.append((object_id, blob.sha256, solicitud, actor))

    def on_cancelled(self, *, object_id, solicitud, actor):
        self.canceladas.append((object_id, solicitud, actor))


@pytest.fixture
def firmantes(firmante):
    return firmante("firmante1"), firmante("firmante2")


@pytest.fixture
def nota(monkeypatch, solicitante, firmantes):
    (u1, _), (u2, _) = firmantes
    firmable = NotaFirmable(
        blob_put(fileobj=io.BytesIO(oficio_pdf("Nota de prueba firmada por dos."))), solicitante, u1, u2
    )
    monkeypatch.setitem(registry._registry, firmable.tipo, firmable)
    return firmable


def _solicitud(solicitante, firmantes):
    return solicitud_create(
        actor=solicitante,
        firmable_tipo="pruebas.nota",
        firmable_id=NOTA,
        firmantes=[(user, "") for user, _ in firmantes],
        folio="NOTA/1",
        nivel="B-B",
    )


def _firmar(user, certificado, solicitud, pki, name):
    key, password = llave(pki, name)
    return firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)


def test_a_registered_kind_is_signed_and_delivered_once(nota, solicitante, firmantes, pki):
    """Two signatures; on_signed gets the final PDF exactly once, even when delivery is asked again."""
    ((u1, c1), (u2, c2)) = firmantes
    solicitud = _solicitud(solicitante, firmantes)
    assert solicitud.titulo == "Nota de prueba" and solicitud.unidad_emisora == "Pruebas"
    _firmar(u1, c1, solicitud, pki, "firmante1")
    assert nota.firmadas == [], "nothing is delivered while a signature is missing"
    _firmar(u2, c2, solicitud, pki, "firmante2")
    solicitud.refresh_from_db()
    assert len(nota.firmadas) == 1
    object_id, sha256, resumen, actor = nota.firmadas[0]
    assert (object_id, sha256, actor) == (NOTA, solicitud.actual_blob.sha256, u2)
    assert resumen.folio == "NOTA/1" and resumen.firmantes == ("MARIA LOPEZ PEREZ", "JUAN GARCIA HERNANDEZ")
    assert blob_bytes(solicitud.actual_blob).startswith(blob_bytes(solicitud.base_blob)), "incremental signatures"
    assert solicitud_deliver(solicitud=solicitud) is False, "idempotent: this PDF was already delivered"
    assert len(nota.firmadas) == 1
    assert nota.canceladas == []
    assert not VersionDocumento.objects.exists(), "firma wrote nothing into another app"


def test_the_owner_refuses_at_request_and_before_each_signature(nota, solicitante, firmantes, pki):
    """An archived note cannot be sent; archived after the request, the next signature is refused unmade."""
    ((u1, c1), _) = firmantes
    nota.archivada = True
    with pytest.raises(ConflictError):
        _solicitud(solicitante, firmantes)
    assert not SolicitudFirma.objects.exists()
    nota.archivada = False
    solicitud = _solicitud(solicitante, firmantes)
    nota.archivada = True
    with pytest.raises(ConflictError) as info:
        _firmar(u1, c1, solicitud, pki, "firmante1")
    assert info.value.message == "La nota está archivada: ya no puede firmarse."
    solicitud.refresh_from_db()
    assert solicitud.actual_blob_id == solicitud.base_blob_id and not Firma.objects.exists()
    assert nota.firmadas == []


def test_the_requester_must_see_the_firmable(nota, make_user, firmantes):
    """Someone the owner does not show the note to gets "not found", like a missing one."""
    extrano = grant(make_user(), "solicitar_firma")
    with pytest.raises(NotFoundError):
        _solicitud(extrano, firmantes)


def test_an_unknown_kind_is_a_field_error(solicitante, firmantes):
    """A type nobody registered is refused on the firmable_tipo field, naming the registered ones."""
    with pytest.raises(ApplicationError) as info:
        solicitud_create(
            actor=solicitante, firmable_tipo="nadie.nada", firmable_id=1, firmantes=[], folio="X", nivel="B-B"
        )
    assert "earchivo.version" in info.value.errors["firmable_tipo"][0]


def test_cancelling_tells_the_owner_once(nota, solicitante, firmantes):
    """on_cancelled is called exactly once, with the reason; a second cancellation is refused."""
    solicitud = _solicitud(solicitante, firmantes)
    solicitud_cancel(actor=solicitante, solicitud=solicitud, motivo="Nota duplicada")
    with pytest.raises(ConflictError):
        solicitud_cancel(actor=solicitante, solicitud=solicitud, motivo="Otra vez")
    assert len(nota.canceladas) == 1
    object_id, resumen, actor = nota.canceladas[0]
    assert (object_id, resumen.motivo, actor) == (NOTA, "Nota duplicada", solicitante)
    assert nota.firmadas == []
