"""Issue 8 item 9: a certificate registers only to the person it names (RFC and CURP of their profile)."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from firma.engine.errors import CertificadoError
from firma.models import Certificado
from firma.services import certificado_register
from sai.org.importer import OrgImportError, org_import
from sai.org.models import Perfil
from tests.firma.conftest import firma_settings, grant, identify, pki  # noqa: F401 - the test PKI and its settings

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "deploy" / "samples"


def _signer(make_user, rfc: str = "", curp: str = ""):
    user = make_user()
    Perfil.objects.filter(usuario=user).update(rfc=rfc, curp=curp)
    return grant(user, "firmar_documento")


def test_someone_elses_certificate_is_refused(make_user, pki):  # noqa: F811
    """The issue's attack: a user registers (and would sign with) another person's e.firma."""
    intruso = _signer(make_user, rfc="GAHJ750315QW2", curp="GAHJ750315HDFRRN02")
    with pytest.raises(CertificadoError) as refusal:
        certificado_register(actor=intruso, cer=pki.cer("firmante1"))
    assert refusal.value.codigo == "titular"
    assert refusal.value.message == (
        "El certificado es de otra persona: el RFC que trae (LOPM800101AB1) no coincide con el de su perfil "
        "(GAHJ750315QW2)."
    )
    assert not Certificado.objects.exists()


def test_same_rfc_with_another_curp_is_refused(make_user, pki):  # noqa: F811
    user = _signer(make_user, rfc="LOPM800101AB1", curp="LOPM800101MDFPRR09")
    with pytest.raises(CertificadoError, match="CURP que trae"):
        certificado_register(actor=user, cer=pki.cer("firmante1"))


def test_a_profile_without_rfc_cannot_register(make_user, pki):  # noqa: F811
    user = _signer(make_user)
    with pytest.raises(CertificadoError) as refusal:
        certificado_register(actor=user, cer=pki.cer("firmante1"))
    assert refusal.value.message.startswith("Su perfil no tiene RFC: pida al administrador que lo registre")


def test_own_certificate_registers(make_user, pki):  # noqa: F811
    user = grant(identify(make_user(), pki, "firmante1"), "firmar_documento")
    assert certificado_register(actor=user, cer=pki.cer("firmante1")).propietario == user


def test_api_refusal_names_the_certificate_field(make_user, pki):  # noqa: F811
    client = APIClient()
    client.force_authenticate(_signer(make_user, rfc="GAHJ750315QW2"))
    cer = SimpleUploadedFile("firmante1.cer", pki.cer("firmante1"))
    response = client.post("/api/v1/firma/certificados/", {"cer": cer}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["certificado"][0].startswith("El certificado es de otra persona")


def test_profile_validates_rfc_and_curp_formats(make_user):
    perfil = make_user().perfil
    perfil.rfc, perfil.curp = "LOPM8001AB1", "LOPM800101MDFPRR0"
    with pytest.raises(ValidationError) as error:
        perfil.full_clean()
    assert set(error.value.message_dict) == {"rfc", "curp"}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_org_loads_rfc_and_curp_all_or_nothing(tmp_path):
    areas = _write(
        tmp_path, "areas.csv", "siglas,nombre,padre,titular,responsable_archivo_tramite,activa\nA,Área,,,,sí\n"
    )
    header = "usuario,nombre,apellidos,correo,unidad,cargo,roles,activo,rfc,curp\n"
    bad = _write(
        tmp_path,
        "usuarios.csv",
        header
        + "ana,Ana,Ruiz,,A,,Capturista,sí,lopm800101ab1,LOPM800101MDFPRR01\n"
        + "beto,Beto,Paz,,A,,Capturista,sí,LOPM800101AB1,\n"
        + "caro,Caro,Luna,,A,,Capturista,sí,XX12,LOPM8001\n",
    )
    with pytest.raises(OrgImportError) as error:
        org_import(areas_path=areas, usuarios_path=bad)
    assert error.value.problems == [
        "usuarios.csv:3: rfc: LOPM800101AB1 ya pertenece al usuario 'ana'",
        "usuarios.csv:4: rfc: El RFC no tiene el formato de persona física (p. ej. LOPM800101AB1).",
        "usuarios.csv:4: curp: La CURP no tiene el formato oficial de 18 caracteres.",
    ]
    assert not Perfil.objects.exists()

    good = _write(tmp_path, "usuarios.csv", header + "ana,Ana,Ruiz,,A,,Capturista,sí,lopm800101ab1,\n")
    org_import(areas_path=areas, usuarios_path=good)
    assert Perfil.objects.get(usuario__username="ana").rfc == "LOPM800101AB1"


def test_demo_people_carry_the_rfc_and_curp_of_their_demo_certificates(demo, tmp_path, settings):
    """The demo PKI issues each demo signer a certificate in their own name, and it registers."""
    from firma.demo import demo_pki_ensure

    settings.SAI_FIRMA_DEMO_DIR = str(tmp_path)
    credenciales = demo_pki_ensure(tmp_path)
    assert credenciales
    for certificado in Certificado.objects.select_related("propietario__perfil"):
        perfil = certificado.propietario.perfil
        assert (certificado.rfc, certificado.curp) == (perfil.rfc, perfil.curp) != ("", "")
    assert Perfil.objects.filter(usuario__username="admin", rfc="MORA800101AM8").exists()
