"""A PDF/A-2B document stays PDF/A-2B after SAI prepares and signs it (veraPDF, from deploy/services/verapdf.sh)."""

import pytest

from firma.services import firma_sign
from tests.firma.conftest import blob_bytes, llave, oficio_pdf
from tests.pdfa import assert_pdfa


@pytest.mark.parametrize("nivel", ["B-B", "B-LTA"])
def test_pdfa_input_stays_pdfa_after_two_signatures(firmante, solicitud_para, version_pdf, pki, nivel):
    """SAI's oficio helper makes PDF/A-2B; the hoja de firmas, both appearances and the level's data keep it so."""
    original = oficio_pdf()
    users = [(*firmante(name), name) for name in ("firmante1", "firmante2")]
    solicitud = solicitud_para(*[u[0] for u in users], nivel=nivel, version=version_pdf(original))
    for user, certificado, name in users:
        key, password = llave(pki, name)
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    assert_pdfa(original, blob_bytes(solicitud.base_blob), blob_bytes(solicitud.actual_blob))
