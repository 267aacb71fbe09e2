"""Drafting: a borrador is born in an expediente of its unidad, saves itself, keeps only safe formatting."""

import io

import pytest

from earchivo.models import Expediente
from eoficio.models import EstadoOficio, Oficio
from eoficio.selectors.acceso import oficio_list_for_user
from eoficio.services.borradores import anexo_add, destinatarios_set, oficio_create, oficio_update
from eoficio.services.delegaciones import delegacion_create, delegacion_revoke
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, user_in


def test_capturista_drafts_on_behalf_of_titular(borrador, capturista, titular, unidad):
    """The oficio belongs to the titular's unidad, records who drafted it and for whom, and is audited."""
    assert borrador.unidad == unidad
    assert borrador.elaborado_por == capturista and borrador.en_nombre_de == titular
    assert borrador.estado == EstadoOficio.BORRADOR
    assert EntradaBitacora.objects.filter(accion="oficio.crear", objeto_id=str(borrador.pk)).exists()


def test_body_keeps_only_the_allow_list(borrador, capturista):
    """Scripts, event handlers, images and links are dropped; bold and paragraphs stay."""
    oficio = oficio_update(
        actor=capturista,
        oficio=borrador,
        cuerpo='<p onclick="x()">Texto <b>firme</b><img src="https://evil.example/x.png">'
        '<a href="https://evil.example">liga</a><script>alert(1)</script></p>',
    )
    oficio.refresh_from_db()
    assert oficio.cuerpo == "<p>Texto <b>firme</b>liga</p>"


def test_expediente_of_another_unidad_is_refused(capturista, otra_unidad):
    """An oficio is filed in its own unidad's expediente, named in the error."""
    ajeno = ExpedienteFactory(unidad=otra_unidad)
    with pytest.raises(ApplicationError) as exc:
        oficio_create(actor=capturista, expediente=ajeno)
    assert "expediente" in exc.value.errors


def test_expediente_opened_on_the_spot(capturista, serie, unidad):
    """Without an expediente, one is opened in a serie the unidad produces through e-archivo's service."""
    oficio = oficio_create(actor=capturista, serie=serie, titulo_expediente="Correspondencia 2026")
    assert oficio.expediente.serie == serie and oficio.expediente.unidad == unidad
    assert oficio.expediente.estado == Expediente.Estado.ABIERTO


def test_someone_else_cannot_edit_the_draft(borrador, ajeno):
    with pytest.raises(PermissionDeniedError):
        oficio_update(actor=ajeno, oficio=borrador, asunto="Otro")


def test_external_recipient_needs_an_email(borrador, capturista):
    with pytest.raises(ApplicationError) as exc:
        destinatarios_set(actor=capturista, oficio=borrador, destinatarios=[{"nombre": "Lic. Externo"}])
    assert "correo" in " ".join(exc.value.errors["destinatarios"])
    assert borrador.destinatarios.count() == 2  # nothing half-written


def test_anexo_is_stored(borrador, capturista):
    anexo = anexo_add(actor=capturista, oficio=borrador, fileobj=io.BytesIO(b"tabla"), filename="informe.csv")
    assert anexo.blob.size == 5 and borrador.anexos.count() == 1


def test_only_a_borrador_changes(borrador, capturista):
    Oficio.objects.filter(pk=borrador.pk).update(estado=EstadoOficio.APROBADO)
    with pytest.raises(ConflictError, match="Aprobado"):
        oficio_update(actor=capturista, oficio=borrador, asunto="Cambio tardío")


def test_delegation_opens_the_titular_bandeja(borrador, unidad, titular):
    """An assistant of another unidad sees and works the titular's oficios while the delegation lasts."""
    from tests.factories import UnidadFactory

    asistente = user_in(UnidadFactory(siglas="SP"), Rol.CAPTURISTA)
    assert not oficio_list_for_user(user=asistente).filter(pk=borrador.pk).exists()
    delegacion = delegacion_create(actor=titular, asistente=asistente)
    assert oficio_list_for_user(user=asistente).filter(pk=borrador.pk).exists()
    oficio_update(actor=asistente, oficio=borrador, asunto="Ajustado por la secretaría particular")
    delegacion_revoke(actor=titular, delegacion=delegacion)
    assert not oficio_list_for_user(user=asistente).filter(pk=borrador.pk).exists()
    with pytest.raises(PermissionDeniedError):
        oficio_update(actor=asistente, oficio=borrador, asunto="Ya no")


def test_other_unidad_does_not_see_a_draft(borrador, ajeno, destinatario_uaj):
    """Even the addressee does not see it before it is sent."""
    assert not oficio_list_for_user(user=ajeno).filter(pk=borrador.pk).exists()
    assert not oficio_list_for_user(user=destinatario_uaj).filter(pk=borrador.pk).exists()
