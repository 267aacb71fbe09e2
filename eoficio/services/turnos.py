"""Turnos: sending an asunto to unidades (or people) to attend it, and following it until it is concluded.

Who turns: oficialía de partes of the registering unidad turns the registro itself; a unidad holding an open
(non-c.c.) turno re-turns it to others, as children of its own turno, whose deadline they cannot outlive.
Deadlines are business days counted from the day the turno counts as received (`recepcion_efectiva`).
States: turnado → en atención → atendido, and every open turno becomes concluido when the asunto concludes.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from eoficio.models import Instruccion, Registro, Turno
from eoficio.permissions import (
    CONCLUIR_ASUNTO,
    TURNAR_ASUNTO,
    es_oficialia_de,
    require_turno_propio,
    unidad_de,
)
from sai.audit.services import audit_record
from sai.calendario.services import Calendario
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.search.services.indexing import search_enqueue

# The usual instrucciones (domain.md §5.2); seeded after migrate, editable in the admin.
INSTRUCCIONES = (
    ("Para su atención", True),
    ("Para atención y respuesta directa", True),
    ("Para respuesta directa", True),
    ("Preparar respuesta para firma del titular", True),
    ("Para opinión", True),
    ("Para su trámite procedente", True),
    ("Para su conocimiento", False),
    ("Para archivo", False),
)


def instrucciones_sembrar(**kwargs) -> None:
    """Create the usual instrucciones that are missing (idempotent; runs after migrate)."""
    for nombre, requiere_respuesta in INSTRUCCIONES:
        Instruccion.objects.get_or_create(nombre=nombre, defaults={"requiere_respuesta": requiere_respuesta})


@dataclass(frozen=True)
class Destino:
    """One destination of a turno: a unidad, optionally a person in it; `copia` = c.c. for knowledge."""

    unidad: object
    destinatario: object = None
    copia: bool = False


def _require_puede_turnar(actor, registro: Registro, padre: Turno | None) -> None:
    require_perm(actor, TURNAR_ASUNTO, "No tiene permiso para turnar asuntos.")
    if registro.estado == Registro.Estado.CONCLUIDO:
        raise ConflictError(f"El asunto {registro.folio} ya está concluido: no admite turnos.")
    if padre is None:
        if not es_oficialia_de(actor, registro):
            raise PermissionDeniedError("Sólo la oficialía de partes que lo registró turna este documento.")
        return
    if padre.registro_id != registro.id:
        raise ApplicationError("El turno de origen es de otro asunto.", errors={"padre": ["No pertenece al asunto."]})
    require_turno_propio(actor, padre, "Sólo la unidad a la que se turnó puede volver a turnarlo.")
    if padre.copia:
        raise ConflictError("Una copia para conocimiento no se vuelve a turnar.")
    if not padre.abierto:
        raise ConflictError(f"El turno de origen está {padre.get_estado_display().lower()}: no se vuelve a turnar.")


def _validate(destinos, instruccion, plazo_dias, fecha_limite, padre) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not destinos:
        errors["destinos"] = ["Indique al menos una unidad destinataria."]
    for destino in destinos:
        if destino.destinatario is not None:
            perfil = getattr(destino.destinatario, "perfil", None)
            if perfil is None or perfil.unidad_id != destino.unidad.id:
                errors.setdefault("destinos", []).append(
                    f"{destino.destinatario.get_username()} no pertenece a {destino.unidad.siglas}."
                )
    if instruccion is None or not instruccion.activa:
        errors["instruccion"] = ["Elija una instrucción del catálogo."]
    if any(not d.copia for d in destinos):
        if plazo_dias is None or plazo_dias < 1:
            errors["plazo_dias"] = ["Indique el plazo en días hábiles (1 o más)."]
        elif padre is not None and fecha_limite > padre.fecha_limite:
            errors["plazo_dias"] = [
                f"El re-turno vencería el {fecha_limite:%d/%m/%Y}, después del turno que lo origina "
                f"(vence el {padre.fecha_limite:%d/%m/%Y}); un re-turno no puede exceder el plazo de su origen."
            ]
    return errors


@transaction.atomic
def turno_create(
    *,
    actor,
    registro: Registro,
    destinos: list[Destino],
    instruccion: Instruccion | None,
    plazo_dias: int | None = None,
    prioridad: str = Turno.Prioridad.ORDINARIA,
    observaciones: str = "",
    padre: Turno | None = None,
    ip: str | None = None,
) -> list[Turno]:
    """Turn (or re-turn, under `padre`) the asunto to each destination; c.c. destinations get no deadline."""
    registro = Registro.objects.select_for_update().get(pk=registro.pk)
    _require_puede_turnar(actor, registro, padre)
    ahora = timezone.now()
    calendario = Calendario()
    fecha_limite = None
    if plazo_dias is not None and plazo_dias >= 1:
        fecha_limite = calendario.sumar(calendario.recepcion_efectiva(ahora), plazo_dias)
    errors = _validate(destinos, instruccion, plazo_dias, fecha_limite, padre)
    if prioridad not in Turno.Prioridad.values:
        errors["prioridad"] = ["Elija ordinaria o urgente."]
    if errors:
        raise ApplicationError("Revise los datos del turno.", errors=errors)
    origen = unidad_de(actor) or registro.unidad
    turnos = []
    for destino in destinos:
        turno = Turno.objects.create(
            registro=registro,
            origen=origen,
            padre=padre,
            unidad=destino.unidad,
            destinatario=destino.destinatario,
            copia=destino.copia,
            instruccion=instruccion,
            prioridad=prioridad,
            plazo_dias=None if destino.copia else plazo_dias,
            fecha_limite=None if destino.copia else fecha_limite,
            observaciones=(observaciones or "").strip(),
            turnado_por=actor,
            turnado=ahora,
        )
        audit_record(
            actor=actor,
            action="turno.crear",
            obj=turno,
            data={
                "folio": registro.folio,
                "unidad": destino.unidad.siglas,
                "destinatario": destino.destinatario.get_username() if destino.destinatario else "",
                "copia": destino.copia,
                "instruccion": instruccion.nombre,
                "prioridad": prioridad,
                "fecha_limite": turno.fecha_limite,
                "padre": padre.pk if padre else None,
            },
            ip=ip,
        )
        turnos.append(turno)
    if registro.estado == Registro.Estado.RECIBIDO:
        registro.estado = Registro.Estado.TURNADO
        registro.save(update_fields=["estado"])
    search_enqueue(registro)
    return turnos


def turno_acusar(*, actor, turno: Turno, ip: str | None = None) -> bool:
    """The receiving unidad's acuse: stamped the first time someone of it (or the named person) opens the turno.
    Returns whether this call stamped it; anyone else opening it changes nothing."""
    unidad = unidad_de(actor)
    propio = turno.destinatario_id == actor.id or (unidad is not None and turno.unidad_id == unidad.id)
    if not propio or turno.acuse is not None:
        return False
    with transaction.atomic():
        if not Turno.objects.filter(pk=turno.pk, acuse__isnull=True).update(acuse=timezone.now(), acuse_por=actor):
            return False  # a colleague opened it a moment earlier
        turno.refresh_from_db(fields=["acuse", "acuse_por"])
        audit_record(actor=actor, action="turno.acuse", obj=turno, data={"folio": turno.registro.folio}, ip=ip)
    return True


# Which states each state may move to by the receiving unidad's hand (concluido comes only with the asunto).
TRANSICIONES = {
    Turno.Estado.TURNADO: (Turno.Estado.EN_ATENCION, Turno.Estado.ATENDIDO),
    Turno.Estado.EN_ATENCION: (Turno.Estado.ATENDIDO,),
}


@transaction.atomic
def turno_estado_cambiar(*, actor, turno: Turno, estado: str, nota: str = "", ip: str | None = None) -> Turno:
    """Move a turno forward (en atención, atendido); atendido needs a note saying how it was attended."""
    turno = Turno.objects.select_for_update().select_related("registro").get(pk=turno.pk)
    require_turno_propio(actor, turno, "Sólo la unidad a la que se turnó cambia el estado del turno.")
    if turno.copia:
        raise ConflictError("Una copia para conocimiento no se atiende: sólo se acusa de recibido.")
    if estado not in TRANSICIONES.get(turno.estado, ()):
        destino = dict(Turno.Estado.choices).get(estado, estado)
        raise ConflictError(
            f"Un turno {turno.get_estado_display().lower()} no puede pasar a {str(destino).lower()}.",
            errors={"estado": [f"Desde {turno.get_estado_display().lower()} no se pasa a {str(destino).lower()}."]},
        )
    nota = (nota or "").strip()
    if estado == Turno.Estado.ATENDIDO and not nota:
        raise ApplicationError("Indique cómo se atendió.", errors={"nota": ["Este campo es obligatorio."]})
    anterior = turno.estado
    turno.estado = estado
    campos = ["estado"]
    if turno.acuse is None:
        turno.acuse, turno.acuse_por = timezone.now(), actor
        campos += ["acuse", "acuse_por"]
    if estado == Turno.Estado.ATENDIDO:
        turno.cerrado, turno.cerrado_por, turno.nota = timezone.now(), actor, nota
        campos += ["cerrado", "cerrado_por", "nota"]
    turno.save(update_fields=campos)
    audit_record(
        actor=actor,
        action="turno.estado",
        obj=turno,
        data={"folio": turno.registro.folio, "de": anterior, "a": estado, "nota": nota},
        ip=ip,
    )
    return turno


def _require_puede_concluir(actor, registro: Registro, respuesta) -> None:
    if respuesta is None:
        require_perm(actor, CONCLUIR_ASUNTO, "No tiene permiso para concluir asuntos.")
    if actor is None or es_oficialia_de(actor, registro):
        return
    unidad = unidad_de(actor)
    if unidad is None or not registro.turnos.filter(unidad=unidad, copia=False).exists():
        raise PermissionDeniedError("Sólo la oficialía o una unidad a la que se turnó el asunto puede concluirlo.")


@transaction.atomic
def asunto_concluir(*, actor, registro: Registro, motivo: str = "", respuesta=None, ip: str | None = None) -> Registro:
    """Close the asunto: by its answer (`respuesta`, e.g. the oficio sent) or by an explicit reason.

    Every turno still open is concluded with it.
    """
    registro = Registro.objects.select_for_update().get(pk=registro.pk)
    _require_puede_concluir(actor, registro, respuesta)
    if registro.estado == Registro.Estado.CONCLUIDO:
        raise ConflictError(f"El asunto {registro.folio} ya estaba concluido.")
    motivo = (motivo or "").strip() or (f"Respondido con {respuesta}" if respuesta is not None else "")
    if not motivo:
        raise ApplicationError("Indique el motivo de la conclusión.", errors={"motivo": ["Este campo es obligatorio."]})
    ahora = timezone.now()
    registro.estado, registro.concluido, registro.concluido_por = Registro.Estado.CONCLUIDO, ahora, actor
    registro.motivo_conclusion = motivo
    registro.respuesta = str(respuesta)[:200] if respuesta is not None else ""
    registro.save(update_fields=["estado", "concluido", "concluido_por", "motivo_conclusion", "respuesta"])
    abiertos = registro.turnos.filter(estado__in=Turno.ABIERTOS)
    cerrados = list(abiertos.values_list("id", flat=True))
    abiertos.update(estado=Turno.Estado.CONCLUIDO, cerrado=ahora, cerrado_por=actor)
    search_enqueue(registro)
    audit_record(
        actor=actor,
        action="registro.concluir",
        obj=registro,
        data={"folio": registro.folio, "motivo": motivo, "respuesta": registro.respuesta, "turnos": cerrados},
        ip=ip,
    )
    return registro
