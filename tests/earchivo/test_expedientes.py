"""Expediente services: apertura (serie rules, numbering, clave, classification), metadata, cierre, reapertura."""

import datetime

import pytest
from django.utils import timezone

from earchivo.models import Expediente, IndiceElectronico
from earchivo.selectors.expedientes import indice_verify
from earchivo.services.cierre import expediente_close, expediente_reopen
from earchivo.services.expedientes import (
    expediente_ambito,
    expediente_create,
    expediente_update,
    plazos_calcular,
    years_add,
)
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.numeracion.services import numero_ultimo
from sai.org.roles import Rol
from tests.earchivo.factories import (
    FONDO_CLAVE,
    CuadroFactory,
    DocumentoFactory,
    ExpedienteFactory,
    SerieFactory,
    SubserieFactory,
    user_in,
)
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unidad():
    return UnidadFactory(siglas="DJ")


@pytest.fixture
def serie(unidad):
    return SerieFactory(unidades=[unidad], disposicion__vigencia_tramite=2, disposicion__vigencia_concentracion=5)


@pytest.fixture
def rat(unidad):
    return user_in(unidad, Rol.RESPONSABLE_AT)


def _open(actor, serie, unidad, **kwargs):
    kwargs.setdefault("titulo", "Contrato de servicios")
    return expediente_create(actor=actor, serie=serie, unidad=unidad, **kwargs)


# --- apertura -----------------------------------------------------------------------------------------------------


def test_create_composes_clave_and_numbers_consecutively(rat, serie, unidad):
    """Números run 1, 2, … per serie+unidad+year and the clave follows the configured pattern."""
    first = _open(rat, serie, unidad)
    second = _open(rat, serie, unidad)
    year = timezone.localdate().year
    assert (first.numero, second.numero) == (1, 2)
    assert first.clave == f"{FONDO_CLAVE}/DJ/{serie.clave}/0001/{year}"
    assert first.fondo == FONDO_CLAVE and first.responsable == rat
    assert numero_ultimo(ambito=expediente_ambito(serie=serie, unidad=unidad), anio=year) == 2


def test_numbering_restarts_each_year(rat, serie, unidad):
    """A new year starts again at 1."""
    _open(rat, serie, unidad, fecha_apertura=datetime.date(2023, 5, 1))
    _open(rat, serie, unidad, fecha_apertura=datetime.date(2023, 6, 1))
    nuevo = _open(rat, serie, unidad, fecha_apertura=datetime.date(2024, 1, 2))
    assert nuevo.numero == 1 and nuevo.anio == 2024


def test_clave_pattern_is_configurable(settings, rat, serie, unidad):
    """SAI_EXPEDIENTE_CLAVE_PATTERN decides the clave's shape."""
    settings.SAI_EXPEDIENTE_CLAVE_PATTERN = "{unidad}-{serie}-{anio}-{numero:03d}"
    expediente = _open(rat, serie, unidad, fecha_apertura=datetime.date(2024, 3, 3))
    assert expediente.clave == f"DJ-{serie.clave}-2024-001"


def test_create_is_audited(rat, serie, unidad):
    """Apertura writes expediente.crear with the clave."""
    expediente = _open(rat, serie, unidad)
    entry = EntradaBitacora.objects.get(accion="expediente.crear", objeto_id=str(expediente.pk))
    assert entry.datos["clave"] == expediente.clave and entry.actor == rat


def test_create_requires_add_permission(serie, unidad):
    """A user without earchivo.add_expediente is refused."""
    auditor = user_in(unidad, Rol.AUDITOR)
    with pytest.raises(PermissionDeniedError):
        _open(auditor, serie, unidad)


def test_create_refuses_another_unidad(rat, serie):
    """Staff may only open expedientes of their own unidad."""
    otra = UnidadFactory()
    serie.unidades_productoras.add(otra)
    with pytest.raises(PermissionDeniedError):
        _open(rat, serie, otra)
    assert not Expediente.objects.exists()


def test_serie_of_a_non_vigente_cgca_is_refused(rat, unidad):
    """Only series of the vigente cuadro classify new expedientes."""
    CuadroFactory()
    viejo = CuadroFactory(estado="historico")
    serie = SerieFactory(cuadro=viejo)
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad)
    assert "serie" in exc.value.errors


def test_unidad_not_productora_is_refused(rat, unidad):
    """A serie listing its unidades productoras refuses other unidades."""
    serie = SerieFactory(unidades=[UnidadFactory()])
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad)
    assert unidad.siglas in exc.value.errors["serie"][0]


def test_serie_without_productoras_accepts_any_unidad(rat, unidad):
    """A serie that lists no unidades productoras is open to all (common series)."""
    assert _open(rat, SerieFactory(), unidad).numero == 1


def test_serie_with_subseries_is_not_classifiable(rat, serie, unidad):
    """With subseries, the expediente must go to the subserie (the leaf)."""
    sub = SubserieFactory(padre=serie, cuadro=serie.cuadro)
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad)
    assert "subserie" in exc.value.errors["serie"][0]
    assert _open(rat, sub, unidad).serie == sub


def test_section_is_not_a_serie(rat, serie, unidad):
    """Sections and fondos cannot hold expedientes."""
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie.padre, unidad)
    assert "serie" in exc.value.errors


def test_title_and_future_date_are_validated(rat, serie, unidad):
    """Empty title and future apertura are field errors; nothing is numbered."""
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad, titulo=" ", fecha_apertura=timezone.localdate() + datetime.timedelta(days=3))
    assert set(exc.value.errors) == {"titulo", "fecha_apertura"}
    assert numero_ultimo(ambito=expediente_ambito(serie=serie, unidad=unidad), anio=timezone.localdate().year) == 0


# --- clasificación -----------------------------------------------------------------------------------------------


def test_classification_defaults_from_cadido(rat, unidad):
    """clasificacion_default of the serie applies; a reservada default still needs its legal data."""
    serie = SerieFactory(unidades=[unidad], disposicion__clasificacion_default="reservada")
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad)
    assert {"fundamento_clasificacion", "periodo_reserva_anios"} <= set(exc.value.errors)
    expediente = _open(rat, serie, unidad, fundamento_clasificacion="Art. 113 fr. I LGTAIP", periodo_reserva_anios=5)
    assert expediente.clasificacion == "reservada"
    assert expediente.fecha_clasificacion == expediente.fecha_apertura


def test_reservada_requires_fields_and_derives_desclasificacion(rat, serie, unidad):
    """Reservada needs fundamento, fecha and periodo; fecha de desclasificación = fecha + periodo."""
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad, clasificacion="reservada", fecha_clasificacion=datetime.date(2024, 2, 29))
    assert set(exc.value.errors) == {"fundamento_clasificacion", "periodo_reserva_anios"}
    expediente = _open(
        rat,
        serie,
        unidad,
        clasificacion="reservada",
        fundamento_clasificacion="Art. 113 LGTAIP",
        fecha_clasificacion=datetime.date(2024, 2, 29),
        periodo_reserva_anios=5,
    )
    assert expediente.fecha_desclasificacion == datetime.date(2029, 2, 28)


def test_reserve_period_is_bounded(rat, serie, unidad):
    """The reserve period is 1 to 10 years."""
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad, clasificacion="reservada", fundamento_clasificacion="x", periodo_reserva_anios=11)
    assert list(exc.value.errors) == ["periodo_reserva_anios"]


def test_confidencial_requires_fundamento(rat, serie, unidad):
    """Confidencial needs its fundamento legal (no term is required)."""
    with pytest.raises(ApplicationError) as exc:
        _open(rat, serie, unidad, clasificacion="confidencial")
    assert list(exc.value.errors) == ["fundamento_clasificacion"]
    expediente = _open(rat, serie, unidad, clasificacion="confidencial", fundamento_clasificacion="Art. 116 LGTAIP")
    assert expediente.fecha_desclasificacion is None


def test_publica_clears_classification_data(rat, serie, unidad):
    """Pública keeps no reserve data even if some was sent."""
    expediente = _open(
        rat, serie, unidad, clasificacion="publica", fundamento_clasificacion="x", periodo_reserva_anios=3
    )
    assert expediente.fundamento_clasificacion == "" and expediente.periodo_reserva_anios is None


# --- metadata ----------------------------------------------------------------------------------------------------


def test_update_records_old_and_new_values(rat, serie, unidad):
    """expediente.modificar lists each changed field as [old, new]."""
    expediente = _open(rat, serie, unidad, titulo="Viejo")
    expediente_update(actor=rat, expediente=expediente, titulo="Nuevo", legajos=2, asunto="")
    entry = EntradaBitacora.objects.get(accion="expediente.modificar")
    assert entry.datos["cambios"] == {"titulo": ["Viejo", "Nuevo"], "legajos": [1, 2]}


def test_update_classification_is_validated(rat, serie, unidad):
    """Switching to reservada via update requires the same legal data."""
    expediente = _open(rat, serie, unidad)
    with pytest.raises(ApplicationError) as exc:
        expediente_update(actor=rat, expediente=expediente, clasificacion="reservada")
    assert "fundamento_clasificacion" in exc.value.errors
    expediente.refresh_from_db()
    assert expediente.clasificacion == "publica"


def test_closed_expediente_only_changes_location_and_remarks(rat, unidad, serie):
    """Once closed, metadata is frozen except ubicación topográfica and observaciones."""
    expediente = ExpedienteFactory(serie=serie, unidad=unidad, cerrado=True)
    with pytest.raises(ConflictError) as exc:
        expediente_update(actor=rat, expediente=expediente, titulo="Otro")
    assert "titulo" in exc.value.errors
    expediente_update(actor=rat, expediente=expediente, ubicacion_topografica="Edificio A, estante 3")
    expediente.refresh_from_db()
    assert expediente.ubicacion_topografica == "Edificio A, estante 3"


def test_update_refuses_unknown_fields(rat, serie, unidad):
    """Clave, número, serie… are not editable."""
    expediente = _open(rat, serie, unidad)
    with pytest.raises(ApplicationError) as exc:
        expediente_update(actor=rat, expediente=expediente, clave="X")
    assert "clave" in exc.value.errors


# --- cierre ------------------------------------------------------------------------------------------------------


@pytest.fixture
def abierto(rat, serie, unidad):
    expediente = _open(rat, serie, unidad, fecha_apertura=datetime.date(2023, 1, 10))
    DocumentoFactory(expediente=expediente, fecha=datetime.date(2023, 1, 10), fojas=2)
    DocumentoFactory(expediente=expediente, fecha=datetime.date(2024, 2, 29), fojas=3)
    return expediente


def test_close_freezes_index_cadido_and_clocks(rat, abierto, serie):
    """Cierre: fecha = last document, índice with hashes, CADIDO snapshot, clocks from the vigencias."""
    expediente = expediente_close(actor=rat, expediente=abierto)
    assert expediente.estado == Expediente.Estado.CERRADO
    assert expediente.fecha_cierre == datetime.date(2024, 2, 29)
    assert expediente.fin_tramite == datetime.date(2026, 2, 28)
    assert expediente.fin_concentracion == datetime.date(2031, 2, 28)
    assert expediente.disposicion_congelada == serie.disposicion.snapshot()
    assert expediente.fojas == 5
    indice = IndiceElectronico.objects.get(expediente=expediente)
    assert [d["orden"] for d in indice.contenido["documentos"]] == [1, 2]
    assert all(len(d["sha256"]) == 64 and d["version"] == 1 for d in indice.contenido["documentos"])
    assert indice_verify(expediente=expediente).ok
    entry = EntradaBitacora.objects.get(accion="expediente.cerrar")
    assert entry.datos["indice_hash"] == indice.hash


def test_frozen_values_survive_cadido_changes(rat, abierto, serie):
    """Changing the CADIDO row later does not move a closed expediente's clocks."""
    expediente = expediente_close(actor=rat, expediente=abierto)
    serie.disposicion.vigencia_tramite = 10
    serie.disposicion.save()
    expediente.refresh_from_db()
    assert expediente.disposicion_congelada["vigencia_tramite"] == 2


def test_close_with_explicit_date(rat, abierto):
    """An explicit fecha de cierre is used; before apertura it is refused."""
    with pytest.raises(ApplicationError) as exc:
        expediente_close(actor=rat, expediente=abierto, fecha_cierre=datetime.date(2022, 1, 1))
    assert "fecha_cierre" in exc.value.errors
    expediente = expediente_close(actor=rat, expediente=abierto, fecha_cierre=datetime.date(2024, 3, 1))
    assert expediente.fin_tramite == datetime.date(2026, 3, 1)


def test_close_without_documents_is_refused(rat, serie, unidad):
    """An empty expediente cannot be closed."""
    expediente = _open(rat, serie, unidad)
    with pytest.raises(ApplicationError) as exc:
        expediente_close(actor=rat, expediente=expediente)
    assert "documentos" in exc.value.errors
    expediente.refresh_from_db()
    assert expediente.estado == Expediente.Estado.ABIERTO


def test_close_without_permission_is_refused(abierto, unidad):
    """A capturista (no cerrar_expediente) cannot close."""
    capturista = user_in(unidad, Rol.CAPTURISTA)
    with pytest.raises(PermissionDeniedError):
        expediente_close(actor=capturista, expediente=abierto)


def test_close_of_another_unidad_is_refused(abierto):
    """Cerrar is limited to one's own unidad."""
    ajeno = user_in(UnidadFactory(), Rol.RESPONSABLE_AT)
    with pytest.raises(PermissionDeniedError):
        expediente_close(actor=ajeno, expediente=abierto)


def test_close_twice_is_a_conflict(rat, abierto):
    """A closed expediente cannot be closed again."""
    expediente_close(actor=rat, expediente=abierto)
    with pytest.raises(ConflictError):
        expediente_close(actor=rat, expediente=abierto)


# --- reapertura ---------------------------------------------------------------------------------------------------


def test_reopen_by_coordinacion_clears_clocks(rat, abierto):
    """Coordinación reopens with a reason; clocks and frozen values are cleared, the reason audited."""
    expediente_close(actor=rat, expediente=abierto)
    coordinacion = user_in(UnidadFactory(), Rol.COORDINACION)
    expediente = expediente_reopen(actor=coordinacion, expediente=abierto, motivo="Falta un anexo")
    assert expediente.estado == Expediente.Estado.ABIERTO
    assert expediente.fin_tramite is None and expediente.fecha_cierre is None
    assert expediente.disposicion_congelada is None
    assert EntradaBitacora.objects.get(accion="expediente.reabrir").datos["motivo"] == "Falta un anexo"


def test_reopen_by_non_coordinacion_is_refused(rat, abierto):
    """The Responsable de Archivo de Trámite cannot reopen."""
    expediente_close(actor=rat, expediente=abierto)
    with pytest.raises(PermissionDeniedError):
        expediente_reopen(actor=rat, expediente=abierto, motivo="x")


def test_reopen_requires_reason_and_closed_tramite(rat, abierto):
    """Motivo is required; an open or transferred expediente cannot be reopened."""
    coordinacion = user_in(UnidadFactory(), Rol.COORDINACION)
    with pytest.raises(ConflictError):
        expediente_reopen(actor=coordinacion, expediente=abierto, motivo="x")
    expediente_close(actor=rat, expediente=abierto)
    with pytest.raises(ApplicationError) as exc:
        expediente_reopen(actor=coordinacion, expediente=abierto, motivo=" ")
    assert "motivo" in exc.value.errors
    Expediente.objects.filter(pk=abierto.pk).update(etapa=Expediente.Etapa.CONCENTRACION)
    with pytest.raises(ConflictError):
        expediente_reopen(actor=coordinacion, expediente=abierto, motivo="x")


# --- índice y plazos ----------------------------------------------------------------------------------------------


def test_indice_verify_detects_changes_after_close(rat, abierto):
    """A version added behind the service's back, or an edited índice, is reported."""
    expediente = expediente_close(actor=rat, expediente=abierto)
    documento = expediente.documentos.first()
    from tests.earchivo.factories import VersionFactory

    VersionFactory(documento=documento, contenido=b"contenido alterado")
    result = indice_verify(expediente=expediente)
    assert not result.ok and result.hash_ok
    assert "sha256" in result.diferencias[0] and "version" in result.diferencias[0]
    indice = expediente.indices.get()
    indice.contenido["documentos"][0]["titulo"] = "Otro"
    indice.save()
    assert not indice_verify(expediente=expediente).hash_ok


def test_years_add_handles_leap_day():
    """29 February plus a year lands on 28 February; plus four stays on 29."""
    assert years_add(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert years_add(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)
    assert plazos_calcular(
        fecha_cierre=datetime.date(2020, 2, 29), disposicion={"vigencia_tramite": 0, "vigencia_concentracion": 3}
    ) == (datetime.date(2020, 2, 29), datetime.date(2023, 2, 28))


@pytest.mark.parametrize(
    "pattern", ["{serie}-{numero}", "{unidad}/{serie}/{anio}/{folio}", "{unidad}{serie}{anio}{numero:q}"]
)
def test_bad_clave_pattern_stops_startup(monkeypatch, pattern):
    """A pattern missing a part of the numbering key (or naming an unknown field) is refused at settings load."""
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import sai.settings.earchivo as module

    monkeypatch.setenv("SAI_EXPEDIENTE_CLAVE_PATTERN", pattern)
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(module)
    monkeypatch.delenv("SAI_EXPEDIENTE_CLAVE_PATTERN")
    importlib.reload(module)
