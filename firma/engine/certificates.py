"""SAT `.cer` / `.key` handling: read the holder's identity, tell e.firma from CSD, load and match the key.

Every refusal is a CertificadoError / LlaveError with a stable `codigo` and a Spanish message naming the reason.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from firma.engine.errors import CertificadoError, LlaveError

EFIRMA, SELLO = "efirma", "sello"
_FIEL_EKUS = {ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION}


@dataclass(frozen=True)
class DatosCertificado:
    """What SAI shows about a certificate (signature.md §4.3, §5)."""

    titular: str
    rfc: str
    rfc_representante: str
    curp: str
    curp_representante: str
    email: str
    numero_certificado: str  # SAT: the serial's bytes read as ASCII (20 digits); "" when not SAT-style
    serie_hex: str
    emisor: str  # issuer CN
    emisor_dn: str
    vigente_desde: dt.datetime
    vigente_hasta: dt.datetime
    tipo: str  # EFIRMA | SELLO
    huella: str  # SHA-256 of the DER, hex


def fecha_local(moment: dt.datetime) -> str:
    """A time for a message, in the process's local zone: Django sets it to TIME_ZONE, the institution's."""
    local = moment.astimezone()
    return f"{local:%d/%m/%Y %H:%M} {local.tzname()}"


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    if not values:
        return ""
    value = values[0].value
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _split(value: str) -> tuple[str, str]:
    """SAT puts "holder / representative" in 2.5.4.45 and 2.5.4.5 for legal persons and CSDs."""
    left, _, right = value.partition("/")
    return left.strip(), right.strip()


def numero_certificado(serial: int) -> str:
    raw = serial.to_bytes((serial.bit_length() + 7) // 8 or 1, "big")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return ""
    return text if text.isdigit() else ""


def certificado_tipo(cert: x509.Certificate) -> str:
    """e.firma (FIEL) carries EKU clientAuth/emailProtection and no OU; a CSD has no EKU or names a branch (OU)."""
    try:
        ekus = set(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        ekus = set()
    has_ou = bool(cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME))
    return EFIRMA if ekus & _FIEL_EKUS and not has_ou else SELLO


def certificado_load(cer: bytes) -> x509.Certificate:
    """A `.cer` as SAT delivers it (DER), or PEM for convenience."""
    if not cer:
        raise CertificadoError("Falta el archivo del certificado (.cer).", codigo="vacio")
    try:
        if cer.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(cer)
        return x509.load_der_x509_certificate(cer)
    except ValueError:
        raise CertificadoError(
            "El archivo no es un certificado X.509 válido (.cer en formato DER).", codigo="formato"
        ) from None


def certificado_datos(cert: x509.Certificate) -> DatosCertificado:
    rfc, rfc_rep = _split(_attr(cert.subject, NameOID.X500_UNIQUE_IDENTIFIER))
    curp, curp_rep = _split(_attr(cert.subject, NameOID.SERIAL_NUMBER))
    return DatosCertificado(
        titular=_attr(cert.subject, NameOID.COMMON_NAME) or _attr(cert.subject, x509.ObjectIdentifier("2.5.4.41")),
        rfc=rfc,
        rfc_representante=rfc_rep,
        curp=curp,
        curp_representante=curp_rep,
        email=_attr(cert.subject, NameOID.EMAIL_ADDRESS),
        numero_certificado=numero_certificado(cert.serial_number),
        serie_hex=f"{cert.serial_number:x}",
        emisor=_attr(cert.issuer, NameOID.COMMON_NAME) or cert.issuer.rfc4514_string(),
        emisor_dn=cert.issuer.rfc4514_string(),
        vigente_desde=cert.not_valid_before_utc,
        vigente_hasta=cert.not_valid_after_utc,
        tipo=certificado_tipo(cert),
        huella=hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest(),
    )


def certificado_check_firmante(cert: x509.Certificate, *, at: dt.datetime) -> DatosCertificado:
    """The local checks (no network): a signing certificate, not a CSD, within its validity at `at`."""
    datos = certificado_datos(cert)
    if datos.tipo == SELLO:
        raise CertificadoError(
            "El certificado es un Certificado de Sello Digital (CSD), que sirve para facturar; para firmar "
            "documentos use su e.firma.",
            codigo="sello",
        )
    try:
        basic = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        if basic.ca:
            raise CertificadoError("El certificado es de una autoridad certificadora, no de una persona.", codigo="ca")
    except x509.ExtensionNotFound:
        pass
    if at < datos.vigente_desde:
        raise CertificadoError(
            f"El certificado aún no es vigente: lo será a partir del {fecha_local(datos.vigente_desde)}.",
            codigo="no_vigente_aun",
        )
    if at > datos.vigente_hasta:
        raise CertificadoError(f"El certificado venció el {fecha_local(datos.vigente_hasta)}.", codigo="expirado")
    return datos


def llave_load(*, llave: bytes | bytearray, contrasena: str | bytes | bytearray) -> rsa.RSAPrivateKey:
    """Decrypt a SAT `.key` (PKCS#8 DER, encrypted) with its password. PEM is accepted too.

    RSA consistency checks are skipped for speed (48 ms → 1 ms, signature.md §3.2); llave_check_pair proves the key
    with a real signature instead.
    """
    if not llave:
        raise LlaveError("Falta el archivo de la llave privada (.key).", codigo="vacia")
    if not contrasena:
        raise LlaveError("Escriba la contraseña de la llave privada.", codigo="contrasena", campo="contrasena")
    password = contrasena.encode() if isinstance(contrasena, str) else bytes(contrasena)
    data = bytes(llave)
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(data, password, unsafe_skip_rsa_key_validation=True)
        else:
            key = serialization.load_der_private_key(data, password, unsafe_skip_rsa_key_validation=True)
    except TypeError:
        raise LlaveError(
            "La llave privada no está protegida con contraseña; use el archivo .key que entregó el SAT.",
            codigo="sin_contrasena",
        ) from None
    except (ValueError, UnsupportedAlgorithm) as exc:
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise LlaveError(
                "La contraseña de la llave privada es incorrecta.", codigo="contrasena", campo="contrasena"
            ) from None
        raise LlaveError("El archivo no es una llave privada válida (.key).", codigo="formato") from None
    finally:
        del password, data
    if not isinstance(key, rsa.RSAPrivateKey):
        raise LlaveError("Solo se admiten llaves RSA, como las de la e.firma del SAT.", codigo="algoritmo")
    return key


def llave_check_pair(key: rsa.RSAPrivateKey, cert: x509.Certificate) -> None:
    """The key belongs to the certificate: same public key, and a signature made with it verifies."""
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey) or public.public_numbers() != key.public_key().public_numbers():
        raise LlaveError("La llave privada (.key) no corresponde al certificado (.cer).", codigo="no_corresponde")
    reto = b"SAI: prueba de posesion de la llave"
    try:
        public.verify(key.sign(reto, padding.PKCS1v15(), hashes.SHA256()), reto, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise LlaveError("La llave privada está dañada: su firma no verifica.", codigo="danada") from None


def secreto_wipe(*buffers) -> None:
    """Overwrite mutable secret buffers (bytearray) in place. Immutable bytes cannot be wiped in Python."""
    for buffer in buffers:
        if isinstance(buffer, bytearray):
            buffer[:] = bytes(len(buffer))
