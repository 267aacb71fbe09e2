"""The CGCA editor: Coordinación edits a borrador's nodes and CADIDO rows (each change audited), deletes an unused
borrador and compares versions; published versions are read-only with the reason; nobody else gets in."""

import datetime

import pytest
from django.urls import reverse

from earchivo.models import CuadroClasificacion, DisposicionDocumental
from earchivo.services.instrumentos import (
    cuadro_create_borrador,
    cuadro_publish,
    disposicion_set,
    nodo_create,
    nodo_delete,
    nodo_update,
)
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo import instrumentos_fixtures as fx
from tests.earchivo.instrumentos_fixtures import SMALL, import_rows

pytestmark = pytest.mark.django_db
coordinacion, unidades = fx.coordinacion, fx.unidades  # fixtures


@pytest.fixture
def borrador(unidades, coordinacion):
    return import_rows(coordinacion, SMALL).cuadro


@pytest.fixture
def editor(client, coordinacion):
    client.force_login(coordinacion)
    return client


def url(name: str, cuadro, nodo=None) -> str:
    kwargs = {"version": cuadro.version} | ({"nodo_id": nodo.pk} if nodo else {})
    return reverse(f"earchivo:{name}", kwargs=kwargs)


def audited(action: str, obj) -> bool:
    return EntradaBitacora.objects.filter(accion=action, objeto_id=str(obj.pk)).exists()


def publish(actor, cuadro):
    return cuadro_publish(actor=actor, cuadro=cuadro, fecha_aprobacion=datetime.date(2026, 1, 15), acuerdo="Acta 1")


def test_editor_adds_renames_moves_and_deletes_nodes_each_audited(editor, borrador):
    """Add 4C.5 under 4C, rename it, move 4C.3 (with its subseries) under 13S, delete 4C.5: each in the bitácora."""
    assert "4C.3.1" in editor.get(url("cgca_editor", borrador)).content.decode()
    seccion = borrador.nodos.get(clave="4C")
    response = editor.post(
        url("cgca_nodo_crear", borrador),
        {
            "padre": seccion.pk,
            "nivel": "serie",
            "clave": "4C.5",
            "nombre": "Capacitación",
            "unidades_productoras": "UA-RH",
        },
    )
    nueva = borrador.nodos.get(clave="4C.5")
    assert response.status_code == 302 and f"nodo={nueva.pk}" in response["Location"]
    assert (nueva.padre, nueva.tipo, list(nueva.unidades_productoras.values_list("siglas", flat=True))) == (
        seccion,
        "comun",
        ["UA-RH"],
    )
    assert audited("earchivo.cgca_nodo_crear", nueva)

    editor.post(url("cgca_nodo_modificar", borrador, nueva), {"clave": "4C.5", "nombre": "Capacitación y desarrollo"})
    nueva.refresh_from_db()
    assert nueva.nombre == "Capacitación y desarrollo" and audited("earchivo.cgca_nodo_modificar", nueva)

    serie = borrador.nodos.get(clave="4C.3")
    editor.post(
        url("cgca_nodo_mover", borrador, serie), {"padre": borrador.nodos.get(clave="13S").pk, "clave": "13S.7"}
    )
    movidos = {n.clave: (n.padre.clave, n.tipo) for n in borrador.nodos.filter(clave__startswith="13S.7")}
    assert movidos == {
        "13S.7": ("13S", "sustantiva"),
        "13S.7.1": ("13S.7", "sustantiva"),
        "13S.7.2": ("13S.7", "sustantiva"),
    }
    assert borrador.nodos.get(clave="13S.7.1").disposicion.vigencia_concentracion == 25  # its CADIDO row moved too
    assert audited("earchivo.cgca_nodo_mover", serie)

    editor.post(url("cgca_nodo_eliminar", borrador, nueva))
    assert not borrador.nodos.filter(clave="4C.5").exists()
    assert EntradaBitacora.objects.filter(accion="earchivo.cgca_nodo_eliminar").count() == 1


def test_cadido_row_is_set_refused_with_its_reason_and_removed(editor, borrador):
    """The CADIDO form writes the row (audited); muestreo without criterion is refused with the field's reason;
    removing the row leaves the serie without one."""
    serie = borrador.nodos.get(clave="4C.4")
    fields = {
        "valor_administrativo": "on",
        "vigencia_tramite": "3",
        "vigencia_concentracion": "7",
        "tecnica_seleccion": "conservacion",
        "clasificacion_default": "publica",
    }
    editor.post(url("cgca_cadido_guardar", borrador, serie), fields)
    disposicion = DisposicionDocumental.objects.get(nodo=serie)
    assert (disposicion.vigencia_tramite, disposicion.vigencia_concentracion, disposicion.valor_fiscal_contable) == (
        3,
        7,
        False,
    )
    assert audited("earchivo.cadido_guardar", disposicion)

    response = editor.post(
        url("cgca_cadido_guardar", borrador, serie), fields | {"tecnica_seleccion": "muestreo"}, follow=True
    )
    assert "el muestreo requiere su criterio" in response.content.decode().lower()
    assert DisposicionDocumental.objects.get(nodo=serie).tecnica_seleccion == "conservacion"

    editor.post(url("cgca_cadido_eliminar", borrador, serie))
    assert not DisposicionDocumental.objects.filter(nodo=serie).exists()
    assert audited("earchivo.cadido_eliminar", disposicion)


def test_panel_loads_alone_for_htmx(editor, borrador):
    """With HX-Request the chosen node's panel comes without the page around it."""
    serie = borrador.nodos.get(clave="4C.3.1")
    html = editor.get(url("cgca_editor", borrador) + f"?nodo={serie.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html
    assert "Renglón del CADIDO" in html and "Mover" in html and "4C.3.1" in html


def test_published_version_is_read_only_with_the_reason(editor, borrador, coordinacion):
    """The editor of a vigente version answers 409 saying why; a change posted anyway is refused and not made."""
    publish(coordinacion, borrador)
    response = editor.get(url("cgca_editor", borrador))
    assert response.status_code == 409
    assert "vigente y ya no se modifica" in response.content.decode()
    serie = borrador.nodos.get(clave="4C.4")
    response = editor.post(
        url("cgca_nodo_modificar", borrador, serie), {"clave": "4C.4", "nombre": "Otra"}, follow=True
    )
    assert "vigente y ya no se modifica" in response.content.decode()
    serie.refresh_from_db()
    assert serie.nombre == "Nómina"
    assert not EntradaBitacora.objects.filter(accion="earchivo.cgca_nodo_modificar").exists()


def test_capturista_cannot_open_or_post_to_the_editor(client, make_user, borrador):
    """Only Coordinación de Archivos: a Capturista gets 403 on the page and on every change."""
    client.force_login(make_user(Rol.CAPTURISTA))
    serie = borrador.nodos.get(clave="4C.4")
    assert client.get(url("cgca_editor", borrador)).status_code in (403, 404)
    assert client.post(url("cgca_nodo_modificar", borrador, serie), {"clave": "4C.4", "nombre": "X"}).status_code == 403
    assert client.post(url("cgca_nodo_eliminar", borrador, serie)).status_code == 403
    assert client.post(url("cgca_borrador_eliminar", borrador)).status_code == 403
    assert borrador.nodos.filter(clave="4C.4", nombre="Nómina").exists()


def test_unused_borrador_is_deleted_a_vigente_version_is_not(editor, borrador, coordinacion):
    """Deleting the vigente version is refused with its reason; an unused borrador goes, audited."""
    publish(coordinacion, borrador)
    response = editor.post(url("cgca_borrador_eliminar", borrador), follow=True)
    assert "ya no se modifica" in response.content.decode()
    otro = cuadro_create_borrador(actor=coordinacion, nombre="Prueba", copiar_de=borrador)
    response = editor.post(url("cgca_borrador_eliminar", otro))
    assert response.status_code == 302 and response["Location"] == reverse("earchivo:cgca_versiones")
    assert list(CuadroClasificacion.objects.values_list("version", flat=True)) == [borrador.version]
    assert EntradaBitacora.objects.filter(accion="earchivo.cgca_eliminar_borrador", objeto_id=str(otro.pk)).exists()


def test_compare_lists_added_removed_and_changed_with_cadido_values_side_by_side(editor, borrador, coordinacion):
    """v2 adds 4C.5, removes 13S.1, renames 4C.4 and changes 4C.3.1's vigencia: the comparison shows exactly that."""
    publish(coordinacion, borrador)
    nueva = cuadro_create_borrador(actor=coordinacion, nombre="Actualización", copiar_de=borrador)
    nodo_create(
        actor=coordinacion,
        cuadro=nueva,
        padre=nueva.nodos.get(clave="4C"),
        nivel="serie",
        clave="4C.5",
        nombre="Capacitación",
    )
    nodo_delete(actor=coordinacion, nodo=nueva.nodos.get(clave="13S.1"))
    nodo_update(actor=coordinacion, nodo=nueva.nodos.get(clave="4C.4"), nombre="Nómina y prestaciones")
    disposicion_set(
        actor=coordinacion,
        nodo=nueva.nodos.get(clave="4C.3.1"),
        valor_administrativo=True,
        valor_legal=True,
        vigencia_tramite=6,
        vigencia_concentracion=25,
        tecnica_seleccion="eliminacion",
        clasificacion_default="confidencial",
        datos_personales=True,
    )
    response = editor.get(reverse("earchivo:cgca_comparar"), {"a": borrador.version, "b": nueva.version})
    comparacion = response.context["comparacion"]
    assert [n.clave for n in comparacion.agregados] == ["4C.5"]
    assert [n.clave for n in comparacion.eliminados] == ["13S.1"]
    cambios = {n.clave: n.campos for n in comparacion.cambiados}
    assert cambios == {
        "4C.3.1": [("Vigencia en trámite (años)", "5", "6")],
        "4C.4": [("Nombre", "Nómina", "Nómina y prestaciones")],
    }
    html = response.content.decode()
    assert "Vigencia en trámite (años)" in html and "Nómina y prestaciones" in html
