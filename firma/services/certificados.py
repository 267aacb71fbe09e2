"""Registering a signer's certificate: parsed, classified and checked before anyone can sign with it."""

import contextlib

from cryptography.hazmat.primitives import serialization
from django.db import transaction

from firma.conf import firma_config
from firma.engine.certificates import certificado_datos, certificado_load
from firma.engine.errors import CertificadoError, ServicioNoDisponibleError
from firma.engine.revocation import revocacion_check
from firma.engine.trust import certificado_verify
from firma.models import Certificado
from firma.permissions import require_firmar
from sai.audit.services import audit_record
from sai.core.exceptions import ConflictError


def certificado_register(*, actor, cer: bytes, ip: str | None = None) -> Certificado:
    """Register the actor's own `.cer`: refuses CSD, expired, not-yet-valid, untrusted and revoked certificates.

    If the revocation source cannot be reached the certificate is still registered (its status is checked again,
    strictly, at every signature).
    """
    require_firmar(actor)
    config = firma_config()
    cert = certificado_load(cer)
    verificacion = certificado_verify(cert, config, revocacion=False)
    revocacion = {"estado": "no_verificada"}
    if verificacion.cadena:
        try:
            evidencia = revocacion_check(cert, verificacion.cadena[0], config)
        except ServicioNoDisponibleError as exc:
            revocacion = {"estado": "no_verificada", "motivo": exc.message}
        else:
            revocacion = evidencia.resumen()
            if evidencia.estado == "revocado":
                certificado_verify(cert, config)  # raises the detailed "revocado" refusal
    datos = certificado_datos(cert)
    _titular_check(actor, datos)
    if Certificado.objects.filter(huella=datos.huella).exists():
        raise ConflictError("Este certificado ya está registrado.")
    with transaction.atomic():
        certificado = Certificado.objects.create(
            propietario=actor,
            der=cert.public_bytes(serialization.Encoding.DER),
            huella=datos.huella,
            tipo=datos.tipo,
            titular=datos.titular[:255],
            rfc=datos.rfc[:13],
            rfc_representante=datos.rfc_representante[:13],
            curp=datos.curp[:18],
            curp_representante=datos.curp_representante[:18],
            email=datos.email[:255],
            numero_certificado=datos.numero_certificado,
            serie_hex=datos.serie_hex,
            emisor=datos.emisor[:255],
            emisor_dn=datos.emisor_dn[:1000],
            vigente_desde=datos.vigente_desde,
            vigente_hasta=datos.vigente_hasta,
        )
        audit_record(
            actor=actor,
            action="firma.certificado_registrar",
            obj=certificado,
            data={
                "rfc": datos.rfc,
                "numero_certificado": datos.numero_certificado,
                "huella": datos.huella,
                "emisor": datos.emisor,
                "revocacion": revocacion,
            },
            ip=ip,
        )
    return certificado


def _titular_check(actor, datos) -> None:
    """An e.firma signs as its holder: it registers only to the person whose profile carries its RFC and CURP."""
    perfil = getattr(actor, "perfil", None)
    for campo, nombre in (("rfc", "RFC"), ("curp", "CURP")):
        propio, del_certificado = getattr(perfil, campo, ""), getattr(datos, campo).upper()
        if not del_certificado and campo == "curp":
            continue
        if not propio:
            mensaje = (
                f"Su perfil no tiene {nombre}: pida al administrador que lo registre antes de dar de alta su e.firma."
            )
        elif propio != del_certificado:
            mensaje = (
                f"El certificado es de otra persona: el {nombre} que trae ({del_certificado}) no coincide con el de "
                f"su perfil ({propio})."
            )
        else:
            continue
        raise CertificadoError(mensaje, codigo="titular")


def certificado_deactivate_revoked(*, certificado: Certificado, motivo: str, actor=None, ip: str | None = None) -> None:
    """A certificate found revoked when signing stops being offered as active (its own transaction: the refused
    signature's transaction is rolled back, this record must stay)."""
    with transaction.atomic():
        if Certificado.objects.filter(pk=certificado.pk, activo=True).update(activo=False):
            audit_record(
                actor=actor, action="firma.certificado_revocado", obj=certificado, data={"motivo": motivo}, ip=ip
            )


@contextlib.contextmanager
def revocacion_registrada(*, certificado: Certificado, actor, ip: str | None = None):
    """Around a signing step's transaction: a "revoked" refusal also deactivates the certificate (after rollback)."""
    try:
        yield
    except CertificadoError as exc:
        if exc.codigo == "revocado":
            certificado_deactivate_revoked(certificado=certificado, motivo=exc.message, actor=actor, ip=ip)
        raise
