from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from earchivo.models import CuadroClasificacion
from sai.audit.models import EntradaBitacora
from sai.org.importer import OrgImportError, org_import
from sai.org.models import UnidadAdministrativa

SAMPLES = Path(__file__).resolve().parents[2] / "deploy" / "samples"
User = get_user_model()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_sample_files_import_areas_users_roles_and_responsables():
    """The sample institution loads: tree, profiles, roles and each area's titular and responsable de AT."""
    summary = org_import(areas_path=SAMPLES / "areas.csv", usuarios_path=SAMPLES / "usuarios.csv")
    assert (summary.unidades, summary.usuarios) == (5, 8)
    sain = UnidadAdministrativa.objects.get(siglas="SAIN")
    assert sain.padre.siglas == "DPT"
    assert sain.titular.username == "coordinacion"
    assert sain.responsable_archivo_tramite.username == "concentracion"
    firmante = User.objects.get(username="firmante")
    assert firmante.perfil.unidad.siglas == "DEA"
    assert list(firmante.groups.values_list("name", flat=True)) == ["Firmante"]
    assert not firmante.has_usable_password()
    assert User.objects.get(username="admin").is_staff
    assert EntradaBitacora.objects.filter(accion="org.usuario_crear").count() == 8


@pytest.mark.django_db
def test_reimport_updates_in_place():
    """Importing the same files twice leaves one row per unidad and per user."""
    for _ in range(2):
        org_import(areas_path=SAMPLES / "areas.csv", usuarios_path=SAMPLES / "usuarios.csv")
    assert UnidadAdministrativa.objects.count() == 5
    assert User.objects.filter(perfil__isnull=False).count() == 8


@pytest.mark.django_db
def test_three_bad_rows_give_three_messages_and_write_nothing(tmp_path, capsys):
    """Three different bad rows are each reported as file:row: field: reason, and nothing is written."""
    areas = write(
        tmp_path,
        "areas.csv",
        "siglas,nombre,padre,titular,responsable_archivo_tramite,activa\n"
        "SE,Secretaría Ejecutiva,,,,sí\n"
        "DEA,Dirección Ejecutiva de Administración,NOEXISTE,,,sí\n",
    )
    usuarios = write(
        tmp_path,
        "usuarios.csv",
        "usuario,nombre,apellidos,correo,unidad,cargo,roles,activo\n"
        "ana,Ana,Pérez,ana-sin-arroba,SE,Analista,Capturista,sí\n"
        "beto,Beto,López,beto@sai.example,SE,Jefe,Emperador,sí\n"
        "carla,Carla,Ruiz,carla@sai.example,SE,Jefa,Firmante,sí\n",
    )
    before = EntradaBitacora.objects.count()
    with pytest.raises(CommandError):
        call_command("import_org", str(areas), str(usuarios))
    problems = capsys.readouterr().err.strip().splitlines()
    assert problems == [
        "areas.csv:3: padre: la unidad 'NOEXISTE' no existe",
        "usuarios.csv:2: correo: 'ana-sin-arroba' no es un correo electrónico válido",
        "usuarios.csv:3: roles: 'Emperador' no es un rol de SAI (" + problems[2].split("(", 1)[1],
    ]
    assert UnidadAdministrativa.objects.count() == 0
    assert not User.objects.filter(username__in=["ana", "beto", "carla"]).exists()
    assert EntradaBitacora.objects.count() == before


@pytest.mark.django_db
def test_missing_columns_and_non_utf8_are_reported(tmp_path):
    """A file without the expected header, or not in UTF-8, is named with the reason."""
    areas = write(tmp_path, "areas.csv", "clave,descripcion\nSE,Secretaría\n")
    usuarios = tmp_path / "usuarios.csv"
    usuarios.write_bytes("usuario,nombre,apellidos,correo,unidad,cargo,roles,activo\nñu,Ñu,,,,,,\n".encode("latin-1"))
    with pytest.raises(OrgImportError) as error:
        org_import(areas_path=areas, usuarios_path=usuarios)
    assert error.value.problems == [
        "areas.csv:1: encabezado: faltan las columnas siglas, nombre, padre, titular, "
        "responsable_archivo_tramite, activa",
        "usuarios.csv:1: archivo: no está codificado en UTF-8 (guárdelo como «CSV UTF-8»)",
    ]


@pytest.mark.django_db
def test_cycle_in_tree_is_refused(tmp_path):
    """Two areas that name each other as padre are refused instead of looping."""
    areas = write(
        tmp_path,
        "areas.csv",
        "siglas,nombre,padre,titular,responsable_archivo_tramite,activa\nA,Área A,B,,,sí\nB,Área B,A,,,sí\n",
    )
    usuarios = write(tmp_path, "usuarios.csv", "usuario,nombre,apellidos,correo,unidad,cargo,roles,activo\n")
    with pytest.raises(OrgImportError) as error:
        org_import(areas_path=areas, usuarios_path=usuarios)
    assert error.value.problems == [
        "areas.csv:2: padre: 'A' quedaría como subunidad de sí misma",
        "areas.csv:3: padre: 'B' quedaría como subunidad de sí misma",
    ]


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_users_can_log_in(client):
    """load_demo creates the institution (with its vigente CGCA) once; a demo user logs in with the printed password."""
    call_command("load_demo", "--force")
    assert CuadroClasificacion.objects.filter(estado="vigente").count() == 1
    entries = EntradaBitacora.objects.count()
    call_command("load_demo", "--force")
    assert EntradaBitacora.objects.count() == entries
    response = client.post("/accounts/login/", {"username": "coordinacion", "password": "sai-demo-2026"})
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated
