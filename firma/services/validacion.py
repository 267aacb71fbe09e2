"""Validating a signed PDF (an uploaded copy or a stored version): the report the verification page renders."""

import hashlib

from firma.conf import firma_config
from firma.engine.validation import ReporteDocumento, pdf_validate
from sai.audit.services import audit_record


def firma_validate(*, pdf: bytes, actor=None, ip: str | None = None) -> ReporteDocumento:
    """Validate every signature of `pdf` offline. Never raises for bad input: the report says what is wrong."""
    reporte = pdf_validate(pdf, firma_config())
    audit_record(
        actor=actor,
        action="firma.validar",
        data={
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "valido": reporte.valido,
            "firmas": len(reporte.firmas),
            "error": reporte.error,
        },
        ip=ip,
    )
    return reporte
