"""From aprobado to signed: competence, number, the final PDF and the signing request, all in one transaction.

Why the number is assigned when the oficio is sent to signature (aprobado → por firmar), not at the last
signature: the number must be printed in the PDF that is signed, and a PAdES signature covers the bytes, so the
PDF cannot change after the first signer. The number is therefore taken (`numero_siguiente`, a locked counter
row), the PDF rendered with it and the firma request created in the same transaction: if anything fails, all of
it rolls back and the number is given back (no gap). Once committed, the number is spent: if the request is then
cancelled or declined, the number is voided with its reason (`numero_anular`) and the oficio returns to aprobado
without a number; a new request takes a new one. Numbers are never reused, and deleted drafts never had one.
"""

import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from earchivo.services.documentos import documento_append
from earchivo.services.expedientes import lock_expediente, require_abierto
from earchivo.services.tipos import tipo_documental_ensure
from eoficio.models import TIPO_DOCUMENTAL, EstadoOficio, Oficio, Plantilla
from eoficio.models.configuracion import PATRON_NUMERO
from eoficio.selectors.competencias import competencia_refusal
from eoficio.services.borradores import lock, require_autor
from eoficio.services.estados import estado_cambiar
from eoficio.services.plantillas import numero_format
from eoficio.services.render import oficio_pdf
from firma.services import solicitud_create
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError
from sai.numeracion.services import ambito, numero_anular, numero_siguiente
from sai.storage.services import blob_open, blob_put

FIRMABLE = "eoficio.oficio"


def firmantes_refusals(oficio: Oficio, fecha=None) -> list[str]:
    return [
        refusal
        for firmante in oficio.firmantes.select_related("usuario", "suplencia__titular")
        if (refusal := competencia_refusal(oficio=oficio, firmante=firmante, fecha=fecha))
    ]


def _numero(oficio: Oficio, fecha) -> tuple[str, str, int]:
    plantilla = Plantilla.objects.filter(unidad=oficio.unidad_id).first()
    patron = plantilla.patron(oficio.tipo) if plantilla else PATRON_NUMERO
    clave = ambito("oficio", oficio.unidad.siglas, oficio.tipo)
    consecutivo = numero_siguiente(ambito=clave, anio=fecha.year)
    numero = numero_format(
        patron, siglas=oficio.unidad.siglas, consecutivo=consecutivo, anio=fecha.year, tipo=oficio.tipo
    )
    return numero, clave, consecutivo


@transaction.atomic
def oficio_request_signature(*, actor, oficio: Oficio, nivel: str | None = None, ip=None) -> Oficio:
    """Approved → por firmar: check every signer's competence today, number it, render the final PDF with the
    number and ask firma for the signatures in order."""
    oficio = lock(oficio)
    require_autor(actor, oficio)
    estado_cambiar(oficio, EstadoOficio.POR_FIRMAR, accion="enviar a firma")
    fecha = timezone.localdate()
    if problemas := firmantes_refusals(oficio, fecha):
        raise ApplicationError("Firma fuera de competencia: " + " ".join(problemas), errors={"firmantes": problemas})
    oficio.numero, oficio.ambito_numero, oficio.consecutivo = _numero(oficio, fecha)
    oficio.anio, oficio.fecha = fecha.year, fecha
    oficio.pdf = blob_put(fileobj=io.BytesIO(oficio_pdf(oficio=oficio, numero=oficio.numero, fecha=fecha)))
    oficio.save()
    solicitud_create(
        actor=actor,
        firmable_tipo=FIRMABLE,
        firmable_id=oficio.pk,
        firmantes=[(f.usuario, f.cargo) for f in oficio.firmantes.select_related("usuario")],
        folio=oficio.numero,
        unidad_emisora=oficio.unidad.nombre,
        nivel=nivel,
        ip=ip,
    )
    audit_record(
        actor=actor,
        action="oficio.enviar_firma",
        obj=oficio,
        data={"numero": oficio.numero, "sha256": oficio.pdf_id},
        ip=ip,
    )
    return oficio


def oficio_signable_check(oficio: Oficio) -> None:
    if oficio.estado != EstadoOficio.POR_FIRMAR:
        raise ApplicationError(f"El oficio no está por firmar: está en estado «{oficio.get_estado_display()}».")
    if oficio.expediente.estado != oficio.expediente.Estado.ABIERTO:
        raise ApplicationError(f"El expediente {oficio.expediente.clave} está cerrado: el oficio no puede firmarse.")


def oficio_signed(*, oficio_id: int, blob, folio: str, creada_por_id: int, actor) -> Oficio:
    """firma's `on_signed`: the oficio is firmado (immutable from now on) and filed in its expediente."""
    oficio = Oficio.objects.select_for_update().select_related("unidad", "expediente").get(pk=oficio_id)
    if oficio.estado != EstadoOficio.POR_FIRMAR:
        return oficio  # a re-timestamped PDF of an oficio already filed: the archive keeps the first one
    estado_cambiar(oficio, EstadoOficio.FIRMADO, accion="registrar la firma")
    actor = actor or get_user_model().objects.get(pk=creada_por_id)
    expediente = lock_expediente(oficio.expediente)
    require_abierto(
        expediente, f"El expediente {expediente.clave} está cerrado: el oficio firmado no puede archivarse."
    )
    with blob_open(sha256=blob.pk, verify=True) as handle:
        contenido = io.BytesIO(handle.read())
    documento = documento_append(
        actor=actor,
        expediente=expediente,
        fileobj=contenido,
        filename=f"{oficio.numero.replace('/', '-')}.pdf",
        motivo=f"Oficio firmado electrónicamente ({folio})",
        tipo_documental=tipo_documental_ensure(nombre=TIPO_DOCUMENTAL[oficio.tipo], actor=actor),
        titulo=f"{oficio.get_tipo_display()} {oficio.numero}: {oficio.asunto}"[:500],
        fecha=oficio.fecha or timezone.localdate(),
        autor=oficio.unidad.nombre,
        destinatario=", ".join(str(d) for d in oficio.destinatarios.filter(copia=False))[:255],
    )
    oficio.pdf_firmado, oficio.documento = blob, documento
    oficio.save(update_fields=["estado", "pdf_firmado", "documento", "actualizado"])
    audit_record(actor=actor, action="oficio.firmado", obj=oficio, data={"numero": oficio.numero, "sha256": blob.pk})
    return oficio


def oficio_signature_cancelled(*, oficio_id: int, folio: str, motivo: str, creada_por_id: int, actor) -> Oficio:
    """firma's `on_cancelled`: void the number with the reason and return the oficio to aprobado, unnumbered."""
    oficio = Oficio.objects.select_for_update().get(pk=oficio_id)
    actor = actor or get_user_model().objects.get(pk=creada_por_id)
    numero_anular(
        actor=actor,
        ambito=oficio.ambito_numero,
        anio=oficio.anio,
        numero=oficio.consecutivo,
        motivo=f"Solicitud de firma {folio} cancelada o rechazada: {motivo or 'sin motivo'}",
    )
    estado_cambiar(oficio, EstadoOficio.APROBADO, accion="cancelar la firma")
    anulado = oficio.numero
    oficio.numero, oficio.ambito_numero, oficio.consecutivo, oficio.anio, oficio.fecha = "", "", None, None, None
    oficio.save()
    audit_record(actor=actor, action="oficio.firma_cancelada", obj=oficio, data={"numero_anulado": anulado})
    return oficio
