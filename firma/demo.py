"""The demo PKI, so `make run` can sign for real: a demo CA and, for each demo user who may sign, a certificate and
a SAT-format `.key` (encrypted PKCS#8 DER, password DEMO_PASSWORD), with the certificate registered in SAI.

Files go to SAI_FIRMA_DEMO_DIR (default `firma-demo/` at the repository root, git-ignored). To trust the demo CA
when running SAI: SAI_FIRMA_RAICES=firma-demo/raiz.pem. The embedded default has no TSA, so also
SAI_FIRMA_NIVEL_DEFAULT=B-B (B-T and above need SAI_FIRMA_TSA_URL; B-LT also a revocation source).
"""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from firma.engine import pki
from firma.engine.certificates import certificado_datos
from firma.models import Certificado
from firma.selectors import firmantes_elegibles
from firma.services import certificado_register
from sai.org.demo import DEMO_USERNAMES

DEMO_PASSWORD = "12345678a"  # noqa: S105 - the public SAT test password, demo keys only
SERIAL_BASE = 30001000000700000000


@dataclass(frozen=True)
class Credencial:
    username: str
    cer: Path
    key: Path
    numero_certificado: str
    nueva: bool  # files generated or certificate registered in this run


def demo_dir() -> Path:
    return Path(getattr(settings, "SAI_FIRMA_DEMO_DIR", "") or settings.BASE_DIR / "firma-demo")


def _emisor(directorio: Path) -> pki.Emisor:
    cert_path, key_path = directorio / "raiz.pem", directorio / "raiz.key.pem"
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return pki.Emisor(cert, key)
    key = pki.rsa_key()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cert = pki.ca_certificate(
        subject=pki.ca_subject("SAI Demostracion AC", "Institucion de demostracion"),
        key=key,
        serial=pki.sat_serial(SERIAL_BASE),
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=3650),
        path_length=0,
    )
    key_path.write_bytes(pki.key_pem(key))
    key_path.chmod(0o600)
    cert_path.write_bytes(pki.pem(cert))
    return pki.Emisor(cert, key)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def _identidad(user) -> tuple[str, str, str]:
    """The demo user's name, RFC and CURP as their profile has them (deploy/samples/usuarios.csv): a certificate
    registers only to the person it names."""
    return _ascii(user.get_full_name() or user.get_username()), user.perfil.rfc, user.perfil.curp


def _emitir(emisor: pki.Emisor, user, n: int, cer_path: Path, key_path: Path) -> None:
    nombre, rfc, curp = _identidad(user)
    key = pki.rsa_key()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cert = pki.leaf_certificate(
        subject=pki.sat_subject(nombre=nombre, rfc=rfc, curp=curp, email=user.email or ""),
        public_key=key.public_key(),
        emisor=emisor,
        serial=pki.sat_serial(SERIAL_BASE + n),
        not_before=now - dt.timedelta(days=1),
        not_after=now + dt.timedelta(days=4 * 365),
        perfil=pki.EFIRMA,
    )
    key_path.write_bytes(pki.sat_key_der(key, DEMO_PASSWORD.encode()))
    key_path.chmod(0o600)
    cer_path.write_bytes(pki.der(cert))


def _rfc_curp(cer_path: Path) -> tuple[str, str]:
    datos = certificado_datos(x509.load_der_x509_certificate(cer_path.read_bytes()))
    return datos.rfc, datos.curp


@transaction.atomic
def demo_pki_ensure(directorio: Path | None = None) -> list[Credencial]:
    """Create what is missing (CA, per-user files, registrations); reuse everything else. Idempotent."""
    directorio = directorio or demo_dir()
    users = list(firmantes_elegibles().filter(username__in=DEMO_USERNAMES).order_by("pk"))
    if not users:
        return []
    directorio.mkdir(parents=True, exist_ok=True)
    emisor = _emisor(directorio)
    raiz = directorio / "raiz.pem"
    credenciales = []
    for user in users:
        n = DEMO_USERNAMES.index(user.username) + 1
        cer_path, key_path = directorio / f"{user.username}.cer", directorio / f"{user.username}.key"
        nueva = False
        # Files from before the profiles carried RFC and CURP name someone else: issue them again.
        if not (cer_path.exists() and key_path.exists()) or _rfc_curp(cer_path) != _identidad(user)[1:]:
            _emitir(emisor, user, n, cer_path, key_path)
            nueva = True
        cer = cer_path.read_bytes()
        datos = certificado_datos(x509.load_der_x509_certificate(cer))
        if not Certificado.objects.filter(huella=datos.huella).exists():
            with override_settings(
                SAI_FIRMA_RAICES=[str(raiz)], SAI_FIRMA_REVOCACION={}, SAI_FIRMA_REVOCACION_AIA=False
            ):
                certificado_register(actor=user, cer=cer)
            nueva = True
        credenciales.append(Credencial(user.username, cer_path, key_path, datos.numero_certificado, nueva))
    return credenciales


def demo_load() -> bool:
    """Called by `manage.py load_demo`: the demo PKI for the demo signers (False when nothing was missing)."""
    return any(c.nueva for c in demo_pki_ensure())
