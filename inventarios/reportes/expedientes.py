"""Reports over the expedientes a user may see: inventario general, índice de reservados, calendario de caducidades
and the guía de archivo documental. Rows come from e-archivo's access door, filtered, through a server-side cursor.
"""

import itertools

from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from earchivo.models import ClasificacionInformacion, Expediente
from inventarios.reportes.base import (
    APERTURA,
    CHUNK,
    CIERRE,
    CLAVE,
    ENTERO,
    FECHA,
    FOJAS,
    NOMBRE,
    UNIDAD,
    Columna,
    Reporte,
    Totales,
)
from inventarios.selectors import expedientes_filtrados
from sai.core.orden import natural

CLASIFICACION = dict(ClasificacionInformacion.choices)
ETAPA = dict(Expediente.Etapa.choices)

GENERAL = [
    Columna("No. de registro", 9, ENTERO),
    CLAVE,
    NOMBRE,
    Columna("Descripción", 40),
    APERTURA,
    CIERRE,
    FOJAS,
    Columna("Legajos", 8, ENTERO),
    Columna("Valores documentales", 14),
    Columna("Vigencia AT (años)", 10, ENTERO),
    Columna("Vigencia AC (años)", 10, ENTERO),
    Columna("Clasificación de la información", 17),
    Columna("Ubicación topográfica", 18),
    Columna("Observaciones", 24),
]
_GENERAL_FIELDS = (
    "clave",
    "titulo",
    "asunto",
    "fecha_apertura",
    "fecha_cierre",
    "fojas",
    "legajos",
    "disposicion_congelada",
    "serie__disposicion__valor_administrativo",
    "serie__disposicion__valor_legal",
    "serie__disposicion__valor_fiscal_contable",
    "serie__disposicion__vigencia_tramite",
    "serie__disposicion__vigencia_concentracion",
    "clasificacion",
    "ubicacion_topografica",
    "observaciones",
)


def valoracion(congelada, administrativo, legal, fiscal, tramite, concentracion) -> tuple[str, int | None, int | None]:
    """The frozen CADIDO values of a closed expediente, else its serie's current ones."""
    if congelada:
        return (
            congelada.get("valores_primarios", ""),
            congelada.get("vigencia_tramite"),
            congelada.get("vigencia_concentracion"),
        )
    valores = ", ".join(code for on, code in ((administrativo, "A"), (legal, "L"), (fiscal, "F/C")) if on)
    return valores, tramite, concentracion


def _titulo(base: str, filtros: dict) -> str:
    etapa = filtros.get("etapa")
    return f"{base} — {ETAPA[etapa]}" if etapa in ETAPA else base


def _filtros_encabezado(filtros: dict) -> list[tuple[str, str]]:
    return [("Fecha de elaboración", timezone.localdate().strftime("%d/%m/%Y"))] + [
        (nombre.capitalize(), str(valor)) for nombre, valor in filtros.items() if valor not in (None, "", [])
    ]


def _listado(qs, campos: tuple[str, ...], fila, *, filtros: dict, **reporte) -> Reporte:
    """A report of one row per expediente of `qs`: `fila(values)` turns each row of `campos`, streamed from a
    server-side cursor, into the report's cells; the header names the date and the filters."""
    renglones = (fila(row) for row in qs.values_list(*campos).iterator(chunk_size=CHUNK))
    return Reporte(renglones=renglones, total=qs.count(), encabezado=_filtros_encabezado(filtros), **reporte)


def general(*, user, filtros: dict) -> Reporte:
    """Inventario general (domain.md §2.4): one row per expediente in apertura order, numbered consecutively."""
    qs = expedientes_filtrados(user=user, filtros=filtros).order_by("fecha_apertura", "pk")
    totales = Totales()
    numero = itertools.count(1)

    def fila(row) -> tuple:
        clave, titulo, asunto, apertura, cierre, fojas, legajos, congelada, *cadido, clasif, ubic, obs = row
        valores, tramite, concentracion = valoracion(congelada, *cadido)
        totales.add(fojas=fojas, apertura=apertura, cierre=cierre)
        return (next(numero), clave, titulo, asunto, apertura, cierre, fojas, legajos, valores, tramite, concentracion,
                str(CLASIFICACION.get(clasif, clasif)), ubic, obs)  # fmt: skip

    return _listado(
        qs,
        _GENERAL_FIELDS,
        fila,
        filtros=filtros,
        titulo=_titulo("Inventario general de expedientes", filtros),
        archivo="inventario-general",
        columnas=GENERAL,
        pie=totales.lineas,
    )


RESERVADOS = [
    CLAVE,
    NOMBRE,
    UNIDAD,
    Columna("Fecha de clasificación", 12, FECHA),
    Columna("Periodo de reserva (años)", 10, ENTERO),
    Columna("Fecha de desclasificación", 12, FECHA),
    Columna("Partes o secciones reservadas", 30),
    Columna("Fundamento legal", 34),
]


def reservados(*, user, filtros: dict) -> Reporte:
    """Índice de expedientes clasificados como reservados: only the reservados this user may see."""
    qs = expedientes_filtrados(user=user, filtros=filtros).filter(clasificacion=ClasificacionInformacion.RESERVADA)
    qs = qs.order_by("unidad__siglas", natural("clave"))
    campos = ("clave", "titulo", "unidad__siglas", "fecha_clasificacion", "periodo_reserva_anios")
    campos += ("fecha_desclasificacion", "partes_clasificadas", "fundamento_clasificacion")
    return _listado(
        qs,
        campos,
        tuple,
        filtros=filtros,
        titulo="Índice de expedientes clasificados como reservados",
        archivo="indice-reservados",
        columnas=RESERVADOS,
    )


CADUCIDADES = [
    CLAVE,
    NOMBRE,
    UNIDAD,
    Columna("Etapa", 18),
    CIERRE,
    Columna("Fin de vigencia en trámite", 12, FECHA),
    Columna("Fin de vigencia en concentración", 12, FECHA),
    Columna("Destino final", 14),
]
_TECNICA = {"conservacion": "Conservación", "eliminacion": "Baja", "muestreo": "Muestreo"}


def caducidades(*, user, filtros: dict) -> Reporte:
    """Calendario de caducidades (domain.md §2.5): closed expedientes by the date their current vigencia ends."""
    qs = expedientes_filtrados(user=user, filtros=filtros).filter(fin_tramite__isnull=False)
    qs = qs.exclude(etapa__in=[Expediente.Etapa.HISTORICO, Expediente.Etapa.BAJA])
    qs = qs.order_by("fin_tramite", natural("clave"))
    campos = ("clave", "titulo", "unidad__siglas", "etapa", "fecha_cierre", "fin_tramite", "fin_concentracion")

    def fila(row) -> tuple:
        *row, congelada = row
        row[3] = str(ETAPA.get(row[3], row[3]))
        return (*row, _TECNICA.get((congelada or {}).get("tecnica_seleccion"), ""))

    return _listado(
        qs,
        (*campos, "disposicion_congelada"),
        fila,
        filtros=filtros,
        titulo="Calendario de caducidades",
        archivo="calendario-caducidades",
        columnas=CADUCIDADES,
    )


GUIA = [
    Columna("Unidad administrativa", 26),
    Columna("Serie", 14),
    Columna("Nombre de la serie", 40),
    Columna("Etapa", 18),
    Columna("Expedientes", 10, ENTERO),
    Columna("Año inicial", 9, ENTERO),
    Columna("Año final", 9, ENTERO),
    Columna("Fojas", 9, ENTERO),
    Columna("Ubicación", 24),
]


def guia(*, user, filtros: dict) -> Reporte:
    """Guía de archivo documental: per unidad, serie and etapa, how many expedientes, their years and volume."""
    qs = expedientes_filtrados(user=user, filtros=filtros)
    grupos = (
        qs.values("unidad__nombre", "serie__clave", "serie__nombre", "etapa")
        .annotate(n=Count("pk"), desde=Min("anio"), hasta=Max("anio"), fojas=Sum("fojas"))
        .annotate(ubicacion=Max("ubicacion_topografica"))
        .order_by("unidad__nombre", natural("serie__clave"), "etapa")
    )

    def renglones():
        for g in grupos.iterator(chunk_size=CHUNK):
            yield (g["unidad__nombre"], g["serie__clave"], g["serie__nombre"], str(ETAPA.get(g["etapa"], g["etapa"])),
                   g["n"], g["desde"], g["hasta"], g["fojas"] or 0, g["ubicacion"] or "")  # fmt: skip

    return Reporte(
        titulo="Guía de archivo documental",
        archivo="guia-archivo",
        columnas=GUIA,
        renglones=renglones(),
        total=grupos.count(),
        encabezado=[("Institución", settings.SAI_INSTITUCION), *_filtros_encabezado(filtros)],
        pie=lambda: [("Expedientes", str(qs.aggregate(n=Count("pk"))["n"])), ("Con clasificación", _clasificados(qs))],
    )


def _clasificados(qs) -> str:
    return str(qs.filter(~Q(clasificacion=ClasificacionInformacion.PUBLICA)).count())
