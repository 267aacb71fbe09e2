"""What the public verification page shows (signature.md §5): the stored request, its signatures as validated now,
and the long-term data. Reads only; the page decides how much a reservado/confidencial document may reveal.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache

from firma.conf import firma_config
from firma.engine.retimestamp import ultimo_sello_vence
from firma.engine.validation import ReporteDocumento, ReporteFirma, pdf_validate
from firma.models import Firma, SolicitudFirma
from firma.selectors import firmable_de, firmas_de
from firma.services.resello import resello_dias
from firma.services.solicitudes import pdf_read
from sai.signing.registry import FirmableInfo

CACHE_SECONDS = 300


@dataclass
class FirmaVerificada:
    reporte: ReporteFirma
    registro: Firma | None  # what SAI recorded at signing time (cargo, revocation evidence)

    @property
    def cargo(self) -> str:
        return self.registro.firmante.cargo if self.registro else ""


@dataclass
class Verificacion:
    solicitud: SolicitudFirma
    publico: bool
    reporte: ReporteDocumento
    firmas: list[FirmaVerificada] = field(default_factory=list)
    ultimo_sello: dt.datetime | None = None
    sello_vence: dt.datetime | None = None
    proximo_resello: dt.datetime | None = None

    info: FirmableInfo | None = None  # the firmable as its owner describes it (None if the owner lost it)

    @property
    def valido(self) -> bool:
        return self.reporte.valido


def reporte_cached(pdf: bytes) -> ReporteDocumento:
    """Offline validation of fixed bytes: the same answer for a while, so reloading the page costs nothing."""
    key = "firma:reporte:" + hashlib.sha256(pdf).hexdigest()
    reporte = cache.get(key)
    if reporte is None:
        reporte = pdf_validate(pdf, firma_config())
        cache.set(key, reporte, CACHE_SECONDS)
    return reporte


def verificacion_build(*, solicitud: SolicitudFirma) -> Verificacion:
    pdf = pdf_read(solicitud.actual_blob)
    reporte = reporte_cached(pdf)
    registros = {f.campo: f for f in firmas_de(solicitud=solicitud)}
    info = firmable_de(solicitud)
    verificacion = Verificacion(
        solicitud=solicitud,
        publico=info is not None and info.publico,
        info=info,
        reporte=reporte,
        firmas=[FirmaVerificada(r, registros.get(r.campo)) for r in reporte.firmas],
    )
    fechas = [s.fecha for s in reporte.sellos_documento if s.fecha]
    verificacion.ultimo_sello = max(fechas) if fechas else None
    if solicitud.nivel == "B-LTA" and reporte.sellos_documento:
        verificacion.sello_vence = ultimo_sello_vence(pdf)
        if verificacion.sello_vence:
            verificacion.proximo_resello = verificacion.sello_vence - dt.timedelta(days=resello_dias())
    return verificacion


@dataclass(frozen=True)
class Cotejo:
    """An uploaded copy against the stored request: same bytes? and its own full validation."""

    sha256: str
    coincide: str  # "actual" | "anterior" | ""
    reporte: ReporteDocumento

    @property
    def identico(self) -> bool:
        return self.coincide == "actual"


def cotejo_hashes(*, solicitud: SolicitudFirma) -> dict[str, str]:
    """SHA-256 of the current signed PDF and of the earlier stages (after each signature)."""
    hashes = {sha: "anterior" for sha in solicitud.firmas.values_list("blob__sha256", flat=True)}
    hashes[solicitud.actual_blob.sha256] = "actual"
    return hashes
