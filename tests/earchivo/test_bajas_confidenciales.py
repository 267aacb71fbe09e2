"""Baja of classified expedientes whose CADIDO says eliminación: confidential personal files go (4C.3.1), a
reservado waits until its reserve period is over; titles stay masked for whoever may not open them."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from earchivo.models import ClasificacionInformacion, DocumentoProcesoBaja, Expediente, ProcesoBaja
from earchivo.selectors.ciclo import baja_candidatos
from earchivo.services.bajas import baja_solicitar
from sai.core.exceptions import ApplicationError
from sai.org.roles import Rol
from sai.storage.services import blob_open
from tests.earchivo.ciclo_fixtures import client_for, expediente_para_baja
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
CONFIDENCIAL, RESERVADA = ClasificacionInformacion.CONFIDENCIAL, ClasificacionInformacion.RESERVADA
AYER = datetime.date.today() - datetime.timedelta(days=1)
MANANA = datetime.date.today() + datetime.timedelta(days=1)


def _personal(**kwargs) -> Expediente:
    kwargs.setdefault("titulo", "Expediente de personal de Juana Ruiz")
    return expediente_para_baja(unidad=UnidadFactory(), clasificacion=CONFIDENCIAL, **kwargs)


def _solicitar(ac, expedientes) -> ProcesoBaja:
    return baja_solicitar(actor=ac, expedientes=expedientes, justificacion="Plazo de conservación cumplido")


def test_confidential_expediente_with_eliminacion_is_admitted(make_user):
    """A personal file (confidencial, eliminación, plazo over) goes into the baja like a public one."""
    ac = make_user(Rol.CONCENTRACION)
    personal = _personal()
    proceso = _solicitar(ac, [personal])
    assert list(proceso.renglones.values_list("expediente_id", flat=True)) == [personal.pk]


def test_reservado_waits_while_its_reserve_period_runs(make_user):
    """Running (or undated) reserve: refused, naming the expediente and the date; ended: admitted."""
    ac = make_user(Rol.CONCENTRACION)
    vigente = expediente_para_baja(unidad=UnidadFactory(), clasificacion=RESERVADA, fecha_desclasificacion=MANANA)
    sin_fecha = expediente_para_baja(unidad=UnidadFactory(), clasificacion=RESERVADA, fecha_desclasificacion=None)
    with pytest.raises(ApplicationError) as exc:
        _solicitar(ac, [vigente, sin_fecha])
    errores = exc.value.errors["expedientes"]
    assert any(m.startswith(vigente.clave) and "reserva" in m and f"{MANANA:%d/%m/%Y}" in m for m in errores)
    assert any(m.startswith(sin_fecha.clave) and "reserva" in m for m in errores)
    vencida = expediente_para_baja(unidad=UnidadFactory(), clasificacion=RESERVADA, fecha_desclasificacion=AYER)
    assert _solicitar(ac, [vencida]).renglones.count() == 1


def test_concentracion_lists_confidential_candidates_with_masked_titles(make_user):
    """The archive that keeps personal files picks them for baja without reading them."""
    ac = make_user(Rol.CONCENTRACION)
    personal = _personal()
    vigente = expediente_para_baja(unidad=UnidadFactory(), clasificacion=RESERVADA, fecha_desclasificacion=MANANA)
    candidatos = {e.pk: e.visible for e in baja_candidatos(user=ac)}
    assert candidatos == {personal.pk: False}
    assert vigente.pk not in candidatos
    page = client_for(ac).get(reverse("earchivo:baja_nueva")).content.decode()
    assert personal.clave in page and "Juana Ruiz" not in page


def test_baja_page_requests_a_confidential_expediente(make_user):
    """Through the page: the solicitud is created, and its inventario and detail page keep the title out."""
    ac = make_user(Rol.CONCENTRACION)
    personal = _personal()
    response = client_for(ac).post(
        reverse("earchivo:baja_nueva"), {"expedientes": [personal.pk], "justificacion": "Plazo cumplido"}
    )
    proceso = ProcesoBaja.objects.get()
    assert response.status_code == 302
    inventario = proceso.documentos.get(tipo=DocumentoProcesoBaja.Tipo.INVENTARIO)
    with blob_open(sha256=inventario.blob_id) as raw:
        texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(raw.read())).pages).replace("\n", "")
    assert personal.clave in texto and "Juana Ruiz" not in texto
    detalle = client_for(make_user(Rol.COORDINACION)).get(reverse("earchivo:baja_detalle", args=[proceso.pk]))
    assert personal.clave in detalle.content.decode() and "Juana Ruiz" not in detalle.content.decode()
    api = client_for(ac).get(f"/api/v1/archivo/bajas/{proceso.pk}/").json()
    assert [e["titulo"] for e in api["expedientes"]] == ["(información clasificada)"]


def test_baja_page_refuses_who_does_not_request_bajas(make_user):
    """The Responsable AT of the unidad may not request the baja of its personal files."""
    at = make_user(Rol.RESPONSABLE_AT)
    personal = expediente_para_baja(unidad=at.perfil.unidad, clasificacion=CONFIDENCIAL)
    response = client_for(at).post(
        reverse("earchivo:baja_nueva"), {"expedientes": [personal.pk], "justificacion": "Plazo cumplido"}
    )
    assert response.status_code == 403
    assert not ProcesoBaja.objects.exists()
