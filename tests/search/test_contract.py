"""The backend contract: every test runs against the database backend and the real Elasticsearch node."""

import datetime

import pytest

from sai.core.exceptions import ApplicationError
from sai.search.results import cursor_sign
from sai.search.selectors import search_run
from tests.earchivo.factories import ExpedienteFactory
from tests.search.fixtures import Mundo, documento_con_texto, found, index_all, key


@pytest.fixture
def mundo(backend):
    world = Mundo()
    index_all()
    return world


def test_accent_and_case_insensitive_spanish_matching(mundo):
    """búsqueda = busqueda = BÚSQUEDAS: accents, case and plural do not matter."""
    for q in ("búsqueda", "busqueda", "BÚSQUEDAS", "presupuésto"):
        assert key(mundo.doc_publico) in found(mundo.staff_a, q), q


def test_typo_tolerance_on_words(mundo):
    """A word with one or two typos still finds the document (numbers and claves stay exact)."""
    assert key(mundo.doc_publico) in found(mundo.staff_a, "arrendamento")
    assert key(mundo.doc_publico) in found(mundo.staff_a, "presupeusto")
    assert found(mundo.staff_a, "Juárex") == {key(mundo.doc_publico)}


def test_numbers_are_not_fuzzy(backend):
    """2024 does not find a text that only says 2023."""
    world = Mundo()
    documento_con_texto(world.publico, "Informe anual 2023")
    index_all()
    assert found(world.staff_a, "informe 2024") == set()
    assert len(found(world.staff_a, "informe 2023")) == 1


def test_exact_clave_finds_exactly_that_expediente(backend):
    """A clave typed as is finds that expediente and not its neighbours with similar numbers."""
    world = Mundo()
    target = ExpedienteFactory(serie=world.serie, unidad=world.ua, responsable=world.staff_a, clave="4C.3/0012/2024")
    ExpedienteFactory(serie=world.serie, unidad=world.ua, responsable=world.staff_a, clave="4C.3/0013/2024")
    ExpedienteFactory(serie=world.serie, unidad=world.ua, responsable=world.staff_a, clave="4C.3/0012/2025")
    index_all()
    assert found(world.staff_a, "4C.3/0012/2024") == {key(target)}
    assert found(world.staff_a, "4c.3/0012/2024") == {key(target)}
    assert found(world.staff_a, "clave:4C.3/0012/2024") == {key(target)}


def test_exact_folio_of_a_document(backend):
    """A folio kept in the document's metadata is found exactly (as a word or with folio:)."""
    world = Mundo()
    oficio = documento_con_texto(world.publico, "Respuesta", metadatos={"folio": "UTTyPDP/0158/2025"})
    documento_con_texto(world.publico, "Otra", metadatos={"folio": "UTTyPDP/0159/2025"})
    index_all()
    assert found(world.staff_a, "UTTyPDP/0158/2025") == {key(oficio)}
    assert found(world.staff_a, "folio:uttypdp/0158/2025") == {key(oficio)}


def test_phrase_exclusion_and_or(backend):
    """Quotes match the exact phrase, -word excludes, OR widens."""
    world = Mundo()
    a = documento_con_texto(world.publico, "El contrato de arrendamiento fue firmado")
    b = documento_con_texto(world.publico, "Arrendamiento sin contrato: pago de renta")
    index_all()
    assert found(world.staff_a, '"contrato de arrendamiento" firmado') == {key(a)}
    assert found(world.staff_a, "arrendamiento renta") == {key(b)}
    assert key(b) in found(world.staff_a, "arrendamiento -firmado")
    assert key(a) not in found(world.staff_a, "arrendamiento -firmado")
    assert {key(a), key(b)} <= found(world.staff_a, "firmado OR renta")


def test_field_filters(mundo):
    """serie:, unidad:, año:, tipo:, etapa:, clasificacion:, firmado:, fecha ranges narrow the results."""
    auditor = mundo.auditor
    assert found(auditor, "serie:4C.3 año:2024") == {key(mundo.publico), key(mundo.doc_publico)}
    assert found(auditor, "serie:4c unidad:uttypdp tipo:oficio") == {key(mundo.doc_publico), key(mundo.doc_reservado)}
    assert found(auditor, "presupuesto año:2020..2023") == {key(mundo.doc_reservado)}
    assert found(auditor, "presupuesto fecha:2024-03") == {key(mundo.doc_publico)}
    assert found(auditor, "presupuesto desde:2024-01-01") == {key(mundo.doc_publico)}
    assert found(auditor, "presupuesto clasificación:reservada") == {key(mundo.doc_reservado)}
    assert found(auditor, "presupuesto etapa:trámite firmado:no") == {key(mundo.doc_publico), key(mundo.doc_reservado)}
    assert found(auditor, "presupuesto firmado:sí") == set()
    assert found(auditor, "unidad:DGA") == set()


def test_malformed_filter_is_reported_on_the_query_field(mundo):
    """A bad date in a filter is an ApplicationError naming the field q, not a silent empty result."""
    with pytest.raises(ApplicationError) as error:
        search_run(user=mundo.staff_a, q="fecha:ayer")
    assert "q" in error.value.errors


def test_facets_count_only_permitted_items_and_filter(mundo):
    """Facet counts come from the permitted set; choosing a facet value narrows to it."""
    resultado = search_run(user=mundo.auditor, q="presupuesto")
    facets = {f.nombre: {v.valor: v.cuenta for v in f.valores} for f in resultado.facetas}
    assert resultado.total == 2
    assert facets["anio"] == {"2024": 1, "2023": 1}
    assert facets["clasificacion"] == {"publica": 1, "reservada": 1}
    assert facets["serie"] == {"4C.3": 2}
    assert facets["unidad"] == {"UTTYPDP": 2}
    narrowed = search_run(user=mundo.auditor, q="presupuesto", facetas={"anio": ["2023"]})
    assert [h.key for h in narrowed.hits] == [key(mundo.doc_reservado)]
    assert next(v for f in narrowed.facetas if f.nombre == "anio" for v in f.valores).seleccionado


def test_other_unidad_gets_zero_hits_and_zero_facets_for_a_reservado_document(mundo):
    """Staff of another unidad: no hit, total 0 and no facet count for a reservado document whose text matches."""
    resultado = search_run(user=mundo.staff_b, q="dictamen auditoría")
    assert resultado.total == 0
    assert resultado.hits == []
    assert all(v.cuenta == 0 for f in resultado.facetas for v in f.valores)
    assert all(not f.valores for f in resultado.facetas)
    # The owner unidad's responsable sees it; a capturista of that unidad without a grant does not.
    assert key(mundo.doc_reservado) in found(mundo.staff_a, "dictamen")
    colega = Mundo._user(mundo.ua, "Capturista")
    assert search_run(user=colega, q="dictamen").total == 0
    assert key(mundo.doc_reservado) in found(mundo.auditor, "dictamen")


def test_snippet_marks_the_match_and_names_its_page(mundo):
    """The snippet shows the matching words marked, and the page where they are."""
    resultado = search_run(user=mundo.staff_a, q="presupuesto autorizado")
    hit = next(h for h in resultado.hits if h.key == key(mundo.doc_publico))
    assert hit.pagina == 2
    assert "<mark>presupuesto</mark>" in " ".join(hit.fragmentos).lower()
    assert hit.url.endswith(f"#documento-{mundo.doc_publico.pk}")
    assert "#page=2" in hit.url_contenido


def test_snippets_escape_html(backend):
    """Document text is escaped in snippets; only <mark> is markup."""
    world = Mundo()
    documento_con_texto(world.publico, "Nota <script>alert(1)</script> sobre inventario")
    index_all()
    hit = search_run(user=world.staff_a, q="inventario").hits[0]
    assert "<script>" not in " ".join(hit.fragmentos)
    assert "&lt;script&gt;" in " ".join(hit.fragmentos)


def test_deep_pagination_with_cursor_is_complete_and_stable(backend):
    """Walking 45 results 10 at a time yields each exactly once, in both sort orders."""
    world = Mundo()
    for n in range(45):
        documento_con_texto(world.publico, f"Minuta número {n} del comité", fecha=datetime.date(2024, 1, 1 + n % 28))
    index_all()
    for orden in ("relevancia", "fecha", "fecha_asc"):
        seen, cursor, pages = [], None, 0
        while True:
            page = search_run(user=world.staff_a, q="minuta", orden=orden, cursor=cursor, tamano=10)
            assert page.total == 45
            seen += [h.key for h in page.hits]
            pages += 1
            if page.siguiente is None:
                break
            cursor = page.siguiente
        assert len(seen) == len(set(seen)) == 45, orden
        assert pages == 5
    fechas = [h.fecha for h in search_run(user=world.staff_a, q="minuta", orden="fecha", tamano=45).hits]
    assert fechas == sorted(fechas, reverse=True)


def test_empty_query_lists_everything_visible(mundo):
    """No words: every permitted item, newest first by relevance ties."""
    assert found(mundo.staff_b) == set()
    assert found(mundo.staff_a) == {
        key(mundo.publico),
        key(mundo.reservado),
        key(mundo.doc_publico),
        key(mundo.doc_reservado),
    }


def test_bad_cursor_is_refused(mundo):
    """A cursor SAI did not issue is an error on the cursor field."""
    with pytest.raises(ApplicationError) as error:
        search_run(user=mundo.staff_a, q="x", cursor="no-es-un-cursor")
    assert "cursor" in error.value.errors


def test_tampered_cursor_is_refused(mundo):
    """A cursor for another user, another query or order, or with its signature broken, is a cursor error."""
    primera = search_run(user=mundo.staff_a, q="", tamano=1)
    token = primera.siguiente
    assert token
    ajeno = cursor_sign(user_id=mundo.staff_b.pk, huella="x", offset=1)
    for user, q, orden, cursor in (
        (mundo.staff_b, "", "relevancia", token),
        (mundo.staff_a, "contrato", "relevancia", token),
        (mundo.staff_a, "", "fecha", token),
        (mundo.staff_a, "", "relevancia", token[:-2] + ("AA" if not token.endswith("AA") else "BB")),
        (mundo.staff_a, "", "relevancia", ajeno),
    ):
        with pytest.raises(ApplicationError) as error:
            search_run(user=user, q=q, orden=orden, cursor=cursor)
        assert "cursor" in error.value.errors
