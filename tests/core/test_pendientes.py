""" "Mis pendientes" on the home page: every registered source the user has work in, within what they may see,
in a constant number of queries."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from earchivo.models import Prestamo
from earchivo.services.transferencias import transferencia_prepare
from firma.services import solicitud_create
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for, expediente_cerrado
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, VersionFactory, user_in
from tests.factories import UnidadFactory
from tests.firma.conftest import oficio_pdf

pytestmark = pytest.mark.django_db
HOY = timezone.localdate


def _secciones(html: str) -> dict[str, str]:
    """The home page's pendientes cards by source key (their HTML)."""
    partes = html.split('data-fuente="')[1:]
    return {parte.split('"', 1)[0]: parte for parte in partes}


def _transferencia(unidad):
    at = user_in(unidad, Rol.RESPONSABLE_AT)
    expedientes = [expediente_cerrado(unidad=unidad)]
    return transferencia_prepare(actor=at, tipo="primaria", unidad=unidad, expedientes=expedientes)


def _prestamo_vencido(expediente, solicitante):
    return Prestamo.objects.create(
        expediente=expediente,
        solicitante=solicitante,
        entregado_por=solicitante,
        fecha_prestamo=HOY() - datetime.timedelta(days=30),
        fecha_vencimiento=HOY() - datetime.timedelta(days=2),
    )


def _por_firmar(firmante, expediente, folio="DA/0001/2026"):
    solicitante = user_in(expediente.unidad, Rol.CAPTURISTA)
    version = VersionFactory(
        documento=DocumentoFactory(expediente=expediente, version=None), contenido=oficio_pdf(), nombre_archivo="o.pdf"
    )
    return solicitud_create(
        actor=solicitante,
        firmable_tipo="earchivo.version",
        firmable_id=version.pk,
        firmantes=[(firmante, "Titular")],
        folio=folio,
        unidad_emisora="Dirección de Administración",
    )


@pytest.mark.services  # signs at B-LT: the TSA
def test_each_role_sees_its_sources_with_count_items_deadline_semaforo_and_link(make_user):
    unidad = UnidadFactory(siglas="DA")
    coordinacion = make_user(Rol.COORDINACION)
    transferencia = _transferencia(unidad)
    expediente_cerrado(unidad=unidad, titulo="Contratos de arrendamiento 2015")
    _prestamo_vencido(expediente_cerrado(unidad=unidad), coordinacion)
    solicitud = _por_firmar(coordinacion, ExpedienteFactory(unidad=unidad), folio="DA/0042/2026")

    html = client_for(coordinacion).get("/").text
    secciones = _secciones(html)
    assert set(secciones) == {
        "earchivo.transferencias",
        "earchivo.prestamos_vencidos",
        "earchivo.caducidades",
        "firma.por_firmar",
    }
    assert "Transferencias por revisar o recibir" in secciones["earchivo.transferencias"]
    assert str(transferencia) in secciones["earchivo.transferencias"]
    assert "Por revisar" in secciones["earchivo.transferencias"]
    assert f"/archivo/transferencias/{transferencia.pk}/" in secciones["earchivo.transferencias"]
    # The préstamo: overdue, red, with its deadline; the caducidad of the closed expediente likewise.
    assert "Vencido" in secciones["earchivo.prestamos_vencidos"]
    assert (HOY() - datetime.timedelta(days=2)).strftime("%d/%m/%Y") in secciones["earchivo.prestamos_vencidos"]
    assert "semaforo-rojo" in secciones["earchivo.caducidades"]
    assert "Contratos de arrendamiento 2015" in secciones["earchivo.caducidades"]
    assert "Transferencia primaria" in secciones["earchivo.caducidades"]
    assert "DA/0042/2026" in secciones["firma.por_firmar"]
    assert f"/firma/solicitudes/{solicitud.uuid}/" in secciones["firma.por_firmar"]

    # The area's responsable has its unidad's caducidades and préstamos, but reviews and receives no transferencias.
    at = user_in(unidad, Rol.RESPONSABLE_AT)
    assert set(_secciones(client_for(at).get("/").text)) == {"earchivo.caducidades", "earchivo.prestamos_vencidos"}
    # The receiving archive has the transferencia only once the Coordinación has reviewed it.
    assert "earchivo.transferencias" not in _secciones(client_for(make_user(Rol.CONCENTRACION)).get("/").text)


def test_someone_with_nothing_pending_is_told_so(make_user):
    html = client_for(make_user(Rol.CAPTURISTA)).get("/").text
    assert "No tiene pendientes." in html and 'data-fuente="' not in html


def test_another_unidads_transferencia_and_expedientes_do_not_appear(make_user):
    """A reviewer scoped to one unidad (no 'ver todos') sees that unidad's work only."""
    propia, otra = UnidadFactory(siglas="PROP"), UnidadFactory(siglas="AJENA")
    revisor = make_user()
    revisor.perfil.unidad = propia
    revisor.perfil.save()
    codenames = ["acceder_archivo", "view_transferencia", "revisar_transferencia", "view_expediente"]
    revisor.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    mia, ajena = _transferencia(propia), _transferencia(otra)
    expediente_cerrado(unidad=otra, titulo="Expediente de la otra unidad")

    secciones = _secciones(client_for(type(revisor).objects.get(pk=revisor.pk)).get("/").text)
    assert str(mia) in secciones["earchivo.transferencias"]
    assert str(ajena) not in secciones["earchivo.transferencias"]
    assert "data-total>1<" in secciones["earchivo.transferencias"]
    assert "Expediente de la otra unidad" not in secciones.get("earchivo.caducidades", "")


def _carga(coordinacion, unidad, make_user, n: int) -> None:
    for i in range(n):
        _transferencia(unidad)
        _prestamo_vencido(expediente_cerrado(unidad=unidad), coordinacion)
        _por_firmar(coordinacion, ExpedienteFactory(unidad=unidad), folio=f"DA/{i:04d}/2026")


@pytest.mark.services  # signs at B-LT: the TSA
def test_the_home_page_runs_a_constant_number_of_queries(make_user, django_assert_max_num_queries):
    """One item per source or many: the same queries (count + first five per source), five shown of each."""
    unidad = UnidadFactory()
    coordinacion = make_user(Rol.COORDINACION)
    client = client_for(coordinacion)
    _carga(coordinacion, unidad, make_user, 1)
    with CaptureQueriesContext(connection) as pocos:
        client.get("/")

    _carga(coordinacion, unidad, make_user, 7)
    with django_assert_max_num_queries(len(pocos)):
        html = client.get("/").text
    secciones = _secciones(html)
    assert len(secciones) == 4
    for clave in ("earchivo.transferencias", "earchivo.prestamos_vencidos", "firma.por_firmar"):
        assert "data-total>8<" in secciones[clave]
        assert secciones[clave].split("</ul>")[0].count("<li>") == 5
        assert "Ver los 8" in secciones[clave]
