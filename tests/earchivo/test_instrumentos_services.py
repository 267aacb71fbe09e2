"""CGCA/CADIDO services: versions, publishing, frozen versions, node rules, CADIDO rows and who may change them."""

import datetime

import pytest

from earchivo.models import CuadroClasificacion, DisposicionDocumental, NodoClasificacion
from earchivo.selectors.instrumentos import cgca_specs, cuadro_vigente, serie_get, serie_list_clasificables
from earchivo.services.instrumentos import (
    cuadro_create_borrador,
    cuadro_publish,
    disposicion_set,
    ficha_set,
    nodo_create,
    nodo_delete,
    nodo_update,
)
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo import instrumentos_fixtures as fx
from tests.earchivo.instrumentos_fixtures import (
    SMALL,
    expediente_make,
    import_rows,
)

pytestmark = pytest.mark.django_db
coordinacion, unidades = fx.coordinacion, fx.unidades  # fixtures
HOY = datetime.date(2026, 1, 15)
CADIDO = {"vigencia_tramite": 2, "vigencia_concentracion": 5, "tecnica_seleccion": "eliminacion"}


def publish(actor, cuadro, acuerdo="Acta GIA 1/2026"):
    return cuadro_publish(actor=actor, cuadro=cuadro, fecha_aprobacion=HOY, acuerdo=acuerdo)


@pytest.fixture
def borrador(coordinacion, unidades):
    return import_rows(coordinacion, SMALL).cuadro


def test_publish_refuses_series_without_cadido_and_lists_them(coordinacion, borrador):
    """Publishing names every leaf serie/subserie missing its CADIDO row and leaves the borrador as it was."""
    nodo_create(
        actor=coordinacion, cuadro=borrador, nivel="serie", clave="13S.2", nombre="Bajas", padre=_n(borrador, "13S")
    )
    borrador.nodos.get(clave="4C.3.2").disposicion.delete()
    with pytest.raises(ApplicationError) as caught:
        publish(coordinacion, borrador)
    assert "4C.3.2, 13S.2" in caught.value.message
    assert caught.value.errors["disposicion"] == ["Falta el renglón del CADIDO de: 4C.3.2, 13S.2."]
    borrador.refresh_from_db()
    assert borrador.estado == CuadroClasificacion.Estado.BORRADOR
    assert cuadro_vigente() is None


def test_serie_with_subseries_needs_no_row_of_its_own(coordinacion, borrador):
    """4C.3 has subseries with their rows, so the cuadro publishes although 4C.3 itself has none."""
    assert not DisposicionDocumental.objects.filter(nodo__clave="4C.3").exists()
    assert publish(coordinacion, borrador).estado == CuadroClasificacion.Estado.VIGENTE


def test_publish_needs_approval_date_and_acuerdo(coordinacion, borrador):
    """Without acuerdo, or with a future date, publishing is refused field by field."""
    with pytest.raises(ApplicationError) as caught:
        cuadro_publish(actor=coordinacion, cuadro=borrador, fecha_aprobacion=datetime.date(2999, 1, 1), acuerdo=" ")
    assert set(caught.value.errors) == {"fecha_aprobacion", "acuerdo"}


def test_publishing_a_new_version_makes_the_previous_one_historico(coordinacion, borrador, make_user):
    """v2 published: v1 is histórico, exactly one vigente, and v1's expedientes keep pointing to v1's nodes."""
    v1 = publish(coordinacion, borrador)
    serie_v1 = v1.nodos.get(clave="4C.4")
    expediente = expediente_make(serie=serie_v1, unidad=make_user().perfil.unidad, responsable=coordinacion, numero=1)
    v2 = cuadro_create_borrador(actor=coordinacion, nombre="Actualización", copiar_de=v1)
    v2 = publish(coordinacion, v2, acuerdo="Acta GIA 2/2026")
    v1.refresh_from_db()
    assert (v1.estado, v2.estado) == ("historico", "vigente")
    assert CuadroClasificacion.objects.filter(estado="vigente").count() == 1
    assert cuadro_vigente() == v2
    expediente.refresh_from_db()
    assert expediente.serie_id == serie_v1.pk
    assert serie_get(clave="4C.4").cuadro == v2
    entry = EntradaBitacora.objects.filter(accion="earchivo.cgca_publicar").latest("seq")
    assert (entry.datos["version"], entry.datos["anterior"]) == (2, 1)


def test_published_versions_are_frozen(coordinacion, borrador):
    """Nodes, CADIDO rows and fichas of a vigente version cannot change, nor can it be published again."""
    vigente = publish(coordinacion, borrador)
    serie = vigente.nodos.get(clave="4C.4")
    attempts = [
        lambda: nodo_create(actor=coordinacion, cuadro=vigente, nivel="sección", clave="5C", nombre="X"),
        lambda: nodo_update(actor=coordinacion, nodo=serie, nombre="Otro nombre"),
        lambda: nodo_delete(actor=coordinacion, nodo=serie),
        lambda: disposicion_set(actor=coordinacion, nodo=serie, valor_legal=True, **CADIDO),
        lambda: ficha_set(actor=coordinacion, nodo=serie, contexto="Nuevo"),
        lambda: publish(coordinacion, vigente),
    ]
    for attempt in attempts:
        with pytest.raises(ConflictError, match="vigente y ya no se modifica"):
            attempt()
    serie.refresh_from_db()
    assert serie.nombre == "Nómina"
    assert serie.disposicion.tecnica_seleccion == "conservacion"


def test_only_coordinacion_may_change_the_instruments(make_user, borrador, unidades):
    """A Responsable de Archivo de Trámite is refused by every write service; nothing changes."""
    tramite = make_user(Rol.RESPONSABLE_AT)
    serie = borrador.nodos.get(clave="4C.4")
    attempts = [
        lambda: cuadro_create_borrador(actor=tramite, nombre="Mío"),
        lambda: publish(tramite, borrador),
        lambda: nodo_create(actor=tramite, cuadro=borrador, nivel="sección", clave="5C", nombre="X"),
        lambda: nodo_update(actor=tramite, nodo=serie, nombre="Otro"),
        lambda: disposicion_set(actor=tramite, nodo=serie, valor_legal=True, **CADIDO),
        lambda: import_rows(tramite, SMALL, cuadro=borrador),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError, match="Coordinación de Archivos"):
            attempt()
    assert CuadroClasificacion.objects.count() == 1
    assert borrador.nodos.count() == len(SMALL)


def test_new_borrador_copies_the_whole_version(coordinacion, borrador):
    """The copy carries nodes, unidades, CADIDO rows and fichas; editing it leaves the original untouched."""
    ficha_set(actor=coordinacion, nodo=borrador.nodos.get(clave="4C.4"), contexto="Pago quincenal")
    original = publish(coordinacion, borrador)
    copia = cuadro_create_borrador(actor=coordinacion, nombre="Revisión 2027", copiar_de=original)
    assert (copia.version, copia.estado) == (2, "borrador")
    assert cgca_specs(cuadro=copia) == cgca_specs(cuadro=original)
    nomina = copia.nodos.get(clave="4C.4")
    assert nomina.pk != original.nodos.get(clave="4C.4").pk
    assert nomina.ficha.contexto == "Pago quincenal"
    disposicion_set(actor=coordinacion, nodo=nomina, valor_administrativo=True, **CADIDO)
    assert original.nodos.get(clave="4C.4").disposicion.vigencia_concentracion == 10


def test_node_rules(coordinacion, borrador):
    """Level under its parent, clave prefix, unique clave and the sección's común/sustantiva tipo are enforced."""
    seccion = _n(borrador, "4C")
    cases = [
        (dict(nivel="serie", clave="X.1", nombre="S", padre=_n(borrador, "INST")), "padre"),
        (dict(nivel="serie", clave="5C.1", nombre="S", padre=seccion), "clave"),
        (dict(nivel="serie", clave="4C.4", nombre="S", padre=seccion), "clave"),
        (dict(nivel="subserie", clave="4C.4.1.2", nombre="S", padre=_n(borrador, "4C.4")), "clave"),
        (dict(nivel="sección", clave="14C", nombre="S", padre=_n(borrador, "INST"), tipo="sustantiva"), "tipo"),
        (dict(nivel="serie", clave="4C.9", nombre="", padre=seccion), "nombre"),
        (
            dict(nivel="serie", clave="4C.9", nombre="S", padre=seccion, unidades_productoras=["NO"]),
            "unidades_productoras",
        ),
    ]
    for kwargs, field in cases:
        kwargs["nivel"] = {"sección": "seccion"}.get(kwargs["nivel"], kwargs["nivel"])
        with pytest.raises(ApplicationError) as caught:
            nodo_create(actor=coordinacion, cuadro=borrador, **kwargs)
        assert field in caught.value.errors, (kwargs, caught.value.errors)
    nodo = nodo_create(
        actor=coordinacion, cuadro=borrador, nivel="serie", clave="4C.9", nombre="Capacitación", padre=seccion,
        unidades_productoras=["UA-RH"],
    )  # fmt: skip
    assert (nodo.tipo, list(nodo.unidades_productoras.values_list("siglas", flat=True))) == ("comun", ["UA-RH"])


def test_node_update_keeps_the_tree_consistent(coordinacion, borrador):
    """A clave changes only on a leaf and keeps its prefix; a sección's tipo change reaches its descendants."""
    with pytest.raises(ApplicationError, match="No se pudo modificar") as caught:
        nodo_update(actor=coordinacion, nodo=_n(borrador, "4C.3"), clave="4C.30")
    assert "dependen" in caught.value.errors["clave"][0]
    assert nodo_update(actor=coordinacion, nodo=_n(borrador, "4C.4"), clave="4C.40").clave == "4C.40"
    otra = nodo_create(actor=coordinacion, cuadro=borrador, nivel="seccion", clave="RH", nombre="RH", tipo="comun",
                       padre=_n(borrador, "INST"))  # fmt: skip
    nodo_create(actor=coordinacion, cuadro=borrador, nivel="serie", clave="RH.1", nombre="Serie", padre=otra)
    nodo_update(actor=coordinacion, nodo=otra, tipo="sustantiva")
    assert _n(borrador, "RH.1").tipo == "sustantiva"


def test_cadido_row_rules(coordinacion, borrador):
    """Muestreo needs its criterion, only series carry rows, at least one primary value; plazo total is derived."""
    serie = _n(borrador, "4C.4")
    with pytest.raises(ApplicationError) as caught:
        disposicion_set(
            actor=coordinacion, nodo=serie, vigencia_tramite=2, vigencia_concentracion=8, tecnica_seleccion="muestreo"
        )
    assert set(caught.value.errors) == {"muestreo_criterio", "valor_administrativo"}
    with pytest.raises(ApplicationError, match="CADIDO"):
        disposicion_set(actor=coordinacion, nodo=_n(borrador, "4C"), valor_legal=True, **CADIDO)
    row = disposicion_set(
        actor=coordinacion,
        nodo=serie,
        valor_fiscal_contable=True,
        vigencia_tramite=2,
        vigencia_concentracion=8,
        tecnica_seleccion="muestreo",
        muestreo_criterio="5 % anual",
    )
    assert (row.plazo_total, row.valores_primarios, DisposicionDocumental.objects.filter(nodo=serie).count()) == (
        10,
        "F/C",
        1,
    )


def test_series_for_classification_are_the_leaves_of_the_vigente_version(coordinacion, borrador):
    """Expedientes are classified in subseries and series without subseries, optionally filtered by unidad."""
    publish(coordinacion, borrador)
    claves = {n.clave for n in serie_list_clasificables()}
    assert claves == {"4C.3.1", "4C.3.2", "4C.4", "13S.1"}
    fin = {
        n.clave for n in serie_list_clasificables(unidad=_n(borrador, "4C.4").unidades_productoras.get(siglas="UA-FIN"))
    }
    assert fin == {"4C.4"}


def _n(cuadro, clave) -> NodoClasificacion:
    return cuadro.nodos.get(clave=clave)
