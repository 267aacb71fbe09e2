"""Two-phase signing services: prepare on the server, sign in the browser (WebCrypto), complete on the server.

The browser sends back only the raw RSA signature; the `.key` and its password never leave the signer's machine.
"""

import base64
import dataclasses
import datetime as dt

from django.db import transaction
from django.utils import timezone

from firma.conf import firma_config
from firma.engine import pades, two_phase
from firma.engine.certificates import certificado_load
from firma.engine.config import REFUSE
from firma.engine.errors import LlaveError, OrdenError
from firma.engine.original_string import sello_verify
from firma.engine.revocation import SIN_FUENTE, EvidenciaRevocacion
from firma.engine.trust import certificado_verify
from firma.models import Certificado, Firma, Firmante, SolicitudFirma
from firma.permissions import require_firmar
from firma.services.certificados import revocacion_registrada
from firma.services.firmables import solicitud_deliver
from firma.services.solicitudes import (
    MOTIVO,
    PREPARACION_VIGENCIA,
    _apariencia,
    _cadena,
    _certificado_propio,
    _en_orden,
    _registrar,
    _store,
    _verificar,
    pdf_read,
)
from sai.audit.services import audit_record


@dataclasses.dataclass(frozen=True)
class Preparacion:
    """What the browser needs: sign `atributos` (DER) with RSASSA-PKCS1-v1_5 / SHA-256 before `expira`."""

    firmante_id: int
    atributos: bytes
    algoritmo: str
    expira: dt.datetime
    cadena: str  # the cadena original: sign it too (the sello), with the same key in the same step

    @property
    def atributos_b64(self) -> str:
        return base64.b64encode(self.atributos).decode("ascii")


def firma_prepare(*, actor, solicitud: SolicitudFirma, certificado: Certificado, ip: str | None = None) -> Preparacion:
    """Phase one of two-phase signing (the key stays in the browser). Preparing again replaces the previous one."""
    require_firmar(actor)
    config = firma_config()
    with revocacion_registrada(certificado=certificado, actor=actor, ip=ip), transaction.atomic():
        solicitud, firmante, suplencia = _en_orden(actor, solicitud)
        _certificado_propio(actor, certificado)
        cert = certificado_load(bytes(certificado.der))
        verificacion, pendiente = _verificar(cert, config, solicitud.nivel)
        ahora = timezone.now()
        cadena = _cadena(solicitud, verificacion, ahora, suplencia)
        preparado = two_phase.preparar(
            pdf_read(solicitud.actual_blob),
            cert=cert,
            cadena=verificacion.cadena,
            campo=firmante.campo,
            certificar=firmante.orden == 1,
            motivo=MOTIVO,
            apariencia=_apariencia(
                solicitud, firmante, verificacion, fecha=ahora, cadena=cadena, sello="", suplencia=suplencia
            ),
            config=config,
            con_sello=pades.nivel_rank(solicitud.nivel) >= pades.nivel_rank(pades.B_T),
        )
        evidencia = verificacion.revocacion
        firmante.estado = Firmante.Estado.PREPARADA
        firmante.preparado_blob = _store(preparado.pdf)
        firmante.preparado_base = solicitud.actual_blob
        firmante.preparado_certificado = certificado
        firmante.preparado_digest = preparado.digest
        firmante.preparado_rango = list(preparado.rango)
        firmante.preparado_atributos = preparado.atributos
        firmante.preparado_revocacion = {
            **evidencia.resumen(),
            "der": base64.b64encode(evidencia.der).decode("ascii"),
            "pendiente": pendiente,
        }
        firmante.preparado_en = ahora
        firmante.save()
        audit_record(
            actor=actor,
            action="firma.preparar",
            obj=solicitud,
            data={"orden": firmante.orden, "numero_certificado": verificacion.datos.numero_certificado},
            ip=ip,
        )
    return Preparacion(
        firmante.pk, preparado.atributos, two_phase.ALGORITMO, firmante.preparado_en + PREPARACION_VIGENCIA, cadena
    )


def _evidencia_guardada(data: dict) -> EvidenciaRevocacion:
    def when(key):
        return dt.datetime.fromisoformat(data[key]) if data.get(key) else None

    return EvidenciaRevocacion(
        data.get("estado", SIN_FUENTE),
        data.get("fuente", ""),
        data.get("url", ""),
        when("consultado"),
        when("revocado_en"),
        data.get("motivo", ""),
        base64.b64decode(data.get("der", "")),
    )


def firma_complete(*, actor, solicitud: SolicitudFirma, firma: bytes, sello: str, ip: str | None = None) -> Firma:
    """Phase two: embed the browser's raw RSA signature over the prepared attributes, then reach the level.

    `sello` is the browser's signature over the cadena original returned by phase one (base64), checked here.
    """
    require_firmar(actor)
    config = firma_config()
    with transaction.atomic():
        solicitud, firmante, suplencia = _en_orden(actor, solicitud)
        if firmante.estado != Firmante.Estado.PREPARADA or not firmante.preparado_atributos:
            raise OrdenError("Primero prepare la firma.", codigo="sin_preparar")
        if timezone.now() - firmante.preparado_en > PREPARACION_VIGENCIA:
            raise OrdenError("La preparación de la firma venció; prepárela de nuevo.", codigo="preparacion_vencida")
        if firmante.preparado_base_id != solicitud.actual_blob_id:
            raise OrdenError(
                "El documento cambió desde que se preparó la firma; prepárela de nuevo.", codigo="preparacion_obsoleta"
            )
        certificado = firmante.preparado_certificado
        cert = certificado_load(bytes(certificado.der))
        verificacion = certificado_verify(cert, config, revocacion=False)
        guardada = firmante.preparado_revocacion or {}
        verificacion = dataclasses.replace(verificacion, revocacion=_evidencia_guardada(guardada))
        preparado = two_phase.Preparado(
            pdf=pdf_read(firmante.preparado_blob),
            digest=bytes(firmante.preparado_digest),
            rango=tuple(firmante.preparado_rango),
            atributos=bytes(firmante.preparado_atributos),
        )
        two_phase.firma_externa_verify(cert, preparado.atributos, firma)
        cadena = _cadena(solicitud, verificacion, firmante.preparado_en, suplencia)
        if not sello_verify(cert.public_key(), cadena, sello):
            raise LlaveError(
                "El sello no es la firma de la cadena original con la llave del certificado.", codigo="sello_invalido"
            )
        nivel = solicitud.nivel
        ts = pades.timestamper(config) if pades.nivel_rank(nivel) >= pades.nivel_rank(pades.B_T) else None
        try:
            signed = two_phase.completar(preparado, cert=cert, cadena=verificacion.cadena, firma=firma, ts=ts)
            alcanzado = pades.B_T if ts else pades.B_B
            resultado = pades.subir_nivel(
                signed,
                alcanzado=alcanzado,
                campo=firmante.campo,
                nivel=nivel,
                config=config,
                cadena=verificacion.cadena,
                evidencia=verificacion.revocacion,
                revocacion_pendiente=guardada.get("pendiente", ""),
            )
        except pades.NETWORK_ERRORS as exc:
            if config.on_service_failure == REFUSE:
                raise pades.tsa_failure(exc) from None
            signed = two_phase.completar(preparado, cert=cert, cadena=verificacion.cadena, firma=firma, ts=None)
            resultado = pades.PdfFirmado(signed, pades.B_B, True, f"TSA no disponible: {exc or type(exc).__name__}")
        registrada = _registrar(
            actor=actor,
            solicitud=solicitud,
            firmante=firmante,
            certificado=certificado,
            resultado=resultado,
            verificacion=verificacion,
            modo=Firma.Modo.DOS_FASES,
            ip=ip,
            cadena=cadena,
            sello=sello,
            suplencia=suplencia,
        )
        solicitud_deliver(solicitud=solicitud, actor=actor, ip=ip)
        return registrada
