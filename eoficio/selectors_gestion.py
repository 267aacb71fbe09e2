"""Reads of control de gestión. The one door: a registro is visible to oficialía de partes of the unidad that
registered it and to every unidad (or person) it was turned to, c.c. included; nobody else. Missing and
forbidden look the same (NotFoundError)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from eoficio.models import Instruccion, Registro, Turno
from eoficio.permissions import REGISTRAR_DOCUMENTO, unidad_de
from eoficio.services.semaforo import Cortes, cortes_hoy
from sai.audit.models import EntradaBitacora
from sai.calendario.services import Calendario
from sai.core.exceptions import NotFoundError
from sai.org.models import UnidadAdministrativa


def registro_visibility_q(user) -> Q | None:
    """None: everything (superuser); otherwise the Q of visible registros (empty for a user with no unidad)."""
    if user.is_superuser:
        return None
    unidad = unidad_de(user)
    turnado = Turno.objects.filter(registro=OuterRef("pk")).filter(
        Q(destinatario=user) | (Q(unidad=unidad) if unidad else Q(pk__in=[]))
    )
    q = Q(Exists(turnado))
    if unidad is not None and user.has_perm(REGISTRAR_DOCUMENTO):
        q |= Q(unidad=unidad)
    return q


def registro_list_for_user(*, user) -> QuerySet[Registro]:
    q = registro_visibility_q(user)
    qs = Registro.objects.select_related("unidad")
    return qs if q is None else qs.filter(q)


def registro_get_for_user(*, user, id: int) -> Registro:
    registro = registro_list_for_user(user=user).filter(id=id).first()
    if registro is None:
        raise NotFoundError("El documento recibido no existe o no tiene permiso para verlo.")
    return registro


def turno_get_for_user(*, user, id: int) -> Turno:
    turno = Turno.objects.select_related("registro", "unidad", "padre").filter(id=id).first()
    if turno is None or not registro_list_for_user(user=user).filter(id=turno.registro_id).exists():
        raise NotFoundError("El turno no existe o no tiene permiso para verlo.")
    return turno


def instrucciones_activas() -> QuerySet[Instruccion]:
    return Instruccion.objects.filter(activa=True)


# --- bandeja de turnos ------------------------------------------------------------------------------------------

FILTROS = ("por_devolver", "en_espera", "atendidos")


def _mios(user) -> Q:
    unidad = unidad_de(user)
    return Q(destinatario=user) | (Q(unidad=unidad) if unidad else Q(pk__in=[]))


def turno_bandeja(
    *, user, lista: str = "por_devolver", semaforo: str = "", buscar: str = "", cortes: Cortes | None = None
) -> QuerySet[Turno]:
    """Turnos of the user's unidad: "por_devolver" (turned to it, open), "en_espera" (it turned them, still open
    at the other end), "atendidos" (turned to it, closed). Most urgent first."""
    cortes = cortes or cortes_hoy()
    unidad = unidad_de(user)
    qs = Turno.objects.select_related("registro", "unidad", "origen", "instruccion", "destinatario")
    if lista == "en_espera":
        qs = qs.filter(origen=unidad, estado__in=Turno.ABIERTOS, copia=False) if unidad else qs.none()
    elif lista == "atendidos":
        qs = qs.filter(_mios(user)).exclude(estado__in=Turno.ABIERTOS)
    else:
        qs = qs.filter(_mios(user), estado__in=Turno.ABIERTOS)
    if semaforo:
        qs = qs.filter(cortes.q(semaforo), copia=False)
    if buscar:
        qs = qs.filter(
            Q(registro__folio__icontains=buscar)
            | Q(registro__asunto__icontains=buscar)
            | Q(registro__remitente_nombre__icontains=buscar)
            | Q(registro__remitente_institucion__icontains=buscar)
        )
    return qs.order_by("copia", "fecha_limite", "-prioridad", "turnado", "id")


# --- the asunto page --------------------------------------------------------------------------------------------


@dataclass
class NodoTurno:
    turno: Turno
    hijos: list["NodoTurno"]
    dias_en_poder: int  # business days the unidad has held it (until it was closed, or today)
    semaforo: str


@dataclass
class Asunto:
    registro: Registro
    arbol: list[NodoTurno]


def dias_en_poder(calendario: Calendario, turno: Turno, ahora: datetime.datetime | None = None) -> int:
    fin = turno.cerrado or ahora or timezone.now()
    return max(calendario.entre(timezone.localtime(turno.turnado).date(), timezone.localtime(fin).date()), 0)


def asunto_detalle(*, user, id: int) -> Asunto:
    """The registro with its turnos as a tree (re-turnos under their parent), each with its time held."""
    registro = registro_get_for_user(user=user, id=id)
    turnos = list(
        registro.turnos.select_related("unidad", "origen", "instruccion", "destinatario", "acuse_por", "turnado_por")
    )
    calendario, cortes = Calendario(), cortes_hoy()
    nodos = {t.id: NodoTurno(t, [], dias_en_poder(calendario, t), cortes.color(t) if t.abierto else "") for t in turnos}
    raiz = []
    for t in turnos:
        (nodos[t.padre_id].hijos if t.padre_id in nodos else raiz).append(nodos[t.id])
    return Asunto(registro, raiz)


def turnos_para_volante(*, registro: Registro) -> QuerySet[Turno]:
    return registro.turnos.filter(padre__isnull=True).select_related("unidad", "instruccion", "destinatario")


def asunto_historia(*, registro: Registro, limite: int = 200) -> list[EntradaBitacora]:
    """The bitácora entries about the registro and its turnos, oldest first."""
    turno_ids = [str(pk) for pk in registro.turnos.values_list("pk", flat=True)]
    q = Q(objeto_tipo="eoficio.registro", objeto_id=str(registro.pk))
    if turno_ids:
        q |= Q(objeto_tipo="eoficio.turno", objeto_id__in=turno_ids)
    return list(EntradaBitacora.objects.filter(q).order_by("seq")[:limite])


def unidades_activas() -> QuerySet[UnidadAdministrativa]:
    return UnidadAdministrativa.objects.filter(activa=True)
