"""The electronic acuse de recibo (domain.md §5.2): recipient, date and time, SHA-256 of what was received.

Stamped automatically the first time someone of a receiving unidad opens the oficio (page, PDF or API); it is
also a PDF/A constancia that the receiving unidad may sign through firma (`eoficio.acuse`). When every internal
recipient unidad has its acuse, the oficio is recibido.
"""

import io

from django.db import transaction
from django.utils import timezone
from reportlab.platypus import Paragraph, Spacer

from eoficio.models import AcuseRecibo, EstadoOficio, Oficio
from eoficio.selectors.acceso import ENVIADOS
from eoficio.services.estados import estado_cambiar
from firma.services import solicitud_create
from sai.audit.services import audit_record
from sai.core.exceptions import ConflictError, PermissionDeniedError
from sai.core.reports import pdf_build, pdf_styles
from sai.storage.services import blob_put

FIRMABLE = "eoficio.acuse"


def _constancia(oficio: Oficio, unidad, usuario, fecha, sha256: str) -> bytes:
    e = pdf_styles()
    nombre = usuario.get_full_name() or usuario.get_username()
    filas = [
        ("Oficio", f"{oficio.get_tipo_display()} {oficio.numero}"),
        ("Asunto", oficio.asunto),
        ("Unidad emisora", oficio.unidad.nombre),
        ("Unidad receptora", unidad.nombre),
        ("Recibido por", nombre),
        ("Fecha y hora de recepción", f"{timezone.localtime(fecha):%d/%m/%Y %H:%M:%S}"),
        ("SHA-256 del documento recibido", sha256),
    ]
    story = [Paragraph("Acuse de recibo electrónico", e["title"]), Spacer(1, 6)]
    story += [Paragraph(f"<b>{k}:</b> {v}", e["body"]) for k, v in filas]
    return pdf_build(story, title=f"Acuse de recibo {oficio.numero}")


def _unidades_destino(oficio: Oficio) -> set[int]:
    return set(oficio.destinatarios.filter(copia=False, unidad__isnull=False).values_list("unidad_id", flat=True))


@transaction.atomic
def acuse_stamp(*, actor, oficio: Oficio, ip=None) -> AcuseRecibo | None:
    """The actor's unidad acknowledges receipt if it is a recipient and has not yet: returns the new acuse."""
    unidad_id = getattr(getattr(actor, "perfil", None), "unidad_id", None)
    if oficio.estado not in ENVIADOS or unidad_id not in _unidades_destino(oficio):
        return None
    oficio = Oficio.objects.select_for_update().select_related("unidad").get(pk=oficio.pk)
    if oficio.acuses.filter(unidad_id=unidad_id).exists():
        return None
    fecha, unidad = timezone.now(), actor.perfil.unidad
    pdf = _constancia(oficio, unidad, actor, fecha, oficio.pdf_firmado_id)
    acuse = AcuseRecibo.objects.create(
        oficio=oficio,
        unidad=unidad,
        recibido_por=actor,
        sha256=oficio.pdf_firmado_id,
        pdf=blob_put(fileobj=io.BytesIO(pdf)),
    )
    if oficio.estado == EstadoOficio.ENVIADO and not _unidades_destino(oficio) - set(
        oficio.acuses.values_list("unidad_id", flat=True)
    ):
        estado_cambiar(oficio, EstadoOficio.RECIBIDO, accion="registrar la recepción")
        oficio.save(update_fields=["estado", "actualizado"])
    audit_record(
        actor=actor,
        action="oficio.acuse",
        obj=oficio,
        data={"unidad": unidad.siglas, "sha256": acuse.sha256, "estado": oficio.estado},
        ip=ip,
    )
    return acuse


@transaction.atomic
def acuse_request_signature(*, actor, acuse: AcuseRecibo, nivel: str | None = None, ip=None):
    """Someone of the receiving unidad signs its acuse (firma's request, one signer: themselves)."""
    if getattr(getattr(actor, "perfil", None), "unidad_id", None) != acuse.unidad_id:
        raise PermissionDeniedError("Solo la unidad receptora firma su acuse de recibo.")
    if acuse.pdf_firmado_id:
        raise ConflictError("El acuse ya está firmado.")
    return solicitud_create(
        actor=actor,
        firmable_tipo=FIRMABLE,
        firmable_id=acuse.pk,
        firmantes=[(actor, actor.perfil.cargo)],
        folio=f"Acuse {acuse.oficio.numero} {acuse.unidad.siglas}",
        unidad_emisora=acuse.unidad.nombre,
        nivel=nivel,
        ip=ip,
    )


@transaction.atomic
def acuse_signed(*, acuse_id: int, blob, actor) -> AcuseRecibo:
    acuse = AcuseRecibo.objects.select_for_update().get(pk=acuse_id)
    if acuse.pdf_firmado_id is None:
        acuse.pdf_firmado = blob
        acuse.save(update_fields=["pdf_firmado"])
        audit_record(actor=actor, action="oficio.acuse_firmado", obj=acuse.oficio, data={"sha256": blob.pk})
    return acuse
