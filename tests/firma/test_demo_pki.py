"""`manage.py firma_demo_pki` and the firma part of `load_demo`: demo CA, SAT-format keys, registered certificates."""

import io

from django.core.management import call_command

from firma.demo import DEMO_PASSWORD, demo_load
from firma.engine.certificates import certificado_load, llave_check_pair, llave_load
from firma.models import Certificado


def test_demo_pki_is_created_once_and_signs(demo, tmp_path, settings):
    """Each demo signer gets a .cer + SAT .key pair that match; a second run reuses everything."""
    settings.SAI_FIRMA_DEMO_DIR = str(tmp_path)
    out = io.StringIO()
    call_command("firma_demo_pki", stdout=out)
    text = out.getvalue()
    assert f"Contraseña de todas las llaves .key: {DEMO_PASSWORD}" in text
    assert "SAI_FIRMA_RAICES=" in text and "SAI_FIRMA_NIVEL_DEFAULT=B-B" in text
    registrados = Certificado.objects.filter(propietario__username__in=["firmante", "tramite", "coordinacion"])
    assert registrados.count() == 3
    for certificado in registrados:
        name = certificado.propietario.username
        assert (tmp_path / f"{name}.cer").read_bytes() == bytes(certificado.der)
        key = llave_load(llave=(tmp_path / f"{name}.key").read_bytes(), contrasena=DEMO_PASSWORD)
        llave_check_pair(key, certificado_load(bytes(certificado.der)))
    assert "capturista" not in text, "the Capturista role cannot sign"
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    total = Certificado.objects.count()
    assert demo_load() is False
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
    assert Certificado.objects.count() == total
