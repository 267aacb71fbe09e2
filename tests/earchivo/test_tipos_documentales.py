"""Coordinación manages tipos documentales on SAI's page (a Capturista cannot); SAI's own tipos stay hidden; the API
offers unidades and tipos documentales to look their ids up."""

import datetime
import io

import pytest
from django.urls import reverse

from earchivo.forms import DocumentoForm
from earchivo.models import TipoDocumental
from earchivo.selectors.expedientes import tipos_documentales
from earchivo.services.documentos import documento_create
from earchivo.services.tipos_documentales import tipo_documental_create, tipo_documental_update
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo import test_bajas_expediente as bajas
from tests.earchivo.factories import ExpedienteFactory, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db
actores, serie_baja = bajas.actores, bajas.serie_baja  # fixtures
LISTA = reverse("earchivo:tipos_documentales")
API_TIPOS = "/api/v1/archivo/tipos-documentales/"
API_UNIDADES = "/api/v1/archivo/unidades/"


@pytest.fixture
def coordinacion(make_user):
    return make_user(Rol.COORDINACION)


def test_coordinacion_creates_renames_and_sets_metadata_fields_audited(client, coordinacion):
    """The page creates "Contrato" with two metadata fields and renames it; both changes are in the bitácora."""
    client.force_login(coordinacion)
    assert client.get(LISTA).status_code == 200
    esquema = "numero_contrato | texto | sí\nmonto | numero | no"
    response = client.post(LISTA, {"nombre": "Contrato", "es_documento_de_archivo": "on", "esquema_metadatos": esquema})
    assert response.status_code == 302
    tipo = TipoDocumental.objects.get(nombre="Contrato")
    assert tipo.esquema_metadatos == [
        {"nombre": "numero_contrato", "tipo": "texto", "obligatorio": True},
        {"nombre": "monto", "tipo": "numero", "obligatorio": False},
    ]
    url = reverse("earchivo:tipo_documental", args=[tipo.pk])
    client.post(url, {"nombre": "Contrato de servicios", "es_documento_de_archivo": "on", "esquema_metadatos": esquema})
    tipo.refresh_from_db()
    assert tipo.nombre == "Contrato de servicios"
    acciones = set(EntradaBitacora.objects.filter(objeto_id=str(tipo.pk)).values_list("accion", flat=True))
    assert {"earchivo.tipo_documental_crear", "earchivo.tipo_documental_modificar"} <= acciones


def test_bad_schema_and_duplicate_name_are_refused_with_the_field(client, coordinacion):
    """A metadata type that does not exist and a name already used come back on the form; nothing is written."""
    tipo_documental_create(actor=coordinacion, nombre="Oficio")
    client.force_login(coordinacion)
    html = client.post(LISTA, {"nombre": "oficio", "esquema_metadatos": "folio | moneda | sí"}).content.decode()
    assert "Ya existe el tipo «oficio»" in html
    assert "el tipo debe ser texto, numero, fecha, booleano" in html
    assert TipoDocumental.objects.count() == 1


def test_a_deactivated_tipo_is_no_longer_offered_nor_accepted(client, coordinacion):
    """Deactivated: gone from the document form, the API lookup and refused by the service; reactivated, back."""
    tipo = tipo_documental_create(actor=coordinacion, nombre="Memorándum")
    client.force_login(coordinacion)
    client.post(reverse("earchivo:tipo_documental_activo", args=[tipo.pk]))
    tipo.refresh_from_db()
    assert tipo.activo is False
    assert tipo not in tipos_documentales()
    assert "Memorándum" in client.get(LISTA).content.decode(), "Coordinación still sees it, to reactivate it"
    expediente = ExpedienteFactory()
    with pytest.raises(ApplicationError) as caught:
        documento_create(
            actor=user_in(expediente.unidad, Rol.CAPTURISTA),
            expediente=expediente,
            tipo_documental=tipo,
            titulo="Memo",
            fecha=datetime.date.today(),
            fileobj=io.BytesIO(b"memo"),
            filename="memo.txt",
        )
    assert "no está disponible" in caught.value.errors["tipo_documental"][0]
    client.post(reverse("earchivo:tipo_documental_activo", args=[tipo.pk]))
    assert tipos_documentales().filter(pk=tipo.pk).exists()


def test_capturista_cannot_manage_tipos(client, make_user, coordinacion):
    """A Capturista gets 403 on the page and on every change, and the services refuse too."""
    tipo = tipo_documental_create(actor=coordinacion, nombre="Oficio")
    capturista = make_user(Rol.CAPTURISTA)
    client.force_login(capturista)
    assert client.get(LISTA).status_code == 403
    assert client.post(LISTA, {"nombre": "Nuevo"}).status_code == 403
    assert client.post(reverse("earchivo:tipo_documental", args=[tipo.pk]), {"nombre": "X"}).status_code == 403
    assert client.post(reverse("earchivo:tipo_documental_activo", args=[tipo.pk])).status_code == 403
    with pytest.raises(PermissionDeniedError):
        tipo_documental_update(actor=capturista, tipo=tipo, activo=False)
    assert list(TipoDocumental.objects.values_list("nombre", "activo")) == [("Oficio", True)]


def test_tipos_sai_makes_for_its_own_records_stay_hidden(client, actores, serie_baja, coordinacion):
    """The baja's inventario is filed under a tipo SAI flags as its own: not listed, not offered, not editable."""
    proceso = bajas._solicitar(actores[0])
    tipo = proceso.expediente.documentos.get().tipo_documental
    assert tipo.del_sistema is True
    assert tipo not in tipos_documentales()
    assert tipo.pk not in {pk for pk, _ in DocumentoForm().fields["tipo_documental"].choices if pk}
    client.force_login(coordinacion)
    assert tipo.nombre not in client.get(LISTA).content.decode()
    assert client.get(reverse("earchivo:tipo_documental", args=[tipo.pk])).status_code == 404
    assert tipo.nombre not in client.get(API_TIPOS).content.decode()
    with pytest.raises(ConflictError):
        tipo_documental_update(actor=coordinacion, tipo=tipo, nombre="Otro")


def test_api_lookups_list_and_search_unidades_and_tipos(client, make_user, coordinacion):
    """A Capturista finds unidad and tipo ids by searching; the answers are paginated lists."""
    UnidadFactory(siglas="DRH", nombre="Dirección de Recursos Humanos")
    UnidadFactory(siglas="DJ", nombre="Dirección Jurídica", activa=False)
    tipo_documental_create(
        actor=coordinacion,
        nombre="Contrato",
        esquema_metadatos=[{"nombre": "numero", "tipo": "texto", "obligatorio": True}],
    )
    tipo_documental_create(actor=coordinacion, nombre="Oficio")
    client.force_login(make_user(Rol.CAPTURISTA))
    unidades = client.get(API_UNIDADES, {"q": "recursos"}).json()
    assert [u["siglas"] for u in unidades["results"]] == ["DRH"]
    assert "DJ" not in {u["siglas"] for u in client.get(API_UNIDADES, {"q": "D"}).json()["results"]}
    tipos = client.get(API_TIPOS, {"q": "contr"}).json()["results"]
    assert tipos == [
        {
            "id": TipoDocumental.objects.get(nombre="Contrato").pk,
            "nombre": "Contrato",
            "es_documento_de_archivo": True,
            "esquema_metadatos": [{"nombre": "numero", "tipo": "texto", "obligatorio": True}],
        }
    ]


def test_api_lookups_refuse_who_has_no_archive_access(client, make_user):
    """Without the archive module (an Administrador) both lookups answer 403; anonymous callers 401/403."""
    assert client.get(API_UNIDADES).status_code in (401, 403)
    client.force_login(make_user(Rol.ADMINISTRADOR))
    assert client.get(API_UNIDADES).status_code == 403
    assert client.get(API_TIPOS).status_code == 403


def test_lookups_are_in_the_openapi_schema(client, make_user):
    """Both endpoints, with their `q` parameter, are described in /api/schema/."""
    client.force_login(make_user(Rol.CAPTURISTA))
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for ruta in ("/api/v1/archivo/unidades/", "/api/v1/archivo/tipos-documentales/"):
        assert "q" in {p["name"] for p in schema["paths"][ruta]["get"]["parameters"]}
