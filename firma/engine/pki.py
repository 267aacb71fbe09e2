"""Certificate builders on `cryptography`: the test PKI, the demo PKI and SAT-format `.key` files share them.

Nothing here talks to Django. Subjects follow the SAT e.firma shape (signature.md §4.3): CN = name = O = holder,
2.5.4.45 (x500UniqueIdentifier) = RFC as a PrintableString, 2.5.4.5 (serialNumber) = CURP.
"""

import datetime as dt
import os
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OID_NAME = x509.ObjectIdentifier("2.5.4.41")

# Certificate profiles: what extensions a leaf carries.
EFIRMA = "efirma"  # e.firma-like with our own AIA/CRL DP (institutional CA style)
SAT = "sat"  # exactly SAT's e.firma extension set: no AKI, SKI, SAN, AIA or CRL DP
SELLO = "sello"  # CSD: KU digitalSignature + nonRepudiation only, no EKU (subject carries an OU)
TSA = "tsa"
OCSP = "ocsp"


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def sat_serial(number: int) -> int:
    """SAT serials are 20 ASCII digits stored as the INTEGER's bytes (the "número de certificado")."""
    return int.from_bytes(f"{number:020d}".encode("ascii"), "big")


def sat_subject(*, nombre: str, rfc: str, curp: str, email: str = "", unidad: str = "") -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COMMON_NAME, nombre),
        x509.NameAttribute(OID_NAME, nombre),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, nombre),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
    ]
    if email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    # SAT encodes the RFC as PrintableString, which asn1crypto does not expect (see firma/engine/patches.py).
    attrs.append(x509.NameAttribute(NameOID.X500_UNIQUE_IDENTIFIER, rfc, _ASN1Type.PrintableString))
    attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, curp))
    if unidad:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unidad))
    return x509.Name(attrs)


def ca_subject(nombre: str, organizacion: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, nombre),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organizacion),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
        ]
    )


@dataclass(frozen=True)
class Emisor:
    """The issuing CA: its certificate and key (None for a self-signed root)."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey


def ca_certificate(
    *,
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    emisor: Emisor | None = None,
    path_length: int | None = None,
    ca_issuers_url: str = "",
    crl_url: str = "",
) -> x509.Certificate:
    issuer_name = emisor.cert.subject if emisor else subject
    signing_key = emisor.key if emisor else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if emisor:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(emisor.key.public_key()), critical=False
        )
    if ca_issuers_url:
        # Only caIssuers: an OCSP URL here that no responder answers breaks LTA validation (signature.md §2.1).
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(ca_issuers_url)
                    )
                ]
            ),
            critical=False,
        )
    if crl_url:
        builder = builder.add_extension(_crl_dp(crl_url), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def leaf_certificate(
    *,
    subject: x509.Name,
    public_key: rsa.RSAPublicKey,
    emisor: Emisor,
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    perfil: str,
    ocsp_url: str = "",
    crl_url: str = "",
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(emisor.cert.subject)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    if perfil == SAT:
        builder = builder.add_extension(_key_usage(sign=True, sat_extra=True), critical=False)
    else:
        builder = builder.add_extension(_key_usage(sign=True), critical=True)
    eku = {
        EFIRMA: [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH],
        SAT: [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH],
        TSA: [ExtendedKeyUsageOID.TIME_STAMPING],
        OCSP: [ExtendedKeyUsageOID.OCSP_SIGNING],
    }.get(perfil)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=perfil == TSA)
    if perfil == OCSP:
        builder = builder.add_extension(x509.OCSPNoCheck(), critical=False)
    if perfil != SAT:
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(emisor.key.public_key()), critical=False
        )
        if ocsp_url:
            builder = builder.add_extension(
                x509.AuthorityInformationAccess(
                    [
                        x509.AccessDescription(
                            x509.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url)
                        )
                    ]
                ),
                critical=False,
            )
        if crl_url:
            builder = builder.add_extension(_crl_dp(crl_url), critical=False)
    return builder.sign(emisor.key, hashes.SHA256())


def crl_build(
    *,
    emisor: Emisor,
    revocados: list[tuple[int, dt.datetime]],
    number: int,
    this_update: dt.datetime,
    next_update: dt.datetime,
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(emisor.cert.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(emisor.key.public_key()), critical=False)
    )
    for serial, when in revocados:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(when)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
    return builder.sign(emisor.key, hashes.SHA256())


def sat_key_der(key: rsa.RSAPrivateKey, password: bytes) -> bytes:
    """The private key as SAT ships it: PKCS#8 DER, PBES2 / PBKDF2-HMAC-SHA1 (2048 rounds, 8-byte salt) / 3DES-CBC.

    `cryptography` can only write PBES2 with AES; this reproduces SAT's exact structure so loaders meet the real thing.
    """
    plain = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    salt, iv = os.urandom(8), os.urandom(8)
    derived = PBKDF2HMAC(algorithm=hashes.SHA1(), length=24, salt=salt, iterations=2048).derive(password)  # noqa: S303
    padder = padding.PKCS7(64).padder()
    encryptor = Cipher(TripleDES(derived), modes.CBC(iv)).encryptor()
    encrypted = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    info = asn1_keys.EncryptedPrivateKeyInfo(
        {
            "encryption_algorithm": {
                "algorithm": "pbes2",
                "parameters": {
                    "key_derivation_func": {
                        "algorithm": "pbkdf2",
                        "parameters": {"salt": {"specified": salt}, "iteration_count": 2048},
                    },
                    "encryption_scheme": {"algorithm": "tripledes_3key", "parameters": iv},
                },
            },
            "encrypted_data": encrypted,
        }
    )
    return info.dump()


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _key_usage(*, cert_sign: bool = False, sign: bool = False, sat_extra: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign or cert_sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=sat_extra,
        key_agreement=sat_extra,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _crl_dp(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [
            x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(url)], relative_name=None, reasons=None, crl_issuer=None
            )
        ]
    )
