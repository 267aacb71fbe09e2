"""Recognising the header of an archivist's CGCA/CADIDO sheet, whatever layout it was typed in.

Besides the template's columns (`instrumentos_hojas.COLUMNS`), the layouts institutions actually use are read:
one "Valor documental" column holding "A, L, F/C"; the técnica de selección as three X columns (E, C, M); AT/AC
headings for the vigencias and "Área productora" for the unidades; and a two-row grouped header ("Valor documental"
over A / L / F/C, "Vigencia" over AT / AC, "Técnica de selección" over E / C / M), merged or not.

A header that still leaves part of the CADIDO unrecognised is answered with one message naming the unrecognised
columns and what is missing, instead of the same per-row error on every serie. Columns are named for people as
their letter and header text (`D «Valor documental»`).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from earchivo.services.instrumentos_reglas import FICHA_FIELDS

COLUMNS = (
    "clave",
    "nivel",
    "nombre",
    "descripcion",
    "tipo",
    "clave_padre",
    "unidades_productoras",
    "valor_administrativo",
    "valor_legal",
    "valor_fiscal_contable",
    "vigencia_tramite",
    "vigencia_concentracion",
    "plazo_total",
    "tecnica_seleccion",
    "muestreo_criterio",
    "valor_evidencial",
    "valor_testimonial",
    "valor_informativo",
    "clasificacion",
    "datos_personales",
    "observaciones",
    "fundamento",
)
FICHA_COLUMNS = tuple(f"ficha_{name}" for name in FICHA_FIELDS)
# Columns of other layouts, turned into the template's by `instrumentos_io` row by row.
VALOR_DOCUMENTAL = "valor_documental"  # "A, L, F/C" in one cell
TECNICA_X = {"tecnica_e": "eliminacion", "tecnica_c": "conservacion", "tecnica_m": "muestreo"}  # one X per row

LABELS = {
    "clave": "clave",
    "nivel": "nivel",
    "nombre": "nombre",
    "tipo": "tipo",
    "clave_padre": "clave del padre",
    "unidades_productoras": "unidades productoras",
    "valor_administrativo": "valor administrativo",
    "valor_legal": "valor legal",
    "valor_fiscal_contable": "valor fiscal/contable",
    "vigencia_tramite": "vigencia en archivo de trámite",
    "vigencia_concentracion": "vigencia en archivo de concentración",
    "tecnica_seleccion": "técnica de selección",
    "muestreo_criterio": "criterio de muestreo",
    "plazo_total": "plazo total",
    "clasificacion": "clasificación",
    "datos_personales": "datos personales",
}
_ALIASES = {
    "codigo": "clave",
    "codigo_clasificacion": "clave",
    "clave_clasificacion": "clave",
    "denominacion": "nombre",
    "padre": "clave_padre",
    "unidad_productora": "unidades_productoras",
    "unidades": "unidades_productoras",
    "tipo_seccion": "tipo",
    "valor_fiscal": "valor_fiscal_contable",
    "valor_contable": "valor_fiscal_contable",
    "vigencia_at": "vigencia_tramite",
    "at": "vigencia_tramite",
    "archivo_tramite": "vigencia_tramite",
    "vigencia_archivo_tramite": "vigencia_tramite",
    "vigencia_ac": "vigencia_concentracion",
    "ac": "vigencia_concentracion",
    "archivo_concentracion": "vigencia_concentracion",
    "vigencia_archivo_concentracion": "vigencia_concentracion",
    "plazo_conservacion": "plazo_total",
    "destino_final": "tecnica_seleccion",
    "destino": "tecnica_seleccion",
    "tecnica": "tecnica_seleccion",
    "criterio_muestreo": "muestreo_criterio",
    "clasificacion_informacion": "clasificacion",
    "clasificacion_default": "clasificacion",
    "contiene_datos_personales": "datos_personales",
    "valores_documentales": VALOR_DOCUMENTAL,
    "valores_primarios": VALOR_DOCUMENTAL,
    "valor_primario": VALOR_DOCUMENTAL,
    "a": "valor_administrativo",
    "l": "valor_legal",
    "f_c": "valor_fiscal_contable",
    "fc": "valor_fiscal_contable",
    "e": "tecnica_e",
    "eliminacion": "tecnica_e",
    "baja": "tecnica_e",
    "c": "tecnica_c",
    "conservacion": "tecnica_c",
    "m": "tecnica_m",
    "muestreo": "tecnica_m",
}
# Only on the cuadro's sheet: on the fichas' sheet "Área productora" is the ficha's own field.
MAIN_ALIASES = {
    "area_productora": "unidades_productoras",
    "unidad_administrativa_productora": "unidades_productoras",
    "unidades_administrativas_productoras": "unidades_productoras",
}
# Sub-headings under a group heading of a two-row header.
_SUBGRUPOS = {
    "primarios": {
        "a": "valor_administrativo",
        "administrativo": "valor_administrativo",
        "l": "valor_legal",
        "legal": "valor_legal",
        "f_c": "valor_fiscal_contable",
        "fc": "valor_fiscal_contable",
        "f": "valor_fiscal_contable",
        "fiscal": "valor_fiscal_contable",
        "contable": "valor_fiscal_contable",
        "fiscal_contable": "valor_fiscal_contable",
    },
    "secundarios": {
        "e": "valor_evidencial",
        "evidencial": "valor_evidencial",
        "t": "valor_testimonial",
        "testimonial": "valor_testimonial",
        "i": "valor_informativo",
        "informativo": "valor_informativo",
    },
    "vigencia": {
        "at": "vigencia_tramite",
        "tramite": "vigencia_tramite",
        "archivo_tramite": "vigencia_tramite",
        "ac": "vigencia_concentracion",
        "concentracion": "vigencia_concentracion",
        "archivo_concentracion": "vigencia_concentracion",
        "total": "plazo_total",
    },
    "tecnica": {
        "e": "tecnica_e",
        "eliminacion": "tecnica_e",
        "b": "tecnica_e",
        "baja": "tecnica_e",
        "c": "tecnica_c",
        "conservacion": "tecnica_c",
        "m": "tecnica_m",
        "muestreo": "tecnica_m",
    },
}
_IGNORED = {"", "no", "n", "num", "numero", "consecutivo"}  # row numbers people add on the left
CADIDO_GROUPS = {
    "valores documentales primarios (A, L, F/C)": {
        "valor_administrativo",
        "valor_legal",
        "valor_fiscal_contable",
        VALOR_DOCUMENTAL,
    },
    "vigencia en archivo de trámite (AT)": {"vigencia_tramite"},
    "vigencia en archivo de concentración (AC)": {"vigencia_concentracion"},
    "técnica de selección (E, C, M)": {"tecnica_seleccion", *TECNICA_X},
}


def normalize(text: str) -> str:
    """'Vigencia en trámite (años)' -> 'vigencia_en_tramite_anos': case, accents and punctuation do not matter."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def column_name(header: str, aliases: dict[str, str] | None = None) -> str:
    name = normalize(header)
    name = re.sub(r"_(en|de|del)_", "_", name)
    name = re.sub(r"_anos$", "", name)
    return (aliases or {}).get(name) or _ALIASES.get(name, name)


def _group(text: str) -> str | None:
    name = normalize(text)
    if name.startswith("valor"):
        return "secundarios" if "secundari" in name else "primarios"
    if name.startswith(("vigencia", "plazo")):
        return "vigencia"
    if name.startswith(("tecnica", "destino", "disposicion")):
        return "tecnica"
    return None


@dataclass
class Header:
    """Where each recognised column is, and how messages name it; what was not recognised."""

    line: int
    positions: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # name -> 'D «Valor documental»'
    unknown: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    two_rows: bool = False

    def label(self, name: str) -> str:
        """A column as people see it: letter and header text, else its Spanish name (a column the file lacks)."""
        if name in self.labels:
            return self.labels[name]
        if name.startswith("valor_") and VALOR_DOCUMENTAL in self.labels:
            return self.labels[VALOR_DOCUMENTAL]
        if name == "tecnica_seleccion" and set(TECNICA_X) & set(self.labels):
            return ", ".join(self.labels[x] for x in TECNICA_X if x in self.labels)
        return f"«{LABELS[name]}»" if name in LABELS else name


def _is_subheader(top: list[str], sub: list[str] | None, known: set[str], aliases: dict) -> bool:
    """The row under the header holds sub-headings (A, L, F/C, AT, AC, E, C, M), not the first node."""
    if not sub or not any(sub):
        return False
    clave = next(i for i, cell in enumerate(top) if column_name(cell, aliases) == "clave")
    if clave < len(sub) and normalize(sub[clave]) not in ("", "clave"):
        return False
    groups = _carried_groups(top)
    return any(_resolve(groups[i], cell, known, aliases) for i, cell in enumerate(sub) if cell and i < len(groups))


def _carried_groups(top: list[str]) -> list[str]:
    """Each position's group heading: a heading centred over several columns sits in the first one only."""
    carried, last = [], ""
    for cell in top:
        last = cell or last
        carried.append(cell or last)
    return carried


def _resolve(group: str, sub: str, known: set[str], aliases: dict) -> str | None:
    kind = _group(group)
    if kind and normalize(sub) in _SUBGRUPOS[kind]:
        return _SUBGRUPOS[kind][normalize(sub)]
    for text in (f"{group} {sub}", sub):
        name = column_name(text, aliases)
        if name in known:
            return name
    return None


def header_read(line: int, top: list[str], sub: list[str] | None, known: set[str], aliases: dict) -> Header:
    """The header at `line` (with `sub`, the row below it, when that row holds sub-headings)."""
    header = Header(line=line, two_rows=_is_subheader(top, sub, known, aliases))
    groups = _carried_groups(top)
    width = max(len(top), len(sub or []) if header.two_rows else 0)
    for position in range(width):
        text = top[position] if position < len(top) else ""
        below = sub[position] if header.two_rows and position < len(sub or []) else ""
        if below and normalize(below) != normalize(text):
            name = _resolve(groups[position], below, known, aliases)
            shown = f"{groups[position]} / {below}"
        else:
            name = column_name(text, aliases) if text else None
            name = name if name in known else None
            shown = text
        letter = get_column_letter(position + 1)
        if name is None:
            if normalize(shown) not in _IGNORED:
                header.unknown.append(f"{letter} «{shown}»")
        elif name in header.positions:
            header.duplicated.append(f"{letter} «{shown}»")
        else:
            header.positions[name] = position
            header.labels[name] = f"{letter} «{shown}»"
    return header


def layout_problem(header: Header) -> str | None:
    """One message for a header that leaves part of the CADIDO unrecognised (None when it is understood)."""
    present = set(header.positions)
    missing = [group for group, names in CADIDO_GROUPS.items() if not names & present]
    if not missing or (len(missing) == len(CADIDO_GROUPS) and not header.unknown):
        return None  # complete, or a cuadro without CADIDO columns at all (its rows are added later)
    parts = []
    if header.unknown:
        parts.append(f"no se reconocen las columnas {', '.join(header.unknown)}")
    parts.append(f"faltan las columnas de {'; '.join(missing)}")
    return (
        "; ".join(parts) + ". Use los encabezados de la plantilla (clave, nivel, nombre, unidades_productoras, "
        "valor_administrativo, valor_legal, valor_fiscal_contable, vigencia_tramite, vigencia_concentracion, "
        "tecnica_seleccion…) o los agrupados: «Valor documental» (A, L, F/C), «Vigencia» (AT, AC), "
        "«Técnica de selección» (E, C, M)"
    )
