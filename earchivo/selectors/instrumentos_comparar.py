"""Comparing two versions of the CGCA + CADIDO: what a new version adds, removes and changes, node by node (by
clave), with the CADIDO values side by side, so the Grupo Interdisciplinario approves what actually changed."""

from dataclasses import dataclass, field

from earchivo.models import ClasificacionInformacion, CuadroClasificacion, DisposicionDocumental, NodoClasificacion
from earchivo.selectors.instrumentos import NodoSpec, cgca_specs
from sai.core.orden import natural_key

_VACIO = "—"


def _si_no(value: bool) -> str:
    return "sí" if value else "no"


def _valores(d: dict, flags: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(code for name, code in flags if d[name]) or _VACIO


def _campos(spec: NodoSpec) -> dict[str, str]:
    """The node as the labelled values people compare (CADIDO values as the printed catálogo shows them)."""
    campos = {
        "Nombre": spec.nombre,
        "Nivel": str(NodoClasificacion.Nivel(spec.nivel).label),
        "Depende de": spec.clave_padre or _VACIO,
        "Descripción": spec.descripcion or _VACIO,
        "Tipo": str(NodoClasificacion.Tipo(spec.tipo).label) if spec.tipo else _VACIO,
        "Unidades productoras": ", ".join(spec.unidades) or _VACIO,
    }
    d = spec.disposicion
    if d is None:
        return campos | {"CADIDO": "sin renglón"}
    primarios = (("valor_administrativo", "A"), ("valor_legal", "L"), ("valor_fiscal_contable", "F/C"))
    secundarios = (("valor_evidencial", "E"), ("valor_testimonial", "T"), ("valor_informativo", "I"))
    return campos | {
        "Valores primarios": _valores(d, primarios),
        "Vigencia en trámite (años)": str(d["vigencia_tramite"]),
        "Vigencia en concentración (años)": str(d["vigencia_concentracion"]),
        "Técnica de selección": str(DisposicionDocumental.Tecnica(d["tecnica_seleccion"]).label),
        "Criterio de muestreo": d["muestreo_criterio"] or _VACIO,
        "Valores secundarios": _valores(d, secundarios),
        "Clasificación": str(ClasificacionInformacion(d["clasificacion_default"]).label),
        "Datos personales": _si_no(d["datos_personales"]),
        "Observaciones": d["observaciones"] or _VACIO,
        "Fundamento": d["fundamento"] or _VACIO,
    }


@dataclass
class NodoComparado:
    clave: str
    nombre: str
    campos: list[tuple[str, str, str]] = field(default_factory=list)  # (label, in a, in b)


@dataclass
class Comparacion:
    a: CuadroClasificacion
    b: CuadroClasificacion
    agregados: list[NodoComparado]
    eliminados: list[NodoComparado]
    cambiados: list[NodoComparado]

    @property
    def iguales(self) -> bool:
        return not (self.agregados or self.eliminados or self.cambiados)


def cuadro_compare(*, a: CuadroClasificacion, b: CuadroClasificacion) -> Comparacion:
    """Nodes of `b` missing from `a` (agregados), of `a` missing from `b` (eliminados), and those in both whose
    values differ (cambiados, with only the differing values), each list in natural clave order."""
    antes = {spec.clave: _campos(spec) | {"_nombre": spec.nombre} for spec in cgca_specs(cuadro=a)}
    despues = {spec.clave: _campos(spec) | {"_nombre": spec.nombre} for spec in cgca_specs(cuadro=b)}

    def solo(origen: dict, otro: dict, *, agregado: bool) -> list[NodoComparado]:
        nodos = []
        for clave in sorted(set(origen) - set(otro), key=natural_key):
            valores = [(k, v) for k, v in origen[clave].items() if not k.startswith("_")]
            campos = [(k, "", v) if agregado else (k, v, "") for k, v in valores]
            nodos.append(NodoComparado(clave, origen[clave]["_nombre"], campos))
        return nodos

    cambiados = []
    for clave in sorted(set(antes) & set(despues), key=natural_key):
        nombres = dict.fromkeys([*antes[clave], *despues[clave]])
        campos = [
            (k, antes[clave].get(k, _VACIO), despues[clave].get(k, _VACIO))
            for k in nombres
            if not k.startswith("_") and antes[clave].get(k, _VACIO) != despues[clave].get(k, _VACIO)
        ]
        if campos:
            cambiados.append(NodoComparado(clave, despues[clave]["_nombre"], campos))
    return Comparacion(
        a=a,
        b=b,
        agregados=solo(despues, antes, agregado=True),
        eliminados=solo(antes, despues, agregado=False),
        cambiados=cambiados,
    )
