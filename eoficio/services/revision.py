"""Vistos buenos: the borrador goes to its reviewers (in a set order or in parallel); each approves or returns it
with changes. Every submission is frozen as a VersionOficio, so any two rounds can be compared. When every
reviewer approved, the oficio is aprobado; a return sends it back to borrador for the drafter.
"""

from django.db import transaction
from django.utils import timezone

from eoficio.models import EstadoOficio, Oficio, Revision, VersionOficio
from eoficio.permissions import BANDEJA
from eoficio.selectors.acceso import personas_de
from eoficio.services.borradores import lock, require_autor, require_estado
from eoficio.services.estados import estado_cambiar
from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError


@transaction.atomic
def revisores_set(*, actor, oficio: Oficio, revisores: list, en_orden: bool = True, ip=None) -> list[Revision]:
    """Name the reviewers of a borrador (people of the issuing unidad), in order or in parallel."""
    oficio = lock(oficio)
    require_autor(actor, oficio)
    require_estado(oficio, EstadoOficio.BORRADOR, accion="cambiar los revisores")
    problemas = []
    for user in revisores:
        nombre = user.get_full_name() or user.get_username()
        perfil = getattr(user, "perfil", None)
        if not (user.is_active and user.has_perm(BANDEJA)):
            problemas.append(f"{nombre} no tiene acceso a la bandeja.")
        elif perfil is None or perfil.unidad_id != oficio.unidad_id:
            problemas.append(f"{nombre} no pertenece a {oficio.unidad.siglas}.")
    if len({u.pk for u in revisores}) != len(revisores):
        problemas.append("Una persona aparece dos veces.")
    if problemas:
        raise ApplicationError("Revise los revisores.", errors={"revisores": problemas})
    oficio.revisiones.all().delete()
    filas = Revision.objects.bulk_create(
        Revision(oficio=oficio, revisor=user, orden=orden) for orden, user in enumerate(revisores, start=1)
    )
    oficio.revision_en_orden = en_orden
    oficio.save(update_fields=["revision_en_orden", "actualizado"])
    audit_record(
        actor=actor,
        action="oficio.revisores",
        obj=oficio,
        data={"revisores": [u.get_username() for u in revisores], "en_orden": en_orden},
        ip=ip,
    )
    return filas


def _completo(oficio: Oficio) -> dict[str, list[str]]:
    errors = {}
    if not oficio.asunto.strip():
        errors["asunto"] = ["Escriba el asunto."]
    if not oficio.cuerpo.strip():
        errors["cuerpo"] = ["Escriba el cuerpo del oficio."]
    if not oficio.destinatarios.filter(copia=False).exists():
        errors["destinatarios"] = ["Indique al menos un destinatario."]
    if not oficio.firmantes.exists():
        errors["firmantes"] = ["Indique quién firma."]
    return errors


def _snapshot(actor, oficio: Oficio) -> VersionOficio:
    numero = (oficio.versiones.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
    destinatarios = [
        {"nombre": d.nombre or str(d.unidad), "cargo": d.cargo, "institucion": d.institucion, "copia": d.copia}
        for d in oficio.destinatarios.select_related("unidad")
    ]
    return VersionOficio.objects.create(
        oficio=oficio,
        numero=numero,
        asunto=oficio.asunto,
        referencia=oficio.referencia,
        cuerpo=oficio.cuerpo,
        destinatarios=destinatarios,
        creada_por=actor,
    )


@transaction.atomic
def oficio_submit(*, actor, oficio: Oficio, ip=None) -> Oficio:
    """Send the borrador to its reviewers (a new round), or straight to aprobado when it has none."""
    oficio = lock(oficio)
    require_autor(actor, oficio)
    if errors := _completo(oficio):
        raise ApplicationError("El oficio está incompleto.", errors=errors)
    revisiones = oficio.revisiones.all()
    destino = EstadoOficio.EN_REVISION if revisiones.exists() else EstadoOficio.APROBADO
    estado_cambiar(oficio, destino, accion="enviar a revisión")
    version = _snapshot(actor, oficio)
    revisiones.update(estado=Revision.Estado.PENDIENTE, ronda=version.numero, comentario="", fecha=None)
    oficio.save(update_fields=["estado", "actualizado"])
    audit_record(
        actor=actor,
        action="oficio.enviar_revision",
        obj=oficio,
        data={"version": version.numero, "estado": destino},
        ip=ip,
    )
    return oficio


def _mi_revision(actor, oficio: Oficio) -> Revision:
    """The actor's pending review (theirs or a delegating titular's), and in order when the oficio says so."""
    require_estado(oficio, EstadoOficio.EN_REVISION, accion="revisar")
    revision = (
        oficio.revisiones.select_for_update()
        .filter(revisor__in=personas_de(actor), estado=Revision.Estado.PENDIENTE)
        .first()
    )
    if revision is None:
        if oficio.revisiones.filter(revisor__in=personas_de(actor)).exists():
            raise ConflictError("Usted ya revisó esta versión del oficio.")
        raise PermissionDeniedError("Usted no es revisor de este oficio.")
    if oficio.revision_en_orden:
        antes = oficio.revisiones.filter(orden__lt=revision.orden).exclude(estado=Revision.Estado.APROBADA).first()
        if antes is not None:
            quien = antes.revisor.get_full_name() or antes.revisor.get_username()
            raise ConflictError(f"Aún no le corresponde revisar: falta el visto bueno de {quien}.")
    return revision


@transaction.atomic
def revision_aprobar(*, actor, oficio: Oficio, comentario: str = "", ip=None) -> Oficio:
    oficio = lock(oficio)
    revision = _mi_revision(actor, oficio)
    revision.estado, revision.comentario, revision.fecha = Revision.Estado.APROBADA, comentario.strip(), timezone.now()
    revision.save(update_fields=["estado", "comentario", "fecha"])
    if not oficio.revisiones.exclude(estado=Revision.Estado.APROBADA).exists():
        estado_cambiar(oficio, EstadoOficio.APROBADO, accion="aprobar")
        oficio.save(update_fields=["estado", "actualizado"])
    audit_record(
        actor=actor,
        action="oficio.visto_bueno",
        obj=oficio,
        data={"version": revision.ronda, "comentario": revision.comentario, "estado": oficio.estado},
        ip=ip,
    )
    return oficio


@transaction.atomic
def revision_devolver(*, actor, oficio: Oficio, comentario: str, ip=None) -> Oficio:
    """Return the oficio to its drafter with the changes asked for (the comment is required)."""
    if not (comentario or "").strip():
        raise ApplicationError("Indique los cambios.", errors={"comentario": ["Explique qué debe cambiarse."]})
    oficio = lock(oficio)
    revision = _mi_revision(actor, oficio)
    revision.estado, revision.comentario, revision.fecha = Revision.Estado.DEVUELTA, comentario.strip(), timezone.now()
    revision.save(update_fields=["estado", "comentario", "fecha"])
    estado_cambiar(oficio, EstadoOficio.BORRADOR, accion="devolver")
    oficio.save(update_fields=["estado", "actualizado"])
    audit_record(
        actor=actor,
        action="oficio.devolver",
        obj=oficio,
        data={"version": revision.ronda, "comentario": revision.comentario},
        ip=ip,
    )
    return oficio
