"""A PDF already signed outside SAI (under another institution's CA) goes through SAI and keeps its signature."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers

from firma.conf import firma_config
from firma.engine import pki as pki_builder
from firma.engine.errors import PdfInvalidoError
from firma.engine.pades import LlaveSigner
from firma.engine.validation import pdf_validate
from firma.services import firma_sign
from tests.earchivo.factories import DocumentoFactory, VersionFactory
from tests.firma.conftest import blob_bytes, llave, oficio_pdf, pdfsig

ROOT_SUBJECT = pki_builder.ca_subject("AC Raíz de Otra Institución", "Otra Institución")


@pytest.fixture
def ajena(tmp_path, pki, settings):
    """A foreign CA (made here, unknown to SAI's test PKI) and a signer under it, trusted by all three validators."""
    now = dt.datetime.now(dt.UTC)
    root_key = pki_builder.rsa_key()
    root = pki_builder.ca_certificate(
        subject=ROOT_SUBJECT,
        key=root_key,
        serial=7001,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=365),
    )
    key = pki_builder.rsa_key()
    leaf = pki_builder.leaf_certificate(
        subject=pki_builder.sat_subject(nombre="ROSA DIAZ LUNA", rfc="DILR700101AA1", curp="DILR700101MDFZNS01"),
        public_key=key.public_key(),
        emisor=pki_builder.Emisor(root, root_key),
        serial=7002,
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=365),
        perfil=pki_builder.EFIRMA,
    )
    root_pem = tmp_path / "ajena-raiz.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    settings.SAI_FIRMA_RAICES = [*settings.SAI_FIRMA_RAICES, str(root_pem)]
    nssdb = tmp_path / "nssdb"
    shutil.copytree(pki.nssdb, nssdb)
    subprocess.run(  # noqa: S603
        ["certutil", "-A", "-d", f"sql:{nssdb}", "-n", "ajena", "-t", "CT,C,C", "-i", str(root_pem)],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return {"cert": leaf, "key": key, "root": root, "root_pem": root_pem, "nssdb": nssdb}


def _signed_outside(ajena, *, certify: bool, docmdp=fields.MDPPerm.FILL_FORMS) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(oficio_pdf()))
    meta = signers.PdfSignatureMetadata(
        field_name="FirmaOtraInstitucion",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=certify,
        docmdp_permissions=docmdp,
    )
    signer = LlaveSigner(cert=ajena["cert"], key=ajena["key"], cadena=[ajena["root"]])
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def _version_with(pdf: bytes, expediente):
    documento = DocumentoFactory(expediente=expediente, version=None)
    return VersionFactory(documento=documento, contenido=pdf, nombre_archivo="oficio-firmado.pdf")


def _openssl_cms_verify(pdf: bytes, cafile, tmp_path) -> list[bool]:
    """`openssl cms -verify` over each embedded CMS and the bytes its /ByteRange covers."""
    roots = tmp_path / "raices.pem"
    roots.write_bytes(b"".join(p.read_bytes() for p in cafile))
    verdicts = []
    for index, emb in enumerate(PdfFileReader(io.BytesIO(pdf)).embedded_regular_signatures):
        start1, len1, start2, len2 = (int(x) for x in emb.sig_object["/ByteRange"])
        content = tmp_path / f"contenido{index}.bin"
        content.write_bytes(pdf[start1 : start1 + len1] + pdf[start2 : start2 + len2])
        sig = tmp_path / f"firma{index}.der"
        sig.write_bytes(cms.ContentInfo({"content_type": "signed_data", "content": emb.signed_data}).dump())
        command = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(sig), "-content"]
        command += [str(content), "-CAfile", str(roots), "-purpose", "any", "-out", "/dev/null"]
        result = subprocess.run(  # noqa: S603
            command,
            capture_output=True,
            text=True,
            check=False,
        )
        verdicts.append(result.returncode == 0 and "Verification successful" in result.stderr)
    return verdicts


@pytest.mark.parametrize("certify", [False, True], ids=["aprobacion", "certificacion"])
def test_outside_signed_pdf_gets_two_more_signatures_and_all_three_stay_valid(
    ajena, certify, firmante, solicitud_para, expediente, pki, tmp_path
):
    """Foreign signature + two SAI signers: pdfsig, openssl cms and SAI's report show three valid signatures."""
    outside = _signed_outside(ajena, certify=certify)
    users = [(*firmante(name), name) for name in ("firmante1", "firmante2")]
    solicitud = solicitud_para(*[u[0] for u in users], nivel="B-LT", version=_version_with(outside, expediente))
    base = blob_bytes(solicitud.base_blob)
    assert base.startswith(outside), "SAI's preparation must be an incremental update"
    assert pdf_validate(base, firma_config()).valido

    for user, certificado, name in users:
        key, password = llave(pki, name)
        firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    pdf = blob_bytes(solicitud.actual_blob)

    reporte = pdf_validate(pdf, firma_config())
    assert [f.rfc for f in reporte.firmas] == ["DILR700101AA1", "LOPM800101AB1", "GAHJ750315QW2"]
    assert [f.valida for f in reporte.firmas] == [True, True, True], [f.mensajes for f in reporte.firmas]
    assert [f.certificacion for f in reporte.firmas] == [certify, False, False]
    assert reporte.valido

    verdicts = pdfsig(pki, pdf, tmp_path, nssdb=ajena["nssdb"])
    assert len(verdicts) == 3
    assert all(v["valida"] and v["confiable"] for v in verdicts), verdicts

    cafile = [ajena["root_pem"], pki.path("raiz.pem")]
    assert _openssl_cms_verify(pdf, cafile, tmp_path) == [True, True, True]


def test_outside_certification_forbidding_changes_is_refused_at_request(ajena, firmante, solicitud_para, expediente):
    """A certification that forbids every change cannot take more signatures: refused before anything is stored."""
    outside = _signed_outside(ajena, certify=True, docmdp=fields.MDPPerm.NO_CHANGES)
    user, _ = firmante("firmante1")
    with pytest.raises(PdfInvalidoError) as info:
        solicitud_para(user, version=_version_with(outside, expediente))
    assert info.value.codigo == "certificado_sin_cambios"
    assert "no admite cambios" in info.value.message
