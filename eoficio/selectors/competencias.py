"""Who is competent to sign an oficio, and the legend the law asks the antefirma to carry.

A signer is competent for (unidad, tipo) on a date when a Competencia record of theirs covers it; a suplente
signs with the competence of the titular they replace, under a firma Suplencia valid that day.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from eoficio.models import Competencia, FirmanteOficio, Oficio


def competencia_vigente(*, usuario, unidad_id: int, tipo: str, fecha: dt.date | None = None) -> Competencia | None:
    fecha = fecha or timezone.localdate()
    return (
        Competencia.objects.filter(usuario=usuario, unidad_id=unidad_id, tipo=tipo, desde__lte=fecha)
        .filter(Q(hasta__isnull=True) | Q(hasta__gte=fecha))
        .order_by("-desde")
        .first()
    )


def competencia_refusal(*, oficio: Oficio, firmante: FirmanteOficio, fecha: dt.date | None = None) -> str:
    """Why this signer may not sign this oficio on `fecha` ("" when they may)."""
    fecha = fecha or timezone.localdate()
    nombre = firmante.usuario.get_full_name() or firmante.usuario.get_username()
    tipo = oficio.get_tipo_display().lower()
    if firmante.suplencia_id:
        suplencia = firmante.suplencia
        titular = suplencia.titular.get_full_name() or suplencia.titular.get_username()
        if suplencia.suplente_id != firmante.usuario_id:
            return f"{nombre} no es suplente de {titular}."
        if not suplencia.desde <= fecha <= suplencia.hasta:
            return (
                f"La suplencia de {nombre} por {titular} no está vigente "
                f"(del {suplencia.desde:%d/%m/%Y} al {suplencia.hasta:%d/%m/%Y})."
            )
        quien, usuario = titular, suplencia.titular
    else:
        quien, usuario = nombre, firmante.usuario
    if competencia_vigente(usuario=usuario, unidad_id=oficio.unidad_id, tipo=oficio.tipo, fecha=fecha) is None:
        return f"{quien} no tiene competencia para firmar {tipo}s de {oficio.unidad.siglas} el {fecha:%d/%m/%Y}."
    return ""


def leyenda_de(*, oficio: Oficio, firmante: FirmanteOficio) -> str:
    """ "En suplencia por ausencia de…" from the suplencia, or "Por acuerdo delegatorio…" from the competence."""
    if firmante.suplencia_id:
        leyenda = firmante.suplencia.leyenda()
        return leyenda[:1].upper() + leyenda[1:]
    competencia = competencia_vigente(
        usuario=firmante.usuario, unidad_id=oficio.unidad_id, tipo=oficio.tipo, fecha=oficio.fecha
    )
    return competencia.leyenda() if competencia else ""
