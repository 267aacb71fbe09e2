"""Signing requests: render the PDF once, then each signer signs in order, server-side or in two phases.

Every write runs in one transaction with the request row locked, so two signers cannot race for the same PDF, and
a refusal (bad key, revoked certificate, unreachable TSA with policy "refuse") leaves nothing behind.
"""

import dataclasses
import datetime as dt
import io
import uuid

from django.db import transaction
from django.utils import timezone

from firma.conf import firma_config
from firma.engine import pades
from firma.engine.certificates import certificado_load, llave_check_pair, llave_load, secreto_wipe
from firma.engine.config import REFUSE, FirmaConfig
from firma.engine.errors import CertificadoError, OrdenError, ServicioNoDisponibleError
from firma.engine.original_string import cadena_original, sello_sign
from firma.engine.pdf import pdf_render
from firma.engine.revocation import REVOCADO, SIN_FUENTE, EvidenciaRevocacion, revocacion_check
from firma.engine.trust import Verificacion, certificado_verify, error_revocado
from firma.models import Certificado, Firma, Firmante, SolicitudFirma, Suplencia
from firma.permissions import require_firmar, require_solicitar
from firma.selectors import firmante_de
from firma.services.certificados import revocacion_registrada
from firma.services.firmables import firmable_for_request, firmable_signing_check, firmantes_check, solicitud_deliver
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.storage.models import Blob
from sai.storage.services import blob_open, blob_put

MOTIVO = "Firma electrónica del documento"
PREPARACION_VIGENCIA = dt.timedelta(minutes=15)


def pdf_read(blob: Blob) -> bytes:
    handle = blob_open(sha256=blob.sha256, verify=True)
    try:
        return handle.read()
    finally:
        handle.close()


def _store(pdf: bytes) -> Blob:
    return blob_put(fileobj=io.BytesIO(pdf))


def solicitud_create(
    *,
    actor,
    firmable_tipo: str,
    firmable_id: int,
    firmantes: list[tuple],
    folio: str,
    unidad_emisora: str = "",
    nivel: str | None = None,
    ip: str | None = None,
) -> SolicitudFirma:
    """Send a registered firmable's PDF to signature by `firmantes` [(user, cargo), ...] in that order.

    Renders the PDF once: QR + folio + verification URL on the last page and one empty field per signer.
    """
    require_solicitar(actor)
    _firmable, info = firmable_for_request(actor=actor, tipo=firmable_tipo, object_id=firmable_id)
    config = firma_config()
    nivel = (nivel or config.nivel_para(info.tipo_documental)).upper()
    if nivel not in pades.NIVELES:
        raise ApplicationError(
            "Nivel de firma no válido.", errors={"nivel": [f"use uno de {', '.join(pades.NIVELES)}"]}
        )
    if pades.nivel_rank(nivel) >= pades.nivel_rank(pades.B_T) and not config.tsa_url:
        raise ApplicationError(
            f"El nivel {nivel} no está disponible.",
            errors={
                "nivel": [
                    f"{nivel} requiere una autoridad de sellado de tiempo y no hay ninguna configurada "
                    "(SAI_FIRMA_TSA_URL); elija B-B o pida que se configure."
                ]
            },
        )
    if not folio.strip():
        raise ApplicationError("Falta el folio.", errors={"folio": ["escriba el folio o número de oficio"]})
    if not firmantes:
        raise ApplicationError("Indique al menos un firmante.", errors={"firmantes": ["la lista está vacía"]})
    users = [user.pk for user, _cargo in firmantes]
    if len(set(users)) != len(users):
        raise ApplicationError("Un firmante aparece dos veces.", errors={"firmantes": ["cada persona firma una vez"]})
    firmantes_check(tipo=firmable_tipo, object_id=firmable_id, usuarios=[user for user, _cargo in firmantes])
    if SolicitudFirma.objects.filter(
        firmable_tipo=firmable_tipo, firmable_id=firmable_id, estado=SolicitudFirma.Estado.EN_FIRMA
    ).exists():
        raise ConflictError("Este documento ya está en firma.")
    public_id = uuid.uuid4()
    rendered, campos = pdf_render(
        pdf=pdf_read(info.blob),
        firmantes=[(user.get_full_name() or user.get_username(), cargo or "") for user, cargo in firmantes],
        folio=folio.strip(),
        url=f"{config.site_url}/verifica/{public_id}",
        hoja_de_firmas=config.hoja_para(info.tipo_documental),
    )
    with transaction.atomic():
        blob = _store(rendered)
        solicitud = SolicitudFirma.objects.create(
            uuid=public_id,
            firmable_tipo=firmable_tipo,
            firmable_id=firmable_id,
            titulo=info.titulo[:500],
            folio=folio.strip(),
            unidad_emisora=unidad_emisora or info.unidad_emisora,
            nivel=nivel,
            base_blob=blob,
            actual_blob=blob,
            creada_por=actor,
        )
        Firmante.objects.bulk_create(
            Firmante(solicitud=solicitud, orden=i, usuario=user, cargo=cargo or "", campo=campo.nombre)
            for i, ((user, cargo), campo) in enumerate(zip(firmantes, campos, strict=True), start=1)
        )
        audit_record(
            actor=actor,
            action="firma.solicitud_crear",
            obj=solicitud,
            data={
                "uuid": str(public_id),
                "firmable": f"{firmable_tipo}:{firmable_id}",
                "folio": solicitud.folio,
                "nivel": nivel,
                "firmantes": [user.get_username() for user, _cargo in firmantes],
                "sha256_base": blob.sha256,
            },
            ip=ip,
        )
    return solicitud


def _en_orden(actor, solicitud: SolicitudFirma) -> tuple[SolicitudFirma, Firmante, Suplencia | None]:
    """Lock the request; the actor must be its next signer, or today's suplente of that signer (refuses out of
    order, twice, or when closed). Returns the suplencia the actor signs under, if any."""
    solicitud = SolicitudFirma.objects.select_for_update().get(pk=solicitud.pk)
    if solicitud.estado != SolicitudFirma.Estado.EN_FIRMA:
        raise OrdenError(f"La solicitud ya no está en firma ({solicitud.get_estado_display()}).", codigo="cerrada")
    firmable_signing_check(solicitud, actor)
    mine, suplencia = firmante_de(solicitud=solicitud, user=actor)
    if mine is None:
        raise PermissionDeniedError("Usted no es firmante de este documento.")
    if mine.estado == Firmante.Estado.FIRMADA:
        raise OrdenError("Usted ya firmó este documento.", codigo="ya_firmado")
    siguiente = solicitud.firmantes.exclude(estado=Firmante.Estado.FIRMADA).select_related("usuario").first()
    if siguiente.pk != mine.pk:
        quien = siguiente.usuario.get_full_name() or siguiente.usuario.get_username()
        raise OrdenError(
            f"Aún no le corresponde firmar: falta la firma de {quien} (firmante {siguiente.orden} del orden).",
            codigo="fuera_de_orden",
        )
    return solicitud, mine, suplencia


def _certificado_propio(actor, certificado: Certificado) -> None:
    if certificado.propietario_id != actor.pk:
        raise PermissionDeniedError("Solo puede firmar con un certificado registrado a su nombre.")
    if not certificado.activo:
        raise CertificadoError("El certificado está dado de baja en SAI.", codigo="inactivo")


def _verificar(cert, config: FirmaConfig, nivel: str) -> tuple[Verificacion, str]:
    """Chain and revocation now. Returns the evidence and, under policy "queue", why revocation is still pending."""
    verificacion = certificado_verify(cert, config, revocacion=False)
    evidencia, pendiente = EvidenciaRevocacion(SIN_FUENTE), ""
    if verificacion.cadena:
        try:
            evidencia = revocacion_check(cert, verificacion.cadena[0], config)
        except ServicioNoDisponibleError as exc:
            if config.on_service_failure == REFUSE:
                raise
            pendiente = exc.message
    if evidencia.estado == REVOCADO:
        raise error_revocado(evidencia)
    if evidencia.estado == SIN_FUENTE and not pendiente and pades.nivel_rank(nivel) >= pades.nivel_rank(pades.B_LT):
        raise CertificadoError(
            f"No hay fuente de revocación (OCSP o CRL) para el emisor «{verificacion.datos.emisor}»; el nivel {nivel} "
            "la requiere. Configúrela en SAI_FIRMA_REVOCACION.",
            codigo="sin_fuente_revocacion",
        )
    return dataclasses.replace(verificacion, revocacion=evidencia), pendiente


def _cadena(
    solicitud: SolicitudFirma, verificacion: Verificacion, fecha: dt.datetime, suplencia: Suplencia | None
) -> str:
    datos = verificacion.datos
    return cadena_original(
        folio=solicitud.folio,
        fecha=fecha,
        rfc=datos.rfc,
        curp=datos.curp,
        numero_certificado=datos.numero_certificado,
        sha256=solicitud.base_blob.sha256,
        unidad_emisora=solicitud.unidad_emisora,
        suplencia=suplencia.leyenda() if suplencia else "",
    )


def _apariencia(
    solicitud: SolicitudFirma,
    firmante: Firmante,
    verificacion: Verificacion,
    *,
    fecha: dt.datetime,
    cadena: str,
    sello: str,
    suplencia: Suplencia | None,
) -> pades.Apariencia:
    """What the signer's box on the hoja shows; the time in the institution's time zone, named."""
    local = timezone.localtime(fecha)
    datos = verificacion.datos
    return pades.Apariencia(
        nombre=datos.titular,
        cargo=firmante.cargo,
        rfc=datos.rfc,
        fecha=f"{local:%d/%m/%Y %H:%M:%S} ({local.tzname()})",
        curp=datos.curp,
        numero_certificado=datos.numero_certificado,
        nivel=solicitud.nivel,
        cadena_original=cadena,
        sello=sello,
        suplencia=suplencia.leyenda() if suplencia else "",
    )


def _registrar(
    *,
    actor,
    solicitud,
    firmante,
    certificado,
    resultado: pades.PdfFirmado,
    verificacion,
    modo,
    ip,
    cadena,
    sello,
    suplencia: Suplencia | None,
):
    detalles = pades.detalles(resultado.pdf, firmante.campo)
    blob = _store(resultado.pdf)
    datos = verificacion.datos
    firmado_en = detalles.firmado_en or timezone.now()
    firma = Firma.objects.create(
        solicitud=solicitud,
        firmante=firmante,
        usuario=actor,
        certificado=certificado,
        orden=firmante.orden,
        campo=firmante.campo,
        modo=modo,
        estado=Firma.Estado.PENDIENTE_NIVEL if resultado.pendiente else Firma.Estado.COMPLETA,
        nivel_solicitado=solicitud.nivel,
        nivel=resultado.nivel,
        pendiente_motivo=resultado.motivo_pendiente[:500],
        firmado_en=firmado_en,
        tsa_fecha=detalles.tsa_fecha,
        revocacion=verificacion.revocacion.resumen(),
        hash_firmado=detalles.hash_firmado,
        blob=blob,
        cadena_original=cadena,
        sello=sello,
        suplencia=suplencia,
    )
    Firmante.objects.filter(pk=firmante.pk).update(estado=Firmante.Estado.FIRMADA, preparado_atributos=None)
    solicitud.actual_blob = blob
    if not solicitud.firmantes.exclude(estado=Firmante.Estado.FIRMADA).exists():
        solicitud.estado, solicitud.completada = SolicitudFirma.Estado.FIRMADA, timezone.now()
    solicitud.save(update_fields=["actual_blob", "estado", "completada"])
    audit_record(
        actor=actor,
        action="firma.firmar",
        obj=firma,
        data={
            "solicitud": str(solicitud.uuid),
            "orden": firma.orden,
            "modo": modo,
            "nivel": firma.nivel,
            "nivel_solicitado": firma.nivel_solicitado,
            "pendiente": resultado.pendiente,
            "rfc": datos.rfc,
            "numero_certificado": datos.numero_certificado,
            "sha256_pdf": blob.sha256,
            "hash_firmado": firma.hash_firmado,
            "tsa_fecha": firma.tsa_fecha.isoformat() if firma.tsa_fecha else None,
            "revocacion": firma.revocacion,
            "suplencia": suplencia.leyenda() if suplencia else None,
        },
        ip=ip,
    )
    if resultado.pendiente:
        from firma.tasks import firma_completar_nivel_task

        transaction.on_commit(lambda: firma_completar_nivel_task.delay(firma.pk))
    return firma


def firma_sign(
    *, actor, solicitud: SolicitudFirma, certificado: Certificado, llave, contrasena, ip: str | None = None
) -> Firma:
    """Server-side signing for API integrations: the `.key` and its password serve this one call only.

    They are never stored nor logged; pass them as bytearray to have them overwritten when the call ends.
    """
    signer = None
    try:
        require_firmar(actor)
        config = firma_config()
        with revocacion_registrada(certificado=certificado, actor=actor, ip=ip), transaction.atomic():
            solicitud, firmante, suplencia = _en_orden(actor, solicitud)
            _certificado_propio(actor, certificado)
            cert = certificado_load(bytes(certificado.der))
            key = llave_load(llave=llave, contrasena=contrasena)
            llave_check_pair(key, cert)
            verificacion, pendiente = _verificar(cert, config, solicitud.nivel)
            fecha = timezone.now()
            cadena = _cadena(solicitud, verificacion, fecha, suplencia)
            sello = sello_sign(key, cadena)
            signer = pades.LlaveSigner(cert=cert, key=key, cadena=verificacion.cadena)
            del key
            resultado = pades.firmar(
                pdf_read(solicitud.actual_blob),
                signer=signer,
                campo=firmante.campo,
                certificar=firmante.orden == 1,
                motivo=MOTIVO,
                apariencia=_apariencia(
                    solicitud, firmante, verificacion, fecha=fecha, cadena=cadena, sello=sello, suplencia=suplencia
                ),
                nivel=solicitud.nivel,
                config=config,
                cadena=verificacion.cadena,
                evidencia=verificacion.revocacion,
                revocacion_pendiente=pendiente,
            )
            firma = _registrar(
                actor=actor,
                solicitud=solicitud,
                firmante=firmante,
                certificado=certificado,
                resultado=resultado,
                verificacion=verificacion,
                modo=Firma.Modo.SERVIDOR,
                ip=ip,
                cadena=cadena,
                sello=sello,
                suplencia=suplencia,
            )
            solicitud_deliver(solicitud=solicitud, actor=actor, ip=ip)
            return firma
    finally:
        if signer is not None:
            signer.olvidar()
        secreto_wipe(llave, contrasena)
