"""Local helpers for the life-cycle tests (transferencias, bajas, préstamos, calendario, retenciones).

Closed expedientes are built directly with the shared factories (estado cerrado, frozen CADIDO values and the
retention clocks computed from fecha_cierre), opened years ago so their plazos have already run out.
"""

import datetime

from django.test import Client

from earchivo.models import DisposicionDocumental, Expediente
from tests.earchivo.factories import DocumentoFactory, ExpedienteFactory, SerieFactory

ANIO_VENCIDO = 2010  # closed 2010-02-14: fin de trámite 2012, fin de concentración 2017 with the 2 + 5 default


def serie_con(*, tecnica: str = DisposicionDocumental.Tecnica.CONSERVACION, tramite: int = 2, concentracion: int = 5):
    extra = {"disposicion__muestreo_criterio": "10 % aleatorio"} if tecnica == "muestreo" else {}
    return SerieFactory(
        disposicion__tecnica_seleccion=tecnica,
        disposicion__vigencia_tramite=tramite,
        disposicion__vigencia_concentracion=concentracion,
        **extra,
    )


def expediente_cerrado(*, unidad, serie=None, anio: int = ANIO_VENCIDO, **kwargs) -> Expediente:
    """A closed expediente of `unidad` (in trámite unless `etapa` is given) whose plazos ended long ago."""
    return ExpedienteFactory(cerrado=True, serie=serie or serie_con(), unidad=unidad, anio=anio, **kwargs)


def expediente_para_baja(*, unidad, serie=None, **kwargs) -> Expediente:
    """A closed, public expediente in concentración, destino eliminación, plazo over: eligible for baja."""
    serie = serie or serie_con(tecnica=DisposicionDocumental.Tecnica.ELIMINACION)
    kwargs.setdefault("etapa", Expediente.Etapa.CONCENTRACION)
    return expediente_cerrado(unidad=unidad, serie=serie, **kwargs)


def con_documento(expediente: Expediente, contenido: bytes | None = None):
    """Append a document with one stored version; returns the document."""
    if contenido is None:
        return DocumentoFactory(expediente=expediente)
    return DocumentoFactory(expediente=expediente, version__contenido=contenido)


def hace(dias: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=dias)


def client_for(user):
    """A test client signed in as `user` (pages and the session-authenticated API)."""
    client = Client()
    client.force_login(user)
    return client
