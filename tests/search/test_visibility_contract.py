"""Search applies exactly `expediente_visibility_q`: a matrix of users × expedientes, on both backends."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from earchivo.models import ClasificacionInformacion, Documento, Expediente
from earchivo.selectors.acceso import expediente_visibility_q
from sai.org.roles import Rol
from sai.search.selectors import search_run
from tests.earchivo.factories import ExpedienteFactory, SerieFactory
from tests.factories import UnidadFactory, UserFactory
from tests.search.fixtures import documento_con_texto, index_all

Etapa = Expediente.Etapa
Clas = ClasificacionInformacion


def _user(unidad, *roles, **kwargs):
    user = UserFactory(roles=list(roles), **kwargs)
    user.perfil.unidad = unidad
    user.perfil.save()
    return user


@pytest.fixture
def matrix(backend):
    ua, ub, uc = UnidadFactory(siglas="UA-V"), UnidadFactory(siglas="UB-V"), UnidadFactory(siglas="UC-V")
    serie = SerieFactory()
    staff_a = _user(ua, Rol.CAPTURISTA)
    users = {
        "staff_a": staff_a,
        "colega_a": _user(ua, Rol.RESPONSABLE_AT),
        "staff_b": _user(ub, Rol.CAPTURISTA),
        "concentracion_c": _user(uc, Rol.CONCENTRACION),
        "historico_c": _user(uc, Rol.HISTORICO),
        "coordinacion": _user(uc, Rol.COORDINACION),
        "auditor": _user(uc, Rol.AUDITOR),
        "granted_user": _user(ub, Rol.CAPTURISTA),
        "granted_group": _user(ua, Rol.CAPTURISTA),
        "inactive": _user(ua, Rol.AUDITOR, is_active=False),
        "superuser": _user(uc, is_superuser=True),
        "no_role": _user(ua),
        "titular_b": _user(uc, Rol.FIRMANTE),  # heads ub from another unidad: sees ub's classified expedientes
    }
    ub.titular = users["titular_b"]
    ub.save(update_fields=["titular"])
    sin_perfil = UserFactory(roles=[Rol.CAPTURISTA])
    sin_perfil.perfil.delete()
    users["sin_perfil"] = UserFactory._meta.model.objects.get(pk=sin_perfil.pk)
    expedientes = []
    for unidad in (ua, ub):
        for etapa in (Etapa.TRAMITE, Etapa.CONCENTRACION, Etapa.HISTORICO, Etapa.BAJA):
            for clasificacion in (Clas.PUBLICA, Clas.RESERVADA, Clas.CONFIDENCIAL):
                expediente = ExpedienteFactory(
                    serie=serie, unidad=unidad, etapa=etapa, clasificacion=clasificacion, responsable=staff_a
                )
                documento_con_texto(expediente, f"Texto común {etapa} {clasificacion}")
                expedientes.append(expediente)
    reservado_b = next(e for e in expedientes if e.unidad == ub and e.clasificacion == Clas.RESERVADA)
    confidencial_a = next(e for e in expedientes if e.unidad == ua and e.clasificacion == Clas.CONFIDENCIAL)
    assign_perm("earchivo.ver_expediente_clasificado", users["granted_user"], reservado_b)
    grupo = Group.objects.create(name="Comité de transparencia (prueba)")
    users["granted_group"].groups.add(grupo)
    assign_perm("earchivo.ver_expediente_clasificado", grupo, confidencial_a)
    index_all()
    return users


def _expected(user) -> set[int]:
    q = expediente_visibility_q(user)
    return set() if q is None else set(Expediente.objects.filter(q).values_list("pk", flat=True))


def _searched(user, objeto: str) -> set[int]:
    resultado = search_run(user=user, q="", facetas={"objeto": [objeto]}, tamano=100)
    assert resultado.total == len(resultado.hits)
    if objeto == "expediente":
        return {h.objeto_id for h in resultado.hits}
    return set(
        Documento.objects.filter(pk__in=[h.objeto_id for h in resultado.hits]).values_list("expediente_id", flat=True)
    )


def test_search_and_expediente_visibility_agree_for_every_user(matrix):
    """For each user, the expedientes (and the documents' expedientes) search returns are exactly the visible ones."""
    for name, user in matrix.items():
        user = type(user).objects.get(pk=user.pk)  # fresh permission caches
        expected = _expected(user)
        assert _searched(user, "expediente") == expected, name
        assert _searched(user, "documento") == expected, name


def test_matrix_is_not_trivial(matrix):
    """The matrix exercises both extremes and the grants: someone sees all, someone nothing, grants add one each."""
    assert len(_expected(matrix["superuser"])) == 24
    assert _expected(matrix["inactive"]) == set()
    assert _expected(matrix["no_role"]) == set()
    assert _expected(matrix["sin_perfil"]) == set()
    assert len(_expected(matrix["granted_user"]) - _expected(matrix["staff_b"])) == 1
    assert len(_expected(matrix["granted_group"]) - _expected(matrix["staff_a"])) == 0  # responsable already
    assert len(_expected(matrix["granted_group"]) - _expected(matrix["colega_a"])) == 1
