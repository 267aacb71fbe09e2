"""Explicit grants on reservada/confidencial expedientes: who may grant, what a grant opens, audit and refusals."""

import pytest

from earchivo.models import ClasificacionInformacion
from earchivo.selectors.acceso import expediente_list_for_user
from earchivo.services.accesos import acceso_clasificado_otorgar, acceso_clasificado_revocar
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError, PermissionDeniedError
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, SerieFactory, user_in
from tests.factories import UnidadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reservado():
    area, juridico = UnidadFactory(siglas="DEA"), UnidadFactory(siglas="DJ")
    responsable = user_in(area, Rol.RESPONSABLE_AT)
    expediente = ExpedienteFactory(
        serie=SerieFactory(unidades=[area]),
        unidad=area,
        responsable=responsable,
        clasificacion=ClasificacionInformacion.RESERVADA,
        fundamento_clasificacion="Art. 113 fr. V LGTAIP",
    )
    return expediente, user_in(area, Rol.CAPTURISTA), user_in(juridico, Rol.CAPTURISTA)


def visibles(user):
    return set(expediente_list_for_user(user=user).values_list("pk", flat=True))


def test_grant_opens_the_expediente_to_a_colleague_and_to_another_unidad(reservado):
    """Without a grant neither sees it; once the responsable grants, both do; revoking closes it again; audited."""
    expediente, colega, abogada = reservado
    assert expediente.pk not in visibles(colega) | visibles(abogada)
    for persona in (colega, abogada):
        acceso_clasificado_otorgar(
            actor=expediente.responsable, expediente=expediente, usuario=persona, motivo="Oficio DJ/0158/2026"
        )
    assert expediente.pk in visibles(colega) and expediente.pk in visibles(abogada)
    acceso_clasificado_revocar(actor=expediente.responsable, expediente=expediente, usuario=abogada, motivo="Concluyó")
    assert expediente.pk not in visibles(abogada)
    acciones = list(EntradaBitacora.objects.filter(objeto_id=str(expediente.pk)).values_list("accion", flat=True))
    assert acciones.count("expediente.acceso_otorgar") == 2 and acciones.count("expediente.acceso_revocar") == 1


def test_only_the_owners_may_grant(reservado):
    """A colleague who can see the expediente still cannot grant access to it."""
    expediente, colega, abogada = reservado
    acceso_clasificado_otorgar(actor=expediente.responsable, expediente=expediente, usuario=colega, motivo="Apoyo")
    with pytest.raises(PermissionDeniedError):
        acceso_clasificado_otorgar(actor=colega, expediente=expediente, usuario=abogada, motivo="Por si acaso")


def test_public_expedientes_and_missing_reasons_are_refused(reservado):
    """A público expediente needs no grant; a grant without motivo names the field."""
    expediente, colega, _ = reservado
    with pytest.raises(ApplicationError) as error:
        acceso_clasificado_otorgar(actor=expediente.responsable, expediente=expediente, usuario=colega, motivo=" ")
    assert "motivo" in error.value.errors
    expediente.clasificacion = ClasificacionInformacion.PUBLICA
    expediente.save(update_fields=["clasificacion"])
    with pytest.raises(ApplicationError, match="público"):
        acceso_clasificado_otorgar(actor=expediente.responsable, expediente=expediente, usuario=colega, motivo="x")


def test_page_and_api(client, reservado):
    """The owner grants from the page and the API; a colleague gets 404 before and 403 when trying to grant."""
    expediente, colega, abogada = reservado
    url, api = f"/archivo/expedientes/{expediente.pk}/accesos/", f"/api/v1/archivo/expedientes/{expediente.pk}/accesos/"
    client.force_login(colega)
    assert client.get(url).status_code == 404
    assert client.get(api).status_code == 404
    client.force_login(expediente.responsable)
    response = client.post(url, {"usuario": colega.username, "motivo": "Apoyo en el trámite"})
    assert response.status_code == 302
    assert client.post(api, {"usuario": abogada.username, "motivo": "Revisión jurídica"}).status_code == 201
    assert [u["username"] for u in client.get(api).json()] == sorted([colega.username, abogada.username])
    client.force_login(colega)
    assert client.get(url).status_code == 200
    assert client.post(api, {"usuario": colega.username, "motivo": "Yo mismo"}).status_code == 403
