"""One door, in code: pages and API views never ask `has_perm` nor reach `Model.objects` themselves.

Permission questions go through each app's `permissions.py` (or `sai.core.permissions` / `sai.core.api.has_perms`),
reads through its selectors; so a rule lives in one place and a view cannot forget the unidad scope or the
classification. The scan covers every app's `views/` and `api/` packages and every `views.py`, `api.py` and
`api_views.py` module.
"""

import ast
from pathlib import Path

import pytest

from earchivo.models import ClasificacionInformacion
from sai.org.roles import Rol
from tests.earchivo.factories import ExpedienteFactory, user_in
from tests.factories import UnidadFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("sai", "earchivo", "eoficio", "firma", "inventarios")
MANAGERS = {"objects", "_default_manager", "_base_manager"}
PERMISSION_CALLS = {"has_perm", "has_perms"}


def _view_modules() -> list[Path]:
    modules: set[Path] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            if {"views", "api"} & set(rel.parts[:-1]) or path.name in ("views.py", "api.py", "api_views.py"):
                modules.add(rel)
    return sorted(modules)


def _offences(path: Path) -> list[str]:
    return _offences_in((ROOT / path).read_text(), path)


def _offences_in(source: str, path) -> list[str]:
    """`x.has_perm(...)`, `x.has_perms(...)` calls and `<anything>.objects` (or another manager) accesses."""
    tree = ast.parse(source, filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PERMISSION_CALLS:
            found.append(f"{path}:{node.lineno}: .{node.func.attr}()")
        elif isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append(f"{path}:{node.lineno}: .{node.attr}")
    return found


def test_the_scan_sees_the_views_and_api_modules():
    """The scan is not vacuous: it finds the known pages and API modules of each app."""
    modules = {str(p) for p in _view_modules()}
    expected = {"earchivo/views/expedientes.py", "earchivo/api/expedientes.py", "sai/core/api.py"}
    assert expected | {"sai/search/views.py", "firma/api.py"} <= modules


def test_the_detector_finds_both_shapes():
    """The detector flags a has_perm call and a manager access (guards against a scan that can never fail)."""
    sample = "def v(request):\n    request.user.has_perm('x')\n    return get_user_model().objects.all()\n"
    assert _offences_in(sample, "muestra.py") == ["muestra.py:2: .has_perm()", "muestra.py:3: .objects"]


def test_views_and_api_use_the_door():
    """No page or API module calls has_perm(s) or touches a model manager directly."""
    offences = [o for p in _view_modules() for o in _offences(p)]
    assert offences == []


@pytest.mark.django_db
def test_missing_and_forbidden_look_the_same(client):
    """A reservada expediente the caller may not see answers exactly like one that does not exist (page and API,
    read and write)."""
    area = UnidadFactory()
    oculto = ExpedienteFactory(unidad=area, clasificacion=ClasificacionInformacion.RESERVADA)
    client.force_login(user_in(area, Rol.CAPTURISTA))
    for pk in (oculto.pk, oculto.pk + 1000):
        api = f"/api/v1/archivo/expedientes/{pk}/"
        assert client.get(f"/archivo/expedientes/{pk}/editar/").status_code == 404
        assert client.get(api).status_code == 404
        response = client.patch(api, {"clasificacion": "publica"}, content_type="application/json")
        assert response.status_code == 404
        assert response.json() == {"detail": "El expediente no existe o no tiene permiso para verlo.", "errors": {}}


@pytest.mark.django_db
def test_one_api_idiom_checks_each_methods_own_permission(client):
    """`has_perms(..., post=...)`: Coordinación lists préstamos (view_prestamo) but may not lend (403 on POST)."""
    client.force_login(user_in(UnidadFactory(), Rol.COORDINACION))
    assert client.get("/api/v1/archivo/prestamos/").status_code == 200
    response = client.post("/api/v1/archivo/prestamos/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "No tiene permiso para esta operación.", "errors": {}}
