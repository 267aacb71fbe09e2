"""The engine's configuration as one typed object. The Django side builds it from settings (firma.conf); scripts
and benchmarks build it directly, so the engine never reads Django settings itself.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509

REFUSE, QUEUE = "refuse", "queue"


class TrustStoreError(ValueError):
    """A configured trust anchor or intermediate file is missing or is not a certificate."""


@dataclass(frozen=True)
class FirmaConfig:
    nivel_default: str
    niveles: dict
    raices: tuple[str, ...]
    intermedios: tuple[str, ...]
    tsa_url: str
    revocacion: dict
    revocacion_aia: bool
    on_service_failure: str
    http_timeout: int
    bytes_reservados: int
    site_url: str
    widget_tipos: tuple[str, ...] = ()  # document types signed on a visible band of the last page, not a hoja

    def hoja_para(self, tipo: str | None = None) -> bool:
        """Whether a document type gets the hoja de firmas (the default) rather than the visible band."""
        return (tipo or "") not in self.widget_tipos

    def nivel_para(self, tipo: str | None = None) -> str:
        """The PAdES level for a document type (SAI_FIRMA_NIVELES), else the default."""
        return self.niveles.get(tipo or "", self.nivel_default)

    @property
    def trust_roots(self) -> tuple[x509.Certificate, ...]:
        return _load_certs(self.raices)

    @property
    def intermediate_certs(self) -> tuple[x509.Certificate, ...]:
        return _load_certs(self.intermedios)


def _load_certs(paths: tuple[str, ...]) -> tuple[x509.Certificate, ...]:
    """Certificates from files or folders (PEM bundles or DER), cached per (path, mtime) so edits are picked up."""
    files: list[tuple[str, float]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += [(str(p), p.stat().st_mtime) for p in sorted(path.iterdir()) if p.is_file()]
        elif path.is_file():
            files.append((str(path), path.stat().st_mtime))
        else:
            raise TrustStoreError(f"firma: no existe el certificado de confianza {raw!r}")
    return _load_files(tuple(files))


@lru_cache(maxsize=32)
def _load_files(files: tuple[tuple[str, float], ...]) -> tuple[x509.Certificate, ...]:
    certs: list[x509.Certificate] = []
    for name, _mtime in files:
        data = Path(name).read_bytes()
        if b"-----BEGIN CERTIFICATE-----" in data:
            certs += x509.load_pem_x509_certificates(data)
        else:
            try:
                certs.append(x509.load_der_x509_certificate(data))
            except ValueError:
                raise TrustStoreError(f"firma: {name} no es un certificado X.509 (PEM o DER)") from None
    return tuple(certs)
