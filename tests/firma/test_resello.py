"""B-LTA upkeep: documents whose last document timestamp comes from a TSA certificate about to expire get a new one."""

import asyncio
import datetime as dt
import io

from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from firma.conf import firma_config
from firma.engine import pki as builders
from firma.engine.retimestamp import ultimo_sello_vence
from firma.engine.trust import asn1, validation_context
from firma.engine.validation import pdf_validate
from firma.services import firma_sign
from firma.services.solicitudes import _store
from firma.tasks import firma_resellar_task
from sai.audit.models import EntradaBitacora
from tests.firma.conftest import blob_bytes, llave, version_de
from tests.firma.testpki.pki import _emisor


def _tsa_por_vencer(pki, dias: int):
    """A second TSA identity, issued by the test root, whose certificate expires in `dias` days."""
    raiz = _emisor(pki.dir, "raiz")
    key = builders.rsa_key()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cert = builders.leaf_certificate(
        subject=builders.ca_subject("SAI Pruebas TSA por vencer", "SAI Pruebas"),
        public_key=key.public_key(),
        emisor=raiz,
        serial=builders.sat_serial(30001000000599999999),
        not_before=now - dt.timedelta(days=300),
        not_after=now + dt.timedelta(days=dias),
        perfil=builders.TSA,
        crl_url=f"{pki.base_url}/crl/raiz.crl",
    )
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return DummyTimeStamper(tsa_cert=asn1(cert), tsa_key=asn1_keys.PrivateKeyInfo.load(der))


def _sellar_con(pdf: bytes, stamper) -> bytes:
    async def run():
        context = validation_context(firma_config(), fetching=True)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        try:
            out = await signers.PdfTimeStamper(stamper).async_timestamp_pdf(
                writer, "sha256", validation_context=context, bytes_reserved=16384
            )
        finally:
            await context.aclose()
        return out.getvalue()

    return asyncio.run(run())


def test_lta_document_is_retimestamped_before_the_tsa_certificate_expires(firmante, solicitud_para, pki):
    """A B-LTA PDF last stamped by a TSA expiring in 5 days gets a new document timestamp and a new version;
    a second run changes nothing; a document stamped by a long-lived TSA is left alone."""
    user, certificado = firmante("firmante1")
    solicitud = solicitud_para(user, nivel="B-LTA")
    key, password = llave(pki, "firmante1")
    firma_sign(actor=user, solicitud=solicitud, certificado=certificado, llave=key, contrasena=password)
    solicitud.refresh_from_db()
    assert firma_resellar_task.apply(args=(30,)).get() == 0, "the loopback TSA certificate lasts years: nothing to do"

    viejo = _sellar_con(blob_bytes(solicitud.actual_blob), _tsa_por_vencer(pki, 5))
    assert ultimo_sello_vence(viejo) < dt.datetime.now(dt.UTC) + dt.timedelta(days=6)
    solicitud.actual_blob = _store(viejo)
    solicitud.save(update_fields=["actual_blob"])
    versiones_antes = version_de(solicitud).documento.versiones.count()

    assert firma_resellar_task.apply(args=(30,)).get() == 1
    solicitud.refresh_from_db()
    nuevo = blob_bytes(solicitud.actual_blob)
    assert nuevo.startswith(viejo), "an incremental update of the previous PDF"
    assert ultimo_sello_vence(nuevo) > dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    reporte = pdf_validate(nuevo, firma_config())
    assert reporte.valido and reporte.firmas[0].nivel == "B-LTA"
    assert len(reporte.sellos_documento) == 3 and all(s.intacto and s.confiable for s in reporte.sellos_documento)
    version = version_de(solicitud).documento.versiones.order_by("-numero").first()
    assert version_de(solicitud).documento.versiones.count() == versiones_antes + 1
    assert version.blob_id == solicitud.actual_blob_id and version.motivo.startswith("Sello de tiempo de archivo")
    assert EntradaBitacora.objects.filter(accion="firma.resellar").count() == 1

    assert firma_resellar_task.apply(args=(30,)).get() == 0, "idempotent: the new timestamp is far from expiry"
    assert version_de(solicitud).documento.versiones.count() == versiones_antes + 1
