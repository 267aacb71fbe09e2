"""Several signers in order on one PDF; SAT-shaped certificates; refusals that leave nothing behind."""

import io

import pytest
from pypdf import PdfReader

from firma.conf import firma_config
from firma.engine.errors import CertificadoError, LlaveError, OrdenError, PdfInvalidoError
from firma.engine.validation import LLENADO, NINGUNA, pdf_validate
from firma.models import Firma, Firmante, SolicitudFirma
from firma.selectors import certificado_list_for_user
from firma.services import firma_sign, solicitud_create
from sai.audit.models import EntradaBitacora
from sai.core.exceptions import PermissionDeniedError
from tests.firma.conftest import blob_bytes, llave, oficio_pdf, pdfsig, version_de


def _sign(user, certificado, solicitud, pki, name):
    key, password = llave(pki, name)
    return firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)


def test_render_places_qr_folio_url_and_one_field_per_signer(firmante, solicitud_para, settings):
    """The first render adds the verification URL (with the public uuid) and one empty field per signer."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    users = [firmante(name)[0] for name in ("firmante1", "firmante2", "firmante3")]
    solicitud = solicitud_para(*users)
    pdf = blob_bytes(solicitud.base_blob)
    url = f"{settings.SAI_SITE_URL}/verifica/{solicitud.uuid}"
    page = PdfReader(io.BytesIO(pdf)).pages[-1]
    text = page.extract_text()
    assert "Folio: DA/0001/2026" in text and url in text
    assert url in [a.get_object()["/A"]["/URI"] for a in page["/Annots"] if a.get_object()["/Subtype"] == "/Link"]
    reader = PdfFileReader(io.BytesIO(pdf))
    fields = {name: value for name, value, _ref in enumerate_sig_fields(reader)}
    assert fields == {"Firma1": None, "Firma2": None, "Firma3": None}
    original = blob_bytes(version_de(solicitud).blob)
    assert pdf.startswith(original), "the render must be an incremental update of the original"
    assert list(solicitud.firmantes.values_list("campo", flat=True)) == ["Firma1", "Firma2", "Firma3"]


def test_three_signers_in_order_out_of_turn_and_twice_refused(firmante, solicitud_para, pki, tmp_path):
    """Three signers sign in order; signing out of order or twice is refused; pyHanko and pdfsig validate all three."""
    signers = [(*firmante(name), name) for name in ("firmante1", "firmante2", "firmante3")]
    solicitud = solicitud_para(*[s[0] for s in signers], nivel="B-LT")

    with pytest.raises(OrdenError) as info:
        _sign(*signers[1][:2], solicitud, pki, "firmante2")
    assert info.value.codigo == "fuera_de_orden"
    assert not Firma.objects.exists()

    _sign(*signers[0][:2], solicitud, pki, "firmante1")
    with pytest.raises(OrdenError) as info:
        _sign(*signers[0][:2], solicitud, pki, "firmante1")
    assert info.value.codigo == "ya_firmado"
    with pytest.raises(OrdenError):
        _sign(*signers[2][:2], solicitud, pki, "firmante3")

    _sign(*signers[1][:2], solicitud, pki, "firmante2")
    _sign(*signers[2][:2], solicitud, pki, "firmante3")
    solicitud.refresh_from_db()
    assert solicitud.estado == SolicitudFirma.Estado.FIRMADA
    assert list(solicitud.firmas.values_list("orden", "nivel")) == [(1, "B-LT"), (2, "B-LT"), (3, "B-LT")]

    pdf = blob_bytes(solicitud.actual_blob)
    reporte = pdf_validate(pdf, firma_config())
    assert reporte.valido, reporte
    assert [f.rfc for f in reporte.firmas] == ["LOPM800101AB1", "GAHJ750315QW2", "TORA820720KJ3"]
    assert [f.certificacion for f in reporte.firmas] == [True, False, False]
    assert [f.modificacion for f in reporte.firmas] == [LLENADO, LLENADO, NINGUNA]
    verdicts = pdfsig(pki, pdf, tmp_path)
    assert [v["campo"] for v in verdicts] == ["Firma1", "Firma2", "Firma3"]
    assert all(v["valida"] and v["confiable"] for v in verdicts), verdicts


def test_someone_not_in_the_list_cannot_sign(firmante, solicitud_para, pki):
    """A user who is not a signer of the request is refused."""
    owner, _ = firmante("firmante1")
    intruder, certificado = firmante("firmante2")
    solicitud = solicitud_para(owner, nivel="B-B")
    with pytest.raises(PermissionDeniedError):
        _sign(intruder, certificado, solicitud, pki, "firmante2")


def test_sat_shaped_certificate_signs_and_shows_its_rfc(firmante, solicitud_para, pki, tmp_path):
    """A SAT-shaped certificate (PrintableString RFC, no AIA/CRL DP) signs at B-LT with the per-issuer OCSP."""
    user, certificado = firmante("sat")
    assert certificado.rfc == "XAMA620210DQ5"
    solicitud = solicitud_para(user, nivel="B-LT")
    firma = _sign(user, certificado, solicitud, pki, "sat")
    assert firma.revocacion["url"].endswith("/ocsp")
    pdf = blob_bytes(firma.blob)
    (sig,) = pdf_validate(pdf, firma_config()).firmas
    assert sig.valida and sig.nivel == "B-LT"
    assert (sig.firmante, sig.rfc, sig.curp) == ("ALBA XKARAJAM MENDEZ", "XAMA620210DQ5", "XAMA620210MSLKNL04")
    (verdict,) = pdfsig(pki, pdf, tmp_path)
    assert verdict["valida"] and verdict["confiable"] and "2.5.4.45=XAMA620210DQ5" in verdict["texto"]


def test_sat_certificate_without_revocation_source_is_refused_at_b_lt(firmante, solicitud_para, pki, settings):
    """Without a configured OCSP/CRL for its issuer, a SAT certificate (which names none) cannot sign at B-LT."""
    settings.SAI_FIRMA_REVOCACION = {}
    user, certificado = firmante("sat")
    solicitud = solicitud_para(user, nivel="B-LT")
    with pytest.raises(CertificadoError) as info:
        _sign(user, certificado, solicitud, pki, "sat")
    assert info.value.codigo == "sin_fuente_revocacion"
    assert not Firma.objects.exists()


def _assert_nothing_changed(solicitud):
    before = solicitud.actual_blob_id
    solicitud.refresh_from_db()
    assert solicitud.actual_blob_id == before == solicitud.base_blob_id
    assert not Firma.objects.exists()
    assert not solicitud.firmantes.exclude(estado=Firmante.Estado.PENDIENTE).exists()


def test_wrong_password_changes_nothing(firmante, solicitud_para, pki):
    """A wrong .key password is refused and the request is untouched."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    key, _ = llave(pki, "firmante1")
    with pytest.raises(LlaveError) as info:
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=bytearray(b"mala"))
    assert info.value.codigo == "contrasena"
    _assert_nothing_changed(solicitud)


def test_key_not_matching_certificate_changes_nothing(firmante, solicitud_para, pki):
    """A .key of another person is refused and the request is untouched."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-B")
    key, password = llave(pki, "firmante2")
    with pytest.raises(LlaveError) as info:
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    assert info.value.codigo == "no_corresponde"
    _assert_nothing_changed(solicitud)


@pytest.mark.parametrize(
    ("name", "codigo"),
    [("revocado", "revocado"), ("expirado", "expirado"), ("sello", "sello"), ("ajeno", "no_confiable")],
)
def test_unusable_certificate_cannot_sign_even_if_stored(firmante, solicitud_para, pki, name, codigo):
    """A revoked, expired, CSD or untrusted certificate (stored before it went bad) cannot sign; nothing changes."""
    user, certificado = firmante(name, registrar=False)
    solicitud = solicitud_para(user, nivel="B-B")
    with pytest.raises(CertificadoError) as info:
        _sign(user, certificado, solicitud, pki, name)
    assert info.value.codigo == codigo
    _assert_nothing_changed(solicitud)


def test_non_pdf_version_cannot_be_sent_to_signature(firmante, solicitud_para, version_pdf):
    """A version whose content is not a PDF is refused at the render step."""
    user, _ = firmante("firmante1")
    with pytest.raises(PdfInvalidoError) as info:
        solicitud_para(user, version=version_pdf(b"Texto plano, no es un PDF"))
    assert info.value.codigo == "no_pdf"
    assert not SolicitudFirma.objects.exists()


def test_malformed_pdf_cannot_be_sent_to_signature(firmante, solicitud_para, version_pdf):
    """A damaged PDF (header but no structure) is refused with a specific message."""
    user, _ = firmante("firmante1")
    with pytest.raises(PdfInvalidoError) as info:
        solicitud_para(user, version=version_pdf(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"))
    assert info.value.codigo == "mal_formado"
    assert not SolicitudFirma.objects.exists()


def test_requesting_signature_needs_permission(firmante, version_pdf, make_user):
    """A user without firma.solicitar_firma cannot send a document to signature."""
    user, _ = firmante("firmante1")
    with pytest.raises(PermissionDeniedError):
        solicitud_create(
            actor=make_user(),
            firmable_tipo="earchivo.version",
            firmable_id=version_pdf().pk,
            firmantes=[(user, "")],
            folio="X/1",
        )
    assert not SolicitudFirma.objects.exists()


def test_oficio_helper_is_a_one_page_pdf():
    """The oficio used by these tests and the benchmark is a real one-page PDF."""
    assert len(PdfReader(io.BytesIO(oficio_pdf())).pages) == 1


def test_certificate_found_revoked_when_signing_leaves_the_active_list(firmante, solicitud_para, pki):
    """Registered while valid, found revoked at signing: refused, no longer active nor listed, and audited."""
    user, certificado = firmante("revocado", registrar=False)
    assert list(certificado_list_for_user(user=user)) == [certificado]
    solicitud = solicitud_para(user, nivel="B-B")
    with pytest.raises(CertificadoError):
        _sign(user, certificado, solicitud, pki, "revocado")
    certificado.refresh_from_db()
    assert certificado.activo is False
    assert not certificado_list_for_user(user=user).exists()
    assert EntradaBitacora.objects.filter(accion="firma.certificado_revocado").count() == 1
    _assert_nothing_changed(solicitud)
