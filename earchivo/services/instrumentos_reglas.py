"""The rules of the archival instruments, stated once: the editor and the spreadsheet importer both use them,
so they refuse the same things in the same words. Each returns (field, reason) pairs instead of raising, because
the importer collects every problem of every row before answering.
"""

import re

from earchivo.models import ClasificacionInformacion, DisposicionDocumental, NodoClasificacion
from earchivo.selectors.instrumentos import DISPOSICION_FIELDS, FICHA_FIELDS

__all__ = [
    "DISPOSICION_FIELDS",
    "FICHA_FIELDS",
    "NIVELES",
    "VIGENCIA_MAX",
    "disposicion_problems",
    "nivel_label",
    "nodo_problems",
    "tipo_resolve",
]

Nivel = NodoClasificacion.Nivel
Tipo = NodoClasificacion.Tipo
NIVELES = [choice.value for choice in Nivel]  # root to leaf: the order nodes are written in
_PREFIJO_DEL_PADRE = {Nivel.SUBSECCION, Nivel.SERIE, Nivel.SUBSERIE}
_CLAVE_RE = re.compile(r"[0-9A-Za-z]+(?:[.\-_][0-9A-Za-z]+)*")
_SEGMENTO_RE = re.compile(r"[0-9A-Za-z]+")
_SECCION_AGN_RE = re.compile(r"\d+([CScs])")
VIGENCIA_MAX = 99


def nivel_label(nivel: str | None) -> str:
    return str(Nivel(nivel).label).lower() if nivel else "la raíz"


# --- The rules, shared by the editor and the importer -----------------------------------------------------------


def nodo_problems(*, nivel: str, clave: str, padre_nivel: str | None, padre_clave: str) -> list[tuple[str, str]]:
    """(field, reason) for a node that breaks the tree: level under its parent, clave shape and prefix."""
    if nivel not in NIVELES:
        return [("nivel", f"«{nivel}» no es un nivel del cuadro ({', '.join(map(nivel_label, NIVELES))})")]
    problems = []
    if not clave:
        problems.append(("clave", "es obligatoria"))
    elif len(clave) > 40:
        problems.append(("clave", "admite 40 caracteres como máximo"))
    elif not _CLAVE_RE.fullmatch(clave):
        problems.append(("clave", f"«{clave}» sólo admite letras, números y los separadores . - _ (p. ej. 4C.3.1)"))
    permitidos = NodoClasificacion.PADRES_VALIDOS[nivel]
    if padre_nivel not in permitidos:
        if None in permitidos:
            motivo = "un fondo es la raíz del cuadro: no depende de otro nodo"
        else:
            opciones = " o de ".join(nivel_label(p) for p in NIVELES if p in permitidos)
            motivo = (
                f"un nodo de nivel {nivel_label(nivel)} debe depender de {opciones}, no de {nivel_label(padre_nivel)}"
            )
        problems.append(("padre", motivo))
    elif nivel in _PREFIJO_DEL_PADRE and clave and padre_clave:
        resto = clave[len(padre_clave) + 1 :]
        if not clave.startswith(padre_clave + ".") or not _SEGMENTO_RE.fullmatch(resto):
            problems.append(
                (
                    "clave",
                    f"«{clave}» debe ser la clave de su {nivel_label(padre_nivel)} más un número "
                    f"({padre_clave}.1, {padre_clave}.2…)",
                )
            )
    return problems


def tipo_resolve(*, nivel: str, clave: str, tipo: str, padre_tipo: str) -> tuple[str, tuple[str, str] | None]:
    """The node's común/sustantiva tipo: a sección's comes from its clave (4C, 13S); below it, it is inherited."""
    if nivel in (Nivel.FONDO, Nivel.SUBFONDO):
        if tipo:
            return "", ("tipo", "sólo las secciones y lo que cuelga de ellas son comunes o sustantivas")
        return "", None
    if nivel == Nivel.SECCION:
        match = _SECCION_AGN_RE.fullmatch(clave or "")
        por_clave = (Tipo.COMUN if match.group(1).upper() == "C" else Tipo.SUSTANTIVA) if match else ""
        if not tipo:
            if por_clave:
                return por_clave, None
            return "", ("tipo", "es obligatorio en las secciones: común (C) o sustantiva (S)")
        if por_clave and tipo != por_clave:
            return tipo, ("tipo", f"la clave {clave} indica una sección {Tipo(por_clave).label.lower()}")
        return tipo, None
    if tipo and padre_tipo and tipo != padre_tipo:
        return tipo, ("tipo", f"debe ser {Tipo(padre_tipo).label.lower()}, como su sección")
    return padre_tipo or tipo, None


def disposicion_problems(*, nivel: str, data: dict) -> list[tuple[str, str]]:
    """(field, reason) for a CADIDO row: only series carry one; vigencias, técnica and its criterion, values."""
    if nivel not in (Nivel.SERIE, Nivel.SUBSERIE):
        return [("tecnica_seleccion", "sólo las series y subseries tienen renglón en el CADIDO")]
    problems = []
    for field in ("vigencia_tramite", "vigencia_concentracion"):
        value = data.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= VIGENCIA_MAX:
            problems.append((field, f"debe ser un número entero de años, de 0 a {VIGENCIA_MAX}"))
    tecnica = data.get("tecnica_seleccion")
    if tecnica not in DisposicionDocumental.Tecnica.values:
        problems.append(("tecnica_seleccion", "es obligatoria: eliminación (E), conservación (C) o muestreo (M)"))
    criterio = (data.get("muestreo_criterio") or "").strip()
    if tecnica == DisposicionDocumental.Tecnica.MUESTREO and not criterio:
        problems.append(("muestreo_criterio", "el muestreo requiere su criterio y porcentaje"))
    elif criterio and tecnica != DisposicionDocumental.Tecnica.MUESTREO:
        problems.append(("muestreo_criterio", "sólo aplica cuando la técnica de selección es muestreo"))
    if not any(data.get(f) for f in ("valor_administrativo", "valor_legal", "valor_fiscal_contable")):
        problems.append(("valor_administrativo", "marque al menos un valor primario: administrativo, legal o fiscal"))
    if data.get("clasificacion_default", ClasificacionInformacion.PUBLICA) not in ClasificacionInformacion.values:
        problems.append(("clasificacion_default", "debe ser pública, reservada o confidencial"))
    return problems
