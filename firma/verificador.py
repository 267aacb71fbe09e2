"""The public verifier of any signed PDF (/verifica/ and POST /api/v1/firma/verificar/): no login, nothing stored.

It reuses the engine's offline validation (one validator for the whole module) and adds one thing SAI knows: for
a signature SAI made, the cadena original and the sello, matched by the certificate and the signed digest (only
someone holding the signed bytes knows that pair) and checked again with the certificate's key. Nothing else about
SAI's own documents (their request, title, other signers) is looked up or shown.
"""

from dataclasses import dataclass, field

from django.core.cache import cache

from firma.engine.certificates import certificado_load
from firma.engine.original_string import sello_verify
from firma.engine.validation import ReporteDocumento, ReporteFirma
from firma.selectors import firma_por_huella_y_hash
from firma.services import firma_validate

MAX_PDF = 20 * 1024 * 1024
VERIFICACIONES_POR_MINUTO = 10
LIMITE_MENSAJE = "Demasiadas verificaciones desde su dirección; intente de nuevo en un minuto."


@dataclass(frozen=True)
class SelloSai:
    cadena_original: str
    sello: str
    verificado: bool  # the sello checks out with the key of the certificate that made the PAdES signature


@dataclass(frozen=True)
class FirmaRevisada:
    reporte: ReporteFirma
    sai: SelloSai | None = None


@dataclass
class VerificacionPdf:
    reporte: ReporteDocumento
    firmas: list[FirmaRevisada] = field(default_factory=list)

    @property
    def valido(self) -> bool:
        return self.reporte.valido


def limite_excedido(ip: str | None) -> bool:
    """A few uploads per minute and address (page and API together): validation is the expensive part."""
    key = f"firma:verificaciones:{ip or '-'}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > VERIFICACIONES_POR_MINUTO
    except ValueError:
        return False


def _sello_sai(reporte: ReporteFirma) -> SelloSai | None:
    if not (reporte.huella and reporte.hash_firmado):
        return None
    firma = firma_por_huella_y_hash(huella=reporte.huella, hash_firmado=reporte.hash_firmado)
    if firma is None:
        return None
    public = certificado_load(bytes(firma.certificado.der)).public_key()
    return SelloSai(firma.cadena_original, firma.sello, sello_verify(public, firma.cadena_original, firma.sello))


def pdf_verify(*, pdf: bytes, actor=None, ip: str | None = None) -> VerificacionPdf:
    """Every signature of an uploaded PDF as the engine reports it, plus the cadena and sello of SAI's own."""
    reporte = firma_validate(pdf=pdf, actor=actor, ip=ip)
    return VerificacionPdf(reporte, [FirmaRevisada(r, _sello_sai(r)) for r in reporte.firmas])
