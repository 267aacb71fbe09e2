"""Reads for the life cycle after cierre: transferencias, bajas, préstamos, legal holds, and what blocks each.

Lists are filtered inside the query by who may see them; expedientes always go through `selectors/acceso.py`.
"""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from earchivo.models import (
    BajaExpediente,
    ClasificacionInformacion,
    DisposicionDocumental,
    Expediente,
    Prestamo,
    ProcesoBaja,
    RetencionLegal,
    Transferencia,
    TransferenciaExpediente,
)
from earchivo.permissions import RECIBIR_PRIMARIA, RECIBIR_SECUNDARIA, REVISAR_TRANSFERENCIA, unidad_id_of
from earchivo.selectors.acceso import (
    expediente_custodia_for_user,
    expediente_list_for_user,
    expediente_visibility_q,
)
from sai.core.exceptions import NotFoundError
from sai.core.orden import natural

TRANSFERENCIA_ACTIVA = (Transferencia.Estado.PREPARADA, Transferencia.Estado.REVISADA)
BAJA_ACTIVA = (
    ProcesoBaja.Estado.SOLICITADA,
    ProcesoBaja.Estado.DICTAMINADA,
    ProcesoBaja.Estado.ACTA_REGISTRADA,
)
ELIMINACION = DisposicionDocumental.Tecnica.ELIMINACION


# --- the frozen CADIDO values -----------------------------------------------------------------------------------


def destino_final(expediente: Expediente) -> str:
    """The técnica de selección frozen at cierre ('' if the expediente never closed)."""
    return (expediente.disposicion_congelada or {}).get("tecnica_seleccion", "")


def sin_concentracion(expediente: Expediente) -> bool:
    """A serie with 0 years in concentración may go to baja straight from trámite."""
    congelada = expediente.disposicion_congelada or {}
    return congelada.get("vigencia_concentracion", None) == 0


# --- what blocks an expediente ----------------------------------------------------------------------------------


def retencion_activa_q(prefix: str = "") -> Exists:
    return Exists(RetencionLegal.objects.filter(expediente=OuterRef(f"{prefix}pk"), levantada__isnull=True))


def en_transferencia_q(excluir: Transferencia | None = None) -> Exists:
    qs = TransferenciaExpediente.objects.filter(
        expediente=OuterRef("pk"), transferencia__estado__in=TRANSFERENCIA_ACTIVA, rechazado=False
    )
    if excluir is not None:
        qs = qs.exclude(transferencia=excluir)
    return Exists(qs)


def en_baja_q(excluir: ProcesoBaja | None = None) -> Exists:
    qs = BajaExpediente.objects.filter(expediente=OuterRef("pk"), proceso__estado__in=BAJA_ACTIVA)
    if excluir is not None:
        qs = qs.exclude(proceso=excluir)
    return Exists(qs)


def bloqueos_por_expediente(
    *, ids, excluir_transferencia: Transferencia | None = None, excluir_baja: ProcesoBaja | None = None
) -> dict[int, list[str]]:
    """Why each expediente cannot move now: active legal holds, another active transfer or baja (Spanish)."""
    bloqueos: dict[int, list[str]] = {}
    for retencion in RetencionLegal.objects.filter(expediente_id__in=ids, levantada__isnull=True):
        bloqueos.setdefault(retencion.expediente_id, []).append(
            f"tiene una retención legal activa desde el {retencion.colocada:%d/%m/%Y} ({retencion.motivo})"
        )
    renglones = TransferenciaExpediente.objects.filter(
        expediente_id__in=ids, transferencia__estado__in=TRANSFERENCIA_ACTIVA, rechazado=False
    ).select_related("transferencia__unidad")
    if excluir_transferencia is not None:
        renglones = renglones.exclude(transferencia=excluir_transferencia)
    for renglon in renglones:
        bloqueos.setdefault(renglon.expediente_id, []).append(f"ya está en la {renglon.transferencia} (en curso)")
    en_baja = BajaExpediente.objects.filter(expediente_id__in=ids, proceso__estado__in=BAJA_ACTIVA).select_related(
        "proceso"
    )
    if excluir_baja is not None:
        en_baja = en_baja.exclude(proceso=excluir_baja)
    for renglon in en_baja:
        bloqueos.setdefault(renglon.expediente_id, []).append(f"ya está en la {renglon.proceso} (en curso)")
    return bloqueos


# --- transferencias ---------------------------------------------------------------------------------------------


def transferencia_visibility_q(user) -> Q | None:
    """Coordinación sees all; Concentración all; Histórico the secundarias; the areas their own unidad's."""
    if not (user.is_authenticated and user.is_active and user.has_perm("earchivo.view_transferencia")):
        return None
    if user.has_perm("earchivo.ver_todos_expedientes") or user.has_perm("earchivo.custodiar_concentracion"):
        return Q()
    q = Q(pk__in=[])
    if unidad_id_of(user) is not None:
        q |= Q(unidad_id=unidad_id_of(user))
    if user.has_perm("earchivo.custodiar_historico"):
        q |= Q(tipo=Transferencia.Tipo.SECUNDARIA)
    return q


def transferencia_list_for_user(*, user, tipo: str | None = None, estado: str | None = None) -> QuerySet[Transferencia]:
    q = transferencia_visibility_q(user)
    if q is None:
        return Transferencia.objects.none()
    qs = Transferencia.objects.filter(q).select_related("unidad", "preparada_por", "revisada_por", "recibida_por")
    if tipo:
        qs = qs.filter(tipo=tipo)
    if estado:
        qs = qs.filter(estado=estado)
    return qs


def transferencias_por_atender(*, user) -> QuerySet[Transferencia]:
    """Visible transferencias waiting for this user's step: review (Coordinación) or reception (receiving archive)."""
    q = Q(pk__in=[])
    if user.has_perm(REVISAR_TRANSFERENCIA):
        q |= Q(estado=Transferencia.Estado.PREPARADA)
    for tipo, perm in (
        (Transferencia.Tipo.PRIMARIA, RECIBIR_PRIMARIA),
        (Transferencia.Tipo.SECUNDARIA, RECIBIR_SECUNDARIA),
    ):
        if user.has_perm(perm):
            q |= Q(estado=Transferencia.Estado.REVISADA, tipo=tipo)
    return transferencia_list_for_user(user=user).filter(q).order_by("preparada", "pk")


def transferencia_get_for_user(*, user, id: int) -> Transferencia:
    transferencia = transferencia_list_for_user(user=user).filter(pk=id).first()
    if transferencia is None:
        raise NotFoundError("La transferencia no existe o no tiene permiso para verla.")
    return transferencia


def renglon_titulo_visible(user) -> ExpressionWrapper:
    """Whether a transfer row's title shows to `user` (annotate renglones with it).

    The receiving archive checks the boxes against the list before the expedientes are in its custody, so a
    public title shows to anyone who sees the transfer; a classified one only to whoever may open it.
    """
    abre = Exists(expediente_list_for_user(user=user).filter(pk=OuterRef("expediente_id")))
    publica = Q(expediente__clasificacion=ClasificacionInformacion.PUBLICA)
    return ExpressionWrapper(publica | Q(abre), output_field=BooleanField())


def transferencia_renglones(*, user, transferencia: Transferencia) -> list[dict]:
    """The inventory rows, rejected boxes included (flagged); classified titles the user may not open are masked."""
    renglones = transferencia.renglones.select_related("expediente__serie").annotate(
        visible=renglon_titulo_visible(user)
    )
    return [
        {
            "caja": r.caja,
            "numero_en_caja": r.numero_en_caja,
            "expediente": r.expediente,
            "visible": r.visible,
            "titulo": r.expediente.titulo if r.visible else "(información clasificada)",
            "rechazado": r.rechazado,
            "motivo_rechazo": r.motivo_rechazo,
        }
        for r in renglones
    ]


def transferencia_candidatos(*, user, tipo: str, unidad, fecha: datetime.date | None = None) -> QuerySet[Expediente]:
    """Expedientes of `unidad` the user sees that may go in a new transfer of `tipo` today (the services re-check)."""
    fecha = fecha or timezone.localdate()
    qs = expediente_list_for_user(user=user).filter(unidad=unidad, estado=Expediente.Estado.CERRADO)
    if tipo == Transferencia.Tipo.PRIMARIA:
        qs = qs.filter(etapa=Expediente.Etapa.TRAMITE, fin_tramite__lte=fecha)
    else:
        qs = qs.filter(etapa=Expediente.Etapa.CONCENTRACION, fin_concentracion__lte=fecha).exclude(
            disposicion_congelada__tecnica_seleccion=ELIMINACION
        )
    return (
        qs.annotate(retenido=retencion_activa_q(), en_transferencia=en_transferencia_q(), en_baja=en_baja_q())
        .filter(retenido=False, en_transferencia=False, en_baja=False)
        .order_by(natural("clave"))
    )


# --- bajas ------------------------------------------------------------------------------------------------------


def proceso_baja_list_for_user(*, user, estado: str | None = None) -> QuerySet[ProcesoBaja]:
    """Bajas are public records (published each year): anyone with view_procesobaja sees them all."""
    if not (user.is_authenticated and user.is_active and user.has_perm("earchivo.view_procesobaja")):
        return ProcesoBaja.objects.none()
    qs = ProcesoBaja.objects.select_related("unidad", "solicitada_por", "ejecutada_por")
    return qs.filter(estado=estado) if estado else qs


def proceso_baja_get_for_user(*, user, id: int) -> ProcesoBaja:
    proceso = proceso_baja_list_for_user(user=user).filter(pk=id).first()
    if proceso is None:
        raise NotFoundError("El proceso de baja no existe o no tiene permiso para verlo.")
    return proceso


def baja_candidatos(*, user, fecha: datetime.date | None = None) -> QuerySet[Expediente]:
    """Expedientes the user keeps that are eligible for a new baja today (the services re-check each rule; a
    reservado waits for its reserve period to end, see `services.bajas.reserva_vigente`). Classified ones the
    user may not open are listed too, `visible` False: the page masks their titles."""
    fecha = fecha or timezone.localdate()
    etapa_ok = Q(etapa=Expediente.Etapa.CONCENTRACION) | Q(
        etapa=Expediente.Etapa.TRAMITE, disposicion_congelada__vigencia_concentracion=0
    )
    abre = Exists(expediente_list_for_user(user=user).filter(pk=OuterRef("pk")))
    return (
        expediente_custodia_for_user(user=user)
        .annotate(
            visible=ExpressionWrapper(Q(clasificacion=ClasificacionInformacion.PUBLICA) | Q(abre), BooleanField())
        )
        .filter(etapa_ok, estado=Expediente.Estado.CERRADO, fin_concentracion__lte=fecha)
        .filter(disposicion_congelada__tecnica_seleccion=ELIMINACION)
        .exclude(
            Q(clasificacion=ClasificacionInformacion.RESERVADA)
            & (Q(fecha_desclasificacion__isnull=True) | Q(fecha_desclasificacion__gt=fecha))
        )
        .annotate(retenido=retencion_activa_q(), en_transferencia=en_transferencia_q(), en_baja=en_baja_q())
        .filter(retenido=False, en_transferencia=False, en_baja=False)
        .order_by("unidad__siglas", natural("clave"))
    )


# --- préstamos --------------------------------------------------------------------------------------------------


def prestamo_list_for_user(
    *, user, estado: str | None = None, fecha: datetime.date | None = None
) -> QuerySet[Prestamo]:
    """Préstamos of expedientes the user sees, plus those they asked for or lent.

    estado: 'activos', 'vencidos' (active and past due on `fecha`), 'devueltos' or None for all.
    """
    if not (user.is_authenticated and user.is_active and user.has_perm("earchivo.view_prestamo")):
        return Prestamo.objects.none()
    visibles = expediente_visibility_q(user)
    q = Q(solicitante=user) | Q(entregado_por=user)
    if visibles is not None:
        q |= Q(expediente__in=Expediente.objects.filter(visibles).values("pk"))
    qs = Prestamo.objects.filter(q).select_related("expediente__unidad", "solicitante", "entregado_por", "recibido_por")
    fecha = fecha or timezone.localdate()
    if estado == "activos":
        qs = qs.filter(estado=Prestamo.Estado.PRESTADO)
    elif estado == "vencidos":
        qs = qs.filter(estado=Prestamo.Estado.PRESTADO, fecha_vencimiento__lt=fecha)
    elif estado == "devueltos":
        qs = qs.filter(estado=Prestamo.Estado.DEVUELTO)
    return qs


def prestamo_get_for_user(*, user, id: int) -> Prestamo:
    prestamo = prestamo_list_for_user(user=user).filter(pk=id).first()
    if prestamo is None:
        raise NotFoundError("El préstamo no existe o no tiene permiso para verlo.")
    return prestamo


def prestamo_vencidos(*, fecha: datetime.date | None = None) -> QuerySet[Prestamo]:
    """Every active préstamo past its due date (for the daily notification; no user filter)."""
    fecha = fecha or timezone.localdate()
    return Prestamo.objects.filter(estado=Prestamo.Estado.PRESTADO, fecha_vencimiento__lt=fecha).select_related(
        "expediente", "solicitante", "entregado_por"
    )


# --- retenciones legales ----------------------------------------------------------------------------------------


def retencion_list(*, expediente: Expediente) -> QuerySet[RetencionLegal]:
    """The expediente's holds, newest first (the caller already opened the expediente through the door)."""
    return expediente.retenciones.select_related("colocada_por", "levantada_por")


def retencion_get_for_user(*, user, id: int) -> RetencionLegal:
    visibles = expediente_visibility_q(user)
    retencion = None
    if visibles is not None:
        retencion = (
            RetencionLegal.objects.filter(pk=id, expediente__in=Expediente.objects.filter(visibles).values("pk"))
            .select_related("expediente")
            .first()
        )
    if retencion is None:
        raise NotFoundError("La retención no existe o no tiene permiso para verla.")
    return retencion
