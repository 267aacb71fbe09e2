"""Sending a signed oficio: internal recipients find it in their unidad's bandeja de entrada; external ones get
an e-mail with the signed PDF (Django's mail API: SMTP when configured, the console otherwise). Then the
receiving unidades' acuses move it to recibido, and it is archivado.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from eoficio.models import EstadoOficio, Oficio
from eoficio.services.borradores import lock, require_autor
from eoficio.services.estados import estado_cambiar
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError
from sai.storage.services import blob_open


def oficio_email(*, oficio: Oficio) -> list[str]:
    """E-mail the signed PDF to the external recipients and c.c.p.; returns the addresses it went to."""
    externos = [d for d in oficio.destinatarios.filter(unidad__isnull=True) if d.email]
    if not externos:
        return []
    with blob_open(sha256=oficio.pdf_firmado_id, verify=True) as handle:
        pdf = handle.read()
    para = [d.email for d in externos if not d.copia]
    copia = [d.email for d in externos if d.copia]
    mensaje = EmailMessage(
        subject=f"{oficio.get_tipo_display()} {oficio.numero}: {oficio.asunto}",
        body=(
            f"Se le remite el {oficio.get_tipo_display().lower()} {oficio.numero} de {oficio.unidad.nombre}, "
            "firmado electrónicamente (PDF adjunto).\n\nEste mensaje fue enviado por SAI."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=para or copia,
        cc=copia if para else [],
    )
    mensaje.attach(f"{oficio.numero.replace('/', '-')}.pdf", pdf, "application/pdf")
    try:
        mensaje.send(fail_silently=False)
    except OSError as exc:  # smtplib errors are OSErrors: the server is down or refused the message
        raise ApplicationError(
            "No se pudo enviar el correo a los destinatarios externos; el oficio no se marcó como enviado.",
            errors={"destinatarios": [str(exc)]},
        ) from None
    return para + copia


@transaction.atomic
def oficio_send(*, actor, oficio: Oficio, ip=None) -> Oficio:
    """Firmado → enviado: the internal recipients see it in their bandeja; the external ones get the e-mail (if
    it fails, nothing is sent and the oficio stays firmado)."""
    oficio = lock(oficio)
    require_autor(actor, oficio)
    estado_cambiar(oficio, EstadoOficio.ENVIADO, accion="enviar")
    oficio.save(update_fields=["estado", "actualizado"])
    correos = oficio_email(oficio=oficio)
    internos = [d.unidad.siglas for d in oficio.destinatarios.filter(unidad__isnull=False).select_related("unidad")]
    audit_record(
        actor=actor,
        action="oficio.enviar",
        obj=oficio,
        data={"numero": oficio.numero, "unidades": internos, "correos": correos},
        ip=ip,
    )
    return oficio


@transaction.atomic
def oficio_archive(*, actor, oficio: Oficio, ip=None) -> Oficio:
    """Recibido (or enviado to outside only) → archivado, by the issuing unidad's drafter or titular."""
    oficio = lock(oficio)
    if oficio.estado == EstadoOficio.ENVIADO and oficio.destinatarios.filter(unidad__isnull=False).exists():
        raise ApplicationError("El oficio aún no tiene acuse de todos sus destinatarios internos.")
    require_autor(actor, oficio)
    estado_cambiar(oficio, EstadoOficio.ARCHIVADO, accion="archivar")
    oficio.save(update_fields=["estado", "actualizado"])
    audit_record(actor=actor, action="oficio.archivar", obj=oficio, data={"numero": oficio.numero}, ip=ip)
    return oficio
