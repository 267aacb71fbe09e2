"""The firma configuration as one typed object, read from django.conf.settings at call time.

Defaults come from sai/settings/firma.py, so the module works whether or not the project settings import it, and
tests can override any value with pytest-django's `settings` fixture.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sai.settings import firma as defaults

REFUSE, QUEUE = "refuse", "queue"


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

    def nivel_para(self, tipo: str | None = None) -> str:
        """The PAdES level for a document type (SAI_FIRMA_NIVELES), else the default."""
        return self.niveles.get(tipo or "", self.nivel_default)

    @property
    def trust_roots(self) -> tuple[x509.Certificate, ...]:
        return _load_certs(self.raices)

    @property
    def intermediate_certs(self) -> tuple[x509.Certificate, ...]:
        return _load_certs(self.intermedios)


def _setting(name: str):
    return getattr(settings, name, getattr(defaults, name))


def firma_config() -> FirmaConfig:
    return FirmaConfig(
        nivel_default=_setting("SAI_FIRMA_NIVEL_DEFAULT"),
        niveles=dict(_setting("SAI_FIRMA_NIVELES")),
        raices=tuple(_setting("SAI_FIRMA_RAICES")),
        intermedios=tuple(_setting("SAI_FIRMA_INTERMEDIOS")),
        tsa_url=_setting("SAI_FIRMA_TSA_URL"),
        revocacion=dict(_setting("SAI_FIRMA_REVOCACION")),
        revocacion_aia=_setting("SAI_FIRMA_REVOCACION_AIA"),
        on_service_failure=_setting("SAI_FIRMA_ON_SERVICE_FAILURE"),
        http_timeout=_setting("SAI_FIRMA_HTTP_TIMEOUT"),
        bytes_reservados=_setting("SAI_FIRMA_BYTES_RESERVADOS"),
        site_url=getattr(settings, "SAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
    )


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
            raise ImproperlyConfigured(f"firma: no existe el certificado de confianza {raw!r}")
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
                raise ImproperlyConfigured(f"firma: {name} no es un certificado X.509 (PEM o DER)") from None
    return tuple(certs)
