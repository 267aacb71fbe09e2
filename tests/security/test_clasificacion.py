"""Issue 8, item 1: classifying an expediente (clasificación, fundamento/plazo, responsable) is its own permission.

The titular of the unidad (Firmante) and its Responsable de Archivo de Trámite classify; a Capturista never does;
Coordinación de Archivos may also declassify. A per-expediente read grant never turns into a write. The responsable
belongs to the expediente's unidad. Every change is recorded with its before and after.
"""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from earchivo.models import ClasificacionInformacion, Expediente
from sai.audit.models import EntradaBitacora
from sai.org.roles import Rol
from tests.earchivo.ciclo_fixtures import client_for
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/archivo/expedientes/"
HOY = datetime.date.today()
RESERVA = {
    "clasificacion": "reservada",
    "fundamento_clasificacion": "Art. 113, fracc. V, LGTAIP",
    "fecha_clasificacion": HOY.isoformat(),
    "periodo_reserva_anios": 5,
}


class Area:
    """A unidad with its titular (Firmante), its Responsable de AT, a Capturista, and a colleague elsewhere."""

    def __init__(self):
        self.unidad, self.otra = UnidadFactory(siglas="DEA"), UnidadFactory(siglas="DJ")
        self.titular = user_in(self.unidad, Rol.FIRMANTE)
        self.unidad.titular = self.titular
        self.unidad.save(update_fields=["titular"])
        self.rat = user_in(self.unidad, Rol.RESPONSABLE_AT)
        self.capturista = user_in(self.unidad, Rol.CAPTURISTA)
        self.externo = user_in(self.otra, Rol.CAPTURISTA)
        self.coordinacion = user_in(UnidadFactory(siglas="SAIN"), Rol.COORDINACION)
        self.serie = SerieFactory(unidades=[self.unidad])

    def expediente(self, **kwargs) -> Expediente:
        return ExpedienteFactory(serie=self.serie, unidad=self.unidad, responsable=self.rat, **kwargs)

    def reservado(self) -> Expediente:
        return self.expediente(
            clasificacion=ClasificacionInformacion.RESERVADA,
            fundamento_clasificacion="Art. 113, fracc. V, LGTAIP",
            fecha_clasificacion=HOY,
            periodo_reserva_anios=5,
        )


@pytest.fixture
def area():
    return Area()


def _snapshot(expediente: Expediente) -> tuple:
    e = Expediente.objects.get(pk=expediente.pk)
    return e.clasificacion, e.fundamento_clasificacion, e.periodo_reserva_anios, e.responsable_id


def _clasificaciones(expediente: Expediente) -> list[dict]:
    entradas = EntradaBitacora.objects.filter(objeto_id=str(expediente.pk), accion="expediente.clasificar")
    return list(entradas.order_by("seq").values_list("datos", flat=True))


def test_capturista_cannot_take_an_expediente_by_patching_responsable_and_clasificacion(area):
    """The reported attack: PATCH responsable=itself + reservada is refused (403), nothing changes, nothing logged."""
    expediente = area.expediente()
    antes = _snapshot(expediente)
    response = client_for(area.capturista).patch(
        f"{API}{expediente.pk}/", {"responsable": area.capturista.username, **RESERVA}, content_type="application/json"
    )
    assert response.status_code == 403, response.content
    assert "clasifican" in response.json()["detail"]
    assert _snapshot(expediente) == antes and _clasificaciones(expediente) == []


@pytest.mark.parametrize("quien", ["capturista", "externo"])
def test_a_read_grant_never_allows_declassifying(area, quien):
    """A colleague or an outsider granted reading of a reservada expediente cannot make it pública (403)."""
    expediente = area.reservado()
    lector = getattr(area, quien)
    assign_perm("earchivo.ver_expediente_clasificado", lector, expediente)
    client = client_for(lector)
    assert client.get(f"{API}{expediente.pk}/").status_code == 200
    antes = _snapshot(expediente)
    response = client.patch(f"{API}{expediente.pk}/", {"clasificacion": "publica"}, content_type="application/json")
    assert response.status_code == 403
    assert _snapshot(expediente) == antes


def test_responsable_de_at_classifies_and_the_bitacora_keeps_before_and_after(area):
    """The unidad's Responsable de AT classifies through the API; the entry holds each field's before and after."""
    expediente = area.expediente()
    response = client_for(area.rat).patch(f"{API}{expediente.pk}/", RESERVA, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["clasificacion"] == "reservada"
    (datos,) = _clasificaciones(expediente)
    assert datos["cambios"]["clasificacion"] == ["publica", "reservada"]
    assert datos["cambios"]["periodo_reserva_anios"] == [None, 5]


def test_titular_declassifies_from_the_page_and_grants_access_though_not_responsable(area):
    """The titular (Firmante, not the responsable) opens the reservada expediente, grants access to it through the
    API, and declassifies it from the edit page, where it may not touch the descriptive fields."""
    expediente = area.reservado()
    client = client_for(area.titular)
    assert client.get(f"/archivo/expedientes/{expediente.pk}/").status_code == 200
    response = client.post(
        f"{API}{expediente.pk}/accesos/", {"usuario": area.externo.username, "motivo": "Oficio DJ/0158/2026"}
    )
    assert response.status_code == 201, response.content
    page = client.get(f"/archivo/expedientes/{expediente.pk}/editar/")
    assert page.status_code == 200
    assert page.context["form"].fields["titulo"].disabled and not page.context["form"].fields["clasificacion"].disabled
    response = client.post(
        f"/archivo/expedientes/{expediente.pk}/editar/",
        {"clasificacion": "publica", "responsable": area.rat.pk, "titulo": "Otro título"},
    )
    assert response.status_code == 302
    e = Expediente.objects.get(pk=expediente.pk)
    assert e.clasificacion == "publica" and e.titulo == expediente.titulo
    assert _clasificaciones(expediente)[-1]["cambios"]["clasificacion"] == ["reservada", "publica"]


def test_capturista_edit_page_cannot_classify(area):
    """On the edit page a Capturista's classification and responsable fields are disabled: posting them changes
    nothing, while the title it may edit does change."""
    expediente = area.expediente()
    response = client_for(area.capturista).post(
        f"/archivo/expedientes/{expediente.pk}/editar/",
        {
            "titulo": "Contrato de limpieza",
            "soporte": "electronico",
            "legajos": 1,
            "responsable": area.capturista.pk,
            **RESERVA,
        },
    )
    assert response.status_code == 302
    e = Expediente.objects.get(pk=expediente.pk)
    assert e.titulo == "Contrato de limpieza"
    assert (e.clasificacion, e.responsable_id) == ("publica", area.rat.pk)


def test_coordinacion_declassifies_but_does_not_classify(area):
    """Coordinación de Archivos declassifies an expediente it may see; classifying one stays refused."""
    reservado, publico = area.reservado(), area.expediente()
    assign_perm("earchivo.ver_expediente_clasificado", area.coordinacion, reservado)
    client = client_for(area.coordinacion)
    response = client.patch(f"{API}{publico.pk}/", RESERVA, content_type="application/json")
    assert response.status_code == 403 and _snapshot(publico)[0] == "publica"
    response = client.patch(f"{API}{reservado.pk}/", {"clasificacion": "publica"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert Expediente.objects.get(pk=reservado.pk).clasificacion == "publica"


def test_the_responsable_must_belong_to_the_unidad(area):
    """API create and update refuse a responsable from another unidad (400 naming the field); nothing is written."""
    client = client_for(area.rat)
    body = {"serie": area.serie.pk, "unidad": area.unidad.pk, "titulo": "Juicio 12/2026"}
    response = client.post(API, {**body, "responsable": area.externo.username}, content_type="application/json")
    assert response.status_code == 400 and "responsable" in response.json()["errors"]
    assert not Expediente.objects.filter(titulo="Juicio 12/2026").exists()
    expediente = area.expediente()
    response = client.patch(
        f"{API}{expediente.pk}/", {"responsable": area.externo.username}, content_type="application/json"
    )
    assert response.status_code == 400 and "responsable" in response.json()["errors"]
    assert _snapshot(expediente)[3] == area.rat.pk


def test_a_capturista_opens_with_the_series_classification_but_cannot_choose_another(area):
    """Opening in the serie's own classification is capture; choosing another one is classifying (403)."""
    client = client_for(area.capturista)
    body = {"serie": area.serie.pk, "unidad": area.unidad.pk, "titulo": "Contrato 7/2026"}
    assert client.post(API, body, content_type="application/json").status_code == 201
    response = client.post(API, {**body, "titulo": "Contrato 8/2026", **RESERVA}, content_type="application/json")
    assert response.status_code == 403
    assert not Expediente.objects.filter(titulo="Contrato 8/2026").exists()
