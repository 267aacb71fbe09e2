"""Vistos buenos: order or parallel, approve or return with changes, every version kept and comparable."""

import pytest

from eoficio.models import EstadoOficio, Revision
from eoficio.selectors.acceso import oficio_list_for_user
from eoficio.selectors.versiones import version_diff
from eoficio.services.borradores import firmantes_set, oficio_update
from eoficio.services.revision import oficio_submit, revision_aprobar, revision_devolver, revisores_set
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError


@pytest.fixture
def listo(borrador, capturista, titular, revisor, revisor2):
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": titular}])
    revisores_set(actor=capturista, oficio=borrador, revisores=[revisor, revisor2], en_orden=True)
    return borrador


def test_review_in_order_with_a_change(listo, capturista, revisor, revisor2):
    """The second reviewer waits for the first; a return goes back to borrador; the next round is version 2 and
    the diff shows the change; both approvals make it aprobado."""
    oficio = oficio_submit(actor=capturista, oficio=listo)
    assert oficio.estado == EstadoOficio.EN_REVISION
    with pytest.raises(ConflictError, match="Raúl Vega Núñez"):
        revision_aprobar(actor=revisor2, oficio=oficio)
    oficio = revision_devolver(actor=revisor, oficio=oficio, comentario="Precise el periodo del informe.")
    assert oficio.estado == EstadoOficio.BORRADOR
    oficio_update(
        actor=capturista, oficio=oficio, cuerpo="<p>Solicito el informe trimestral de enero a marzo de 2026.</p>"
    )
    oficio = oficio_submit(actor=capturista, oficio=oficio)
    assert oficio.versiones.count() == 2
    oficio = revision_aprobar(actor=revisor, oficio=oficio, comentario="Correcto.")
    assert oficio.estado == EstadoOficio.EN_REVISION
    oficio = revision_aprobar(actor=revisor2, oficio=oficio)
    assert oficio.estado == EstadoOficio.APROBADO
    diff = version_diff(oficio=oficio, a=1, b=2)
    assert any(linea.tipo == "agregada" and "enero a marzo" in linea.texto for linea in diff)
    assert any(linea.tipo == "quitada" and "trimestral de actividades" in linea.texto for linea in diff)


def test_parallel_review(listo, capturista, revisor, revisor2):
    revisores_set(actor=capturista, oficio=listo, revisores=[revisor, revisor2], en_orden=False)
    oficio = oficio_submit(actor=capturista, oficio=listo)
    oficio = revision_aprobar(actor=revisor2, oficio=oficio)
    oficio = revision_aprobar(actor=revisor, oficio=oficio)
    assert oficio.estado == EstadoOficio.APROBADO
    assert set(oficio.revisiones.values_list("estado", flat=True)) == {Revision.Estado.APROBADA}


def test_without_reviewers_goes_straight_to_aprobado(borrador, capturista, titular):
    firmantes_set(actor=capturista, oficio=borrador, firmantes=[{"usuario": titular}])
    assert oficio_submit(actor=capturista, oficio=borrador).estado == EstadoOficio.APROBADO


def test_incomplete_draft_is_refused_naming_the_field(borrador, capturista):
    with pytest.raises(ApplicationError) as exc:
        oficio_submit(actor=capturista, oficio=borrador)
    assert "firmantes" in exc.value.errors


def test_invalid_transition_names_the_state(listo, capturista, revisor, revisor2):
    oficio = oficio_submit(actor=capturista, oficio=listo)
    with pytest.raises(ConflictError, match="En revisión"):
        oficio_submit(actor=capturista, oficio=oficio)


def test_return_needs_a_comment(listo, capturista, revisor):
    oficio = oficio_submit(actor=capturista, oficio=listo)
    with pytest.raises(ApplicationError) as exc:
        revision_devolver(actor=revisor, oficio=oficio, comentario=" ")
    assert "comentario" in exc.value.errors


def test_outsider_cannot_review(listo, capturista, ajeno):
    oficio = oficio_submit(actor=capturista, oficio=listo)
    assert not oficio_list_for_user(user=ajeno).filter(pk=oficio.pk).exists()
    with pytest.raises(PermissionDeniedError):
        revision_aprobar(actor=ajeno, oficio=oficio)


def test_reviewer_of_another_unidad_cannot_be_named(borrador, capturista, ajeno):
    with pytest.raises(ApplicationError) as exc:
        revisores_set(actor=capturista, oficio=borrador, revisores=[ajeno])
    assert "UAJ" not in exc.value.errors["revisores"][0] and "DGA" in exc.value.errors["revisores"][0]
