"""Transferencias primaria (trámite → concentración) and secundaria (concentración → histórico), domain.md §2.4.

prepare (the area's Responsable de Archivo de Trámite, or Archivo de Concentración for secundaria) → review
(Coordinación de Archivos) → receive (the receiving archive). While a transfer is under way its expedientes are
`transferido`; reception moves them to the new etapa as `cerrado`, rejection returns them to `cerrado` where they
were. The expediente record itself travels: only its etapa and estado change, and every move is audited.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from earchivo.models import Expediente, Transferencia, TransferenciaExpediente
from earchivo.permissions import works_in
from earchivo.selectors.ciclo import ELIMINACION, bloqueos_por_expediente, destino_final
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from sai.numeracion.services import ambito, numero_siguiente
from sai.search.services.indexing import search_enqueue

PRIMARIA, SECUNDARIA = Transferencia.Tipo.PRIMARIA, Transferencia.Tipo.SECUNDARIA
ETAPA_ORIGEN = {PRIMARIA: Expediente.Etapa.TRAMITE, SECUNDARIA: Expediente.Etapa.CONCENTRACION}
ETAPA_DESTINO = {PRIMARIA: Expediente.Etapa.CONCENTRACION, SECUNDARIA: Expediente.Etapa.HISTORICO}
PERM_RECIBIR = {
    PRIMARIA: "earchivo.recibir_transferencia_primaria",
    SECUNDARIA: "earchivo.recibir_transferencia_secundaria",
}
EXPEDIENTES_POR_CAJA = 10
UBICACION_MAX = Expediente._meta.get_field("ubicacion_topografica").max_length


def _require_preparer(actor, tipo: str, unidad) -> None:
    """Primaria: the area itself (its own unidad). Secundaria: the Archivo de Concentración, which keeps them."""
    require_perm(actor, "earchivo.add_transferencia", "No tiene permiso para preparar transferencias.")
    if actor is None:
        return
    if tipo == PRIMARIA:
        if not works_in(actor, unidad.pk):
            raise PermissionDeniedError("Sólo puede preparar transferencias primarias de su propia unidad.")
    elif not actor.has_perm("earchivo.custodiar_concentracion"):
        raise PermissionDeniedError("Sólo el Archivo de Concentración prepara transferencias secundarias.")


def _cajas_assign(n: int, expedientes_por_caja: int | None, cajas: list[int] | None) -> list[int]:
    """The box of each expediente: explicit (1..N, no gaps) or filled in order, `expedientes_por_caja` per box."""
    if cajas is not None:
        if len(cajas) != n:
            raise ApplicationError(
                "Indique una caja por expediente.", errors={"cajas": ["Debe haber una caja por cada expediente."]}
            )
        if any(not isinstance(c, int) or c < 1 for c in cajas):
            raise ApplicationError("Número de caja inválido.", errors={"cajas": ["Las cajas se numeran desde 1."]})
        faltan = sorted(set(range(1, max(cajas) + 1)) - set(cajas))
        if faltan:
            raise ApplicationError(
                "Las cajas deben ser consecutivas.",
                errors={"cajas": [f"Falta la caja {', '.join(map(str, faltan))}: numere las cajas sin huecos."]},
            )
        return list(cajas)
    por_caja = expedientes_por_caja or EXPEDIENTES_POR_CAJA
    if por_caja < 1:
        raise ApplicationError(
            "Expedientes por caja inválido.", errors={"expedientes_por_caja": ["Debe ser al menos 1."]}
        )
    return [i // por_caja + 1 for i in range(n)]


def _refusals(*, tipo: str, unidad, expedientes: list[Expediente], hoy: datetime.date) -> list[str]:
    """Every reason, naming the expediente, why one of them may not go in a new transfer of `tipo`."""
    errores: list[str] = []
    bloqueos = bloqueos_por_expediente(ids=[e.pk for e in expedientes])
    origen = ETAPA_ORIGEN[tipo]
    for e in expedientes:
        razones: list[str] = []
        if e.unidad_id != unidad.pk:
            razones.append(f"pertenece a otra unidad ({e.unidad.siglas})")
        if e.estado == Expediente.Estado.ABIERTO:
            razones.append("está abierto: ciérrelo antes de transferirlo")
        elif e.estado == Expediente.Estado.EN_PRESTAMO:
            razones.append("está en préstamo: espere su devolución")
        elif e.estado == Expediente.Estado.DADO_DE_BAJA:
            razones.append("ya fue dado de baja")
        if e.etapa not in (origen, Expediente.Etapa.BAJA):
            razones.append(
                f"está en el {e.get_etapa_display().lower()}, no en el {Expediente.Etapa(origen).label.lower()}"
            )
        if e.estado != Expediente.Estado.ABIERTO and e.etapa == origen:
            fin = e.fin_tramite if tipo == PRIMARIA else e.fin_concentracion
            if fin is None or fin > hoy:
                etapa = "trámite" if tipo == PRIMARIA else "concentración"
                cuando = f"vence el {fin:%d/%m/%Y}" if fin else "no está calculada"
                razones.append(f"su vigencia en {etapa} aún no vence ({cuando})")
        if tipo == SECUNDARIA and destino_final(e) == ELIMINACION:
            razones.append("su destino final es la eliminación: corresponde una baja documental, no la secundaria")
        razones += bloqueos.get(e.pk, [])
        errores += [f"{e.clave}: {razon}" for razon in razones]
    return errores


def transferencia_ambito(*, tipo: str, unidad) -> str:
    """The numbering scope: one consecutive per tipo + unidad (+ año)."""
    return ambito("transferencia", tipo, unidad.pk)


def transferencia_prepare(
    *,
    actor,
    tipo: str,
    unidad,
    expedientes: list[Expediente],
    expedientes_por_caja: int | None = None,
    cajas: list[int] | None = None,
    peso_kg: Decimal | None = None,
    observaciones: str = "",
    referencia_dictamen: str = "",
    ip: str | None = None,
) -> Transferencia:
    """Group due, closed expedientes of one unidad into numbered boxes (the number restarts at 1 in each box)."""
    if tipo not in (PRIMARIA, SECUNDARIA):
        raise ApplicationError("Tipo de transferencia inválido.", errors={"tipo": ["Elija primaria o secundaria."]})
    _require_preparer(actor, tipo, unidad)
    if not expedientes:
        raise ApplicationError("Seleccione expedientes.", errors={"expedientes": ["Seleccione al menos uno."]})
    ids = [e.pk for e in expedientes]
    if len(set(ids)) != len(ids):
        raise ApplicationError("Expediente repetido.", errors={"expedientes": ["Un expediente aparece dos veces."]})
    if peso_kg is not None and peso_kg < 0:
        raise ApplicationError("Peso inválido.", errors={"peso_kg": ["El peso no puede ser negativo."]})
    asignacion = _cajas_assign(len(ids), expedientes_por_caja, cajas)
    hoy = timezone.localdate()
    with transaction.atomic():
        bloqueados = Expediente.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("unidad")
        por_id = {e.pk: e for e in bloqueados}
        ordenados = [por_id[pk] for pk in ids]
        errores = _refusals(tipo=tipo, unidad=unidad, expedientes=ordenados, hoy=hoy)
        if errores:
            raise ApplicationError("No se puede preparar la transferencia.", errors={"expedientes": errores})
        transferencia = Transferencia.objects.create(
            tipo=tipo,
            unidad=unidad,
            anio=hoy.year,
            numero=numero_siguiente(ambito=transferencia_ambito(tipo=tipo, unidad=unidad), anio=hoy.year),
            peso_kg=peso_kg,
            observaciones=(observaciones or "").strip(),
            referencia_dictamen=(referencia_dictamen or "").strip(),
            preparada_por=actor,
        )
        en_caja: dict[int, int] = {}
        renglones = []
        for expediente, caja in zip(ordenados, asignacion, strict=True):
            en_caja[caja] = en_caja.get(caja, 0) + 1
            renglones.append(
                TransferenciaExpediente(
                    transferencia=transferencia, expediente=expediente, caja=caja, numero_en_caja=en_caja[caja]
                )
            )
        TransferenciaExpediente.objects.bulk_create(renglones)
        Expediente.objects.filter(pk__in=ids).update(estado=Expediente.Estado.TRANSFERIDO)
        search_enqueue(label="earchivo.expediente", pks=ids)
        for r in renglones:
            audit_record(
                actor=actor,
                action="expediente.transferencia.incluir",
                obj=r.expediente,
                data={"transferencia": str(transferencia), "caja": r.caja, "numero_en_caja": r.numero_en_caja},
                ip=ip,
            )
        audit_record(
            actor=actor,
            action="transferencia.preparar",
            obj=transferencia,
            data={
                "tipo": tipo,
                "unidad": unidad.siglas,
                "numero": transferencia.numero,
                "anio": transferencia.anio,
                "cajas": max(asignacion),
                "expedientes": [f"{r.caja}/{r.numero_en_caja} {r.expediente.clave}" for r in renglones],
            },
            ip=ip,
        )
    return transferencia


def _lock(transferencia: Transferencia) -> Transferencia:
    return Transferencia.objects.select_for_update().select_related("unidad").get(pk=transferencia.pk)


def _expedientes(transferencia: Transferencia) -> list[Expediente]:
    """The expedientes still travelling (rows of a box the receiving archive rejected went back already)."""
    ids = list(transferencia.renglones.filter(rechazado=False).values_list("expediente_id", flat=True))
    return list(Expediente.objects.select_for_update().filter(pk__in=ids).order_by("clave"))


def _holds_refuse(transferencia: Transferencia, expedientes: list[Expediente], accion: str) -> None:
    """A hold placed after preparation still stops the transfer, naming the expediente."""
    bloqueos = bloqueos_por_expediente(ids=[e.pk for e in expedientes], excluir_transferencia=transferencia)
    errores = [f"{e.clave}: {razon}" for e in expedientes for razon in bloqueos.get(e.pk, [])]
    if errores:
        raise ConflictError(f"No se puede {accion} la transferencia.", errors={"expedientes": errores})


def transferencia_review(
    *, actor, transferencia: Transferencia, aprobar: bool, motivo: str = "", ip: str | None = None
) -> Transferencia:
    """Coordinación de Archivos approves, or rejects with a reason (the expedientes go back where they were)."""
    require_perm(actor, "earchivo.revisar_transferencia", "Sólo la Coordinación de Archivos revisa transferencias.")
    motivo = (motivo or "").strip()
    if not aprobar and not motivo:
        raise ApplicationError("Indique el motivo del rechazo.", errors={"motivo": ["El motivo es obligatorio."]})
    with transaction.atomic():
        transferencia = _lock(transferencia)
        if transferencia.estado != Transferencia.Estado.PREPARADA:
            raise ConflictError(f"La transferencia ya está {transferencia.get_estado_display().lower()}.")
        expedientes = _expedientes(transferencia)
        claves = [e.clave for e in expedientes]
        transferencia.revisada_por, transferencia.revisada = actor, timezone.now()
        if aprobar:
            _holds_refuse(transferencia, expedientes, "aprobar")
            transferencia.estado = Transferencia.Estado.REVISADA
        else:
            transferencia.estado = Transferencia.Estado.RECHAZADA
            transferencia.motivo_rechazo = motivo
            Expediente.objects.filter(pk__in=[e.pk for e in expedientes]).update(estado=Expediente.Estado.CERRADO)
            search_enqueue(label="earchivo.expediente", pks=[e.pk for e in expedientes])
            for e in expedientes:
                audit_record(
                    actor=actor,
                    action="expediente.transferencia.devolver",
                    obj=e,
                    data={"transferencia": str(transferencia), "motivo": motivo},
                    ip=ip,
                )
        transferencia.save(update_fields=["estado", "revisada_por", "revisada", "motivo_rechazo"])
        audit_record(
            actor=actor,
            action="transferencia.aprobar" if aprobar else "transferencia.rechazar",
            obj=transferencia,
            data={"expedientes": claves, "motivo": motivo},
            ip=ip,
        )
    return transferencia


def _ubicaciones(
    transferencia: Transferencia, por_caja: dict[int, str] | None, por_expediente: dict[int, str] | None
) -> dict[int, str]:
    """The ubicación topográfica of each received expediente: its box's, unless given for the expediente itself."""
    renglones = dict(transferencia.renglones.filter(rechazado=False).values_list("expediente_id", "caja"))
    por_caja = {c: (u or "").strip() for c, u in (por_caja or {}).items()}
    por_expediente = {pk: (u or "").strip() for pk, u in (por_expediente or {}).items()}
    errores = [
        f"La caja {c} no está en la transferencia (o fue rechazada)." for c in por_caja if c not in renglones.values()
    ]
    errores += [f"El expediente {pk} no está en la transferencia." for pk in por_expediente if pk not in renglones]
    largas = [u for u in [*por_caja.values(), *por_expediente.values()] if len(u) > UBICACION_MAX]
    errores += [f"«{u[:40]}…» excede {UBICACION_MAX} caracteres." for u in largas]
    if errores:
        raise ApplicationError("Revise la ubicación topográfica.", errors={"ubicaciones": errores})
    ubicaciones = {pk: por_expediente.get(pk) or por_caja.get(caja, "") for pk, caja in renglones.items()}
    return {pk: u for pk, u in ubicaciones.items() if u}


def transferencia_receive(
    *,
    actor,
    transferencia: Transferencia,
    ubicaciones: dict[int, str] | None = None,
    ubicaciones_expediente: dict[int, str] | None = None,
    ip: str | None = None,
) -> Transferencia:
    """The receiving archive checks the boxes and signs: every expediente not rejected moves to the new etapa,
    closed, shelved where the archive puts it (`ubicaciones` per box, `ubicaciones_expediente` per expediente)."""
    require_perm(
        actor,
        PERM_RECIBIR[transferencia.tipo],
        "Sólo el Archivo de Concentración recibe transferencias primarias."
        if transferencia.tipo == PRIMARIA
        else "Sólo el Archivo Histórico recibe transferencias secundarias.",
    )
    with transaction.atomic():
        transferencia = _lock(transferencia)
        if transferencia.estado != Transferencia.Estado.REVISADA:
            raise ConflictError(
                "Sólo se recibe una transferencia revisada por la Coordinación de Archivos "
                f"(ésta está {transferencia.get_estado_display().lower()})."
            )
        expedientes = _expedientes(transferencia)
        _holds_refuse(transferencia, expedientes, "recibir")
        ubicacion = _ubicaciones(transferencia, ubicaciones, ubicaciones_expediente)
        origen, destino = ETAPA_ORIGEN[transferencia.tipo], ETAPA_DESTINO[transferencia.tipo]
        Expediente.objects.filter(pk__in=[e.pk for e in expedientes]).update(
            etapa=destino, estado=Expediente.Estado.CERRADO
        )
        for lugar in set(ubicacion.values()):  # one update per place (usually per box), not per expediente
            pks = [pk for pk, u in ubicacion.items() if u == lugar]
            Expediente.objects.filter(pk__in=pks).update(ubicacion_topografica=lugar)
        # Who may see them changes with the etapa (custodia), so their search entries are rebuilt.
        search_enqueue(label="earchivo.expediente", pks=[e.pk for e in expedientes])
        transferencia.estado = Transferencia.Estado.RECIBIDA
        transferencia.recibida_por, transferencia.recibida = actor, timezone.now()
        transferencia.save(update_fields=["estado", "recibida_por", "recibida"])
        for e in expedientes:
            audit_record(
                actor=actor,
                action="expediente.transferir",
                obj=e,
                data={
                    "transferencia": str(transferencia),
                    "de": origen,
                    "a": destino,
                    "ubicacion": ubicacion.get(e.pk),
                },
                ip=ip,
            )
        audit_record(
            actor=actor,
            action="transferencia.recibir",
            obj=transferencia,
            data={"expedientes": [e.clave for e in expedientes], "de": origen, "a": destino},
            ip=ip,
        )
    return transferencia
