"""Validation report of a signed PDF, one entry per signature, ready for the public verification page.

Offline by design: only the configured trust roots and what the PDF carries (CMS certificates, DSS OCSP responses
and CRLs) are used, so anyone can check a copy at any time. The chain is judged at the trusted signing time (the
signature timestamp) when there is one, else now.
"""

import asyncio
import base64
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError, SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel

from firma.engine import patches  # noqa: F401 - SAT names must parse
from firma.engine.certificates import certificado_datos, certificado_load, fecha_local
from firma.engine.config import FirmaConfig
from firma.engine.errors import FirmaError, pdf_error_text
from firma.engine.trust import validation_context

NINGUNA, LLENADO, OTRA = "ninguna", "llenado_formulario", "otra"
VIGENTE, VENCIDO, NO_VIGENTE_AUN = "vigente", "vencido", "no_vigente_aun"
MODIFICACION_TEXTO = {NINGUNA: "ninguna", LLENADO: "llenado de formulario (firmas posteriores)", OTRA: "otra"}


@dataclass
class ReporteFirma:
    campo: str
    orden: int
    firmante: str = ""
    rfc: str = ""
    curp: str = ""
    numero_certificado: str = ""
    serie_hex: str = ""
    huella: str = ""  # SHA-256 of the certificate's DER
    emisor: str = ""
    vigente_desde: dt.datetime | None = None
    vigente_hasta: dt.datetime | None = None
    vigencia: str = ""  # at the signing time: VIGENTE | VENCIDO | NO_VIGENTE_AUN ("" when unknown)
    certificacion: bool = False  # the author (DocMDP) signature
    intacta: bool = False  # the signed bytes and the signature value match
    confiable: bool = False  # chain to a configured root, at the trusted signing time
    revocacion: str = "no_verificada"  # vigente | revocado | no_verificada
    revocacion_fuente: str = ""  # ocsp | crl
    revocacion_fecha: dt.datetime | None = None  # when the evidence was produced
    sello_tiempo: dt.datetime | None = None  # genTime of the signature timestamp
    sello_tiempo_confiable: bool | None = None  # None: there is no timestamp (only the claimed time)
    fecha_declarada: dt.datetime | None = None  # signer-reported time, not proven
    modificacion: str = OTRA  # after this signature: NINGUNA | LLENADO | OTRA
    cobertura: str = ""
    nivel: str = ""  # B-B | B-T | B-LT | B-LTA, "" when not PAdES
    hash_firmado: str = ""
    sello_ultimos8: str = ""
    mensajes: list[str] = field(default_factory=list)

    @property
    def valida(self) -> bool:
        return self.intacta and self.confiable and self.revocacion != "revocado" and self.modificacion != OTRA


@dataclass
class SelloDocumento:
    campo: str
    fecha: dt.datetime | None
    intacto: bool
    confiable: bool


@dataclass
class ReporteDocumento:
    sha256: str
    firmas: list[ReporteFirma] = field(default_factory=list)
    sellos_documento: list[SelloDocumento] = field(default_factory=list)
    error: str = ""

    @property
    def valido(self) -> bool:
        return not self.error and bool(self.firmas) and all(f.valida for f in self.firmas)


def _evidence(reader: PdfFileReader):
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return [], [], []
    certs = list(dss.load_certs())
    ocsps = [asn1_ocsp.OCSPResponse.load(r.get_object().data) for r in dss.ocsps]
    crls = [asn1_crl.CertificateList.load(r.get_object().data) for r in dss.crls]
    return certs, ocsps, crls


def _revocation_for(cert: asn1_x509.Certificate, ocsps, crls):
    """The newest evidence about `cert` among OCSP responses and CRLs: (estado, fuente, fecha)."""
    best = None
    for resp in ocsps:
        try:
            basic = resp["response_bytes"]["response"].parsed
            data = basic["tbs_response_data"]
        except (KeyError, ValueError):
            continue
        for single in data["responses"]:
            if single["cert_id"]["serial_number"].native != cert.serial_number:
                continue
            status = single["cert_status"].name
            estado = {"good": "vigente", "revoked": "revocado"}.get(status)
            if estado and (best is None or data["produced_at"].native > best[2]):
                best = (estado, "ocsp", data["produced_at"].native)
    for item in crls:
        tbs = item["tbs_cert_list"]
        if tbs["issuer"] != cert.issuer:
            continue
        revoked = any(r["user_certificate"].native == cert.serial_number for r in tbs["revoked_certificates"] or [])
        when = tbs["this_update"].native
        if best is None or revoked or (best[0] != "revocado" and when > best[2]):
            best = ("revocado" if revoked else "vigente", "crl", when)
    return best


def _ocsp_serials(resp) -> set[int]:
    try:
        data = resp["response_bytes"]["response"].parsed["tbs_response_data"]
        return {single["cert_id"]["serial_number"].native for single in data["responses"]}
    except (KeyError, ValueError, TypeError):
        return set()


def _timestamp_of(emb):
    for attr in emb.signer_info["unsigned_attrs"] or []:
        if attr["type"].native == "signature_time_stamp_token":
            return attr["values"][0]["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    return None


def _dss_has(reader: PdfFileReader, revision: int, cert) -> bool:
    try:
        dss = DocumentSecurityStore.read_dss(reader.get_historical_resolver(revision))
    except (NoDSSFoundError, KeyError):
        return False
    ocsps = [asn1_ocsp.OCSPResponse.load(r.get_object().data) for r in dss.ocsps]
    crls = [asn1_crl.CertificateList.load(r.get_object().data) for r in dss.crls]
    return _revocation_for(cert, ocsps, crls) is not None


def _vigencia(reporte: ReporteFirma) -> str:
    """The certificate's validity at the signing time: the trusted timestamp, else the declared time, else now."""
    if not (reporte.vigente_desde and reporte.vigente_hasta):
        return ""
    moment = reporte.sello_tiempo if reporte.sello_tiempo_confiable else None
    moment = moment or reporte.fecha_declarada or dt.datetime.now(dt.UTC)
    if moment > reporte.vigente_hasta:
        return VENCIDO
    if moment < reporte.vigente_desde:
        return NO_VIGENTE_AUN
    return VIGENTE


def _untrusted_reason(reporte: ReporteFirma) -> str:
    """Why the chain was not accepted, said plainly when it is the certificate's validity at signing time."""
    if reporte.vigencia == VENCIDO:
        return f"El certificado del firmante estaba vencido al firmar: venció el {fecha_local(reporte.vigente_hasta)}."
    if reporte.vigencia == NO_VIGENTE_AUN:
        desde = fecha_local(reporte.vigente_desde)
        return f"El certificado del firmante aún no era vigente al firmar (lo es desde el {desde})."
    return "La cadena del certificado no llega a una autoridad certificadora de confianza."


async def _validate_signature(emb, orden, reader, config, evidence, doc_ts) -> ReporteFirma:
    certs, ocsps, crls = evidence
    cert = emb.signer_cert
    datos = certificado_datos(certificado_load(cert.dump()))
    reporte = ReporteFirma(
        campo=emb.field_name,
        orden=orden,
        firmante=datos.titular,
        rfc=datos.rfc,
        curp=datos.curp,
        numero_certificado=datos.numero_certificado,
        serie_hex=datos.serie_hex,
        huella=datos.huella,
        emisor=datos.emisor,
        vigente_desde=datos.vigente_desde,
        vigente_hasta=datos.vigente_hasta,
        certificacion=emb.docmdp_level is not None,
        sello_ultimos8=base64.b64encode(emb.signer_info["signature"].native).decode()[-8:],
    )
    signed = {a["type"].native: a["values"][0] for a in emb.signer_info["signed_attrs"]}
    reporte.hash_firmado = signed["message_digest"].native.hex() if "message_digest" in signed else ""
    reporte.sello_tiempo = _timestamp_of(emb)
    extra = certs + list(emb.other_embedded_certs)
    # certvalidator treats OCSP responses about other certificates as a failed check (even in soft-fail mode),
    # so each signature only sees the responses about its own chain.
    serials = {cert.serial_number} | {c.serial_number for c in extra if c.ca}
    own_ocsps = [r for r in ocsps if _ocsp_serials(r) & serials]
    sig_context = validation_context(config, moment=reporte.sello_tiempo, certs=extra, ocsps=own_ocsps, crls=crls)
    ts_context = validation_context(config, certs=extra, ocsps=ocsps, crls=crls) if reporte.sello_tiempo else None
    status = await async_validate_pdf_signature(
        emb, signer_validation_context=sig_context, ts_validation_context=ts_context
    )
    trust = status
    ts_status = status.timestamp_validity
    if ts_status is not None:
        reporte.sello_tiempo_confiable = bool(ts_status.intact and ts_status.valid and ts_status.trusted)
        if not reporte.sello_tiempo_confiable:
            # An untrusted timestamp proves nothing: judge the chain now instead.
            now_context = validation_context(config, certs=extra, ocsps=own_ocsps, crls=crls)
            trust = await async_validate_pdf_signature(emb, signer_validation_context=now_context, skip_diff=True)
            reporte.mensajes.append(
                "El sello de tiempo no es de una autoridad de confianza: la fecha es solo declarada."
            )
    reporte.fecha_declarada = status.signer_reported_dt
    reporte.vigencia = _vigencia(reporte)
    reporte.intacta = bool(status.intact and status.valid)
    reporte.confiable = bool(trust.trusted)
    level = status.modification_level
    if not status.docmdp_ok or level is None:
        reporte.modificacion = OTRA
    elif level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        reporte.modificacion = NINGUNA
    elif level == ModificationLevel.FORM_FILLING:
        reporte.modificacion = LLENADO
    reporte.cobertura = {
        SignatureCoverageLevel.ENTIRE_FILE: "documento completo",
        SignatureCoverageLevel.ENTIRE_REVISION: "revisión completa (con actualizaciones posteriores)",
    }.get(status.coverage, "parcial")
    found = _revocation_for(cert, ocsps, crls)
    if trust.revoked or (found and found[0] == "revocado"):
        reporte.revocacion = "revocado"
    elif found:
        reporte.revocacion = "vigente"
    if found:
        reporte.revocacion_fuente, reporte.revocacion_fecha = found[1], found[2]
    # PAdES level from what the file carries.
    if emb.sig_object.get("/SubFilter") == "/ETSI.CAdES.detached":
        later_ts = [t for t in doc_ts if t.signed_revision > emb.signed_revision]
        nivel = "B-T" if reporte.sello_tiempo or later_ts else "B-B"
        if nivel == "B-T" and found:
            nivel = "B-LT"
            if any(_dss_has(reader, t.signed_revision, cert) for t in later_ts):
                nivel = "B-LTA"
        reporte.nivel = nivel
    if not reporte.intacta:
        reporte.mensajes.append("El documento fue alterado después de firmarse o la firma está dañada.")
    elif not reporte.confiable:
        reporte.mensajes.append(_untrusted_reason(reporte))
    if reporte.revocacion == "revocado":
        reporte.mensajes.append("El certificado del firmante está revocado.")
    if reporte.modificacion == OTRA:
        reporte.mensajes.append("El documento tiene cambios posteriores a la firma que no son firmas ni sellos.")
    return reporte


async def _validate_async(pdf: bytes, config: FirmaConfig) -> ReporteDocumento:
    reporte = ReporteDocumento(sha256=hashlib.sha256(pdf).hexdigest())
    if not pdf.lstrip()[:5].startswith(b"%PDF-"):
        reporte.error = "El archivo no es un PDF."
        return reporte
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = list(reader.embedded_regular_signatures)
        doc_ts = list(reader.embedded_timestamp_signatures)
        evidence = _evidence(reader)
    except (PdfError, KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        reporte.error = f"El PDF está dañado o mal formado: {pdf_error_text(exc)}."
        return reporte
    if not sigs:
        reporte.error = "El PDF no tiene firmas electrónicas."
        return reporte
    for orden, emb in enumerate(sigs, start=1):
        try:
            reporte.firmas.append(await _validate_signature(emb, orden, reader, config, evidence, doc_ts))
        except (SignatureValidationError, ValueError, KeyError, PdfError) as exc:
            reporte.firmas.append(
                ReporteFirma(campo=emb.field_name, orden=orden, mensajes=[f"Firma ilegible: {pdf_error_text(exc)}."])
            )
    certs, ocsps, crls = evidence
    for ts in doc_ts:
        context = validation_context(config, certs=certs, ocsps=ocsps, crls=crls)
        try:
            status = await async_validate_pdf_timestamp(ts, validation_context=context)
            intacto = bool(status.intact and status.valid)
            sello = SelloDocumento(ts.field_name, status.timestamp, intacto, bool(status.trusted))
        except (SignatureValidationError, ValueError, KeyError, PdfError):
            sello = SelloDocumento(ts.field_name, None, False, False)
        reporte.sellos_documento.append(sello)
    return reporte


def pdf_validate(pdf: bytes, config: FirmaConfig) -> ReporteDocumento:
    """Validate every signature and document timestamp of `pdf` (bytes); never raises for bad input."""
    try:
        return asyncio.run(_validate_async(pdf, config))
    except FirmaError as exc:
        return ReporteDocumento(sha256=hashlib.sha256(pdf).hexdigest(), error=exc.message)
