"""Import the CGCA and its CADIDO from one spreadsheet, as archivists keep them (XLSX or CSV), all or nothing.

Every row is validated before anything is written; each problem is reported as `archivo:fila: columna: motivo`
(fila = the row number the spreadsheet shows, the header included; columna = its letter and header text, e.g.
`D «Valor documental»`); `instrumentos_hojas` reads the files and `instrumentos_encabezados` their headers. A header
that leaves part of the CADIDO unrecognised is one message, not an error per serie. An XLSX
may carry the fichas técnicas on a second sheet whose name starts with "Ficha"; a CSV carries them in optional
`ficha_*` columns. The import fills a borrador, replacing what it held.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from earchivo.models import ClasificacionInformacion, CuadroClasificacion, DisposicionDocumental, NodoClasificacion
from earchivo.selectors.instrumentos import FICHA_FIELDS, NodoSpec
from earchivo.services.instrumentos import (
    DENIED_MESSAGE,
    PERM_ADMINISTRAR,
    cuadro_create_borrador,
    cuadro_lock_borrador,
    tree_clear,
    tree_write,
)
from earchivo.services.instrumentos_encabezados import TECNICA_X, VALOR_DOCUMENTAL, layout_problem
from earchivo.services.instrumentos_hojas import (
    Problems,
    Sheet,
    csv_read,
    normalize,
    xlsx_read,
)
from earchivo.services.instrumentos_reglas import NIVELES, disposicion_problems, nodo_problems, tipo_resolve
from sai.audit.services import audit_record
from sai.core.access import require_perm
from sai.core.exceptions import ApplicationError, ConflictError
from sai.org.models import UnidadAdministrativa

Nivel = NodoClasificacion.Nivel
Tecnica = DisposicionDocumental.Tecnica

_BOOL_COLUMNS = (
    "valor_administrativo",
    "valor_legal",
    "valor_fiscal_contable",
    "valor_evidencial",
    "valor_testimonial",
    "valor_informativo",
    "datos_personales",
)
_TRUE = {"si", "s", "x", "true", "verdadero", "1", "yes", "y"}
_FALSE = {"", "no", "n", "false", "falso", "0"}
_NIVELES = {"fondo": Nivel.FONDO, "subfondo": Nivel.SUBFONDO, "sub_fondo": Nivel.SUBFONDO}
_NIVELES |= {"seccion": Nivel.SECCION, "subseccion": Nivel.SUBSECCION, "sub_seccion": Nivel.SUBSECCION}
_NIVELES |= {"serie": Nivel.SERIE, "subserie": Nivel.SUBSERIE, "sub_serie": Nivel.SUBSERIE}
_TIPOS = {"c": "comun", "comun": "comun", "s": "sustantiva", "sustantiva": "sustantiva"}
_TECNICAS = {"e": Tecnica.ELIMINACION, "baja": Tecnica.ELIMINACION, "baja_documental": Tecnica.ELIMINACION}
_TECNICAS |= {"c": Tecnica.CONSERVACION, "m": Tecnica.MUESTREO}
_CLASIFICACIONES = {c.value: c.value for c in ClasificacionInformacion}
_VIGENCIA_RE = re.compile(r"(\d+)(?:[.,]0+)?(?:\s*a[ñn]os?)?", re.IGNORECASE)
MAX_BYTES = 5 * 1024 * 1024


class InstrumentosImportError(ApplicationError):
    def __init__(self, problems: list[str]) -> None:
        message = f"El archivo tiene {len(problems)} error(es); no se importó nada."
        super().__init__(message, errors={"archivo": problems})
        self.problems = problems


@dataclass(frozen=True)
class ImportSummary:
    cuadro: CuadroClasificacion
    nodos: int
    series: int
    disposiciones: int
    fichas: int
    reemplazados: int
    avisos: tuple[str, ...] = ()  # what was read in a way the archivist should check (merged cells, ignored columns)


# --- Row values -------------------------------------------------------------------------------------------------


def _bool(text: str) -> bool | None:
    value = normalize(text) if text.strip() not in ("✓", "✔") else "si"
    return True if value in _TRUE else False if value in _FALSE else None


def _tecnica(text: str) -> str | None:
    value = normalize(text)
    for prefix, tecnica in (("elimin", Tecnica.ELIMINACION), ("conserv", Tecnica.CONSERVACION)):
        if value.startswith(prefix):
            return tecnica
    return Tecnica.MUESTREO if value.startswith("muestr") else _TECNICAS.get(value)


def _nivel_from_clave(clave: str) -> str | None:
    """Blank nivel: an AGN-shaped clave tells it (4C sección, 4C.3 serie, 4C.3.1 subserie)."""
    match = re.fullmatch(r"\d+[CS](\.[0-9A-Za-z]+)?(\.[0-9A-Za-z]+)?", clave, re.IGNORECASE)
    if not match:
        return None
    return Nivel.SUBSERIE if match.group(2) else Nivel.SERIE if match.group(1) else Nivel.SECCION


def _parse_disposicion(row: dict[str, str], nivel: str | None, problem) -> dict | None:
    core = [c for c in ("vigencia_tramite", "vigencia_concentracion", "tecnica_seleccion") if row.get(c, "").strip()]
    extra = [c for c in _BOOL_COLUMNS if row.get(c, "").strip() and _bool(row[c]) is not False]
    extra += [c for c in ("muestreo_criterio", "observaciones", "fundamento", "plazo_total") if row.get(c, "").strip()]
    if row.get("clasificacion", "").strip() and normalize(row["clasificacion"]) != "publica":
        extra.append("clasificacion")
    es_serie = nivel in (Nivel.SERIE, Nivel.SUBSERIE)
    if not core:
        if extra and es_serie:
            problem("vigencia_tramite", "la fila trae datos del CADIDO pero le faltan las vigencias y la técnica")
        elif extra and nivel:
            problem(extra[0], "sólo las series y subseries llevan datos del CADIDO")
        return None
    if not es_serie:
        if nivel:
            problem(core[0], "sólo las series y subseries llevan datos del CADIDO")
        return None
    reported: set[str] = set()

    def bad(column: str, reason: str) -> None:
        reported.add(column)
        problem(column, reason)

    data: dict = {}
    for column in ("vigencia_tramite", "vigencia_concentracion"):
        match = _VIGENCIA_RE.fullmatch(row.get(column, "").strip())
        data[column] = int(match.group(1)) if match else None
        if not row.get(column, "").strip():
            bad(column, "es obligatoria en un renglón del CADIDO")
        elif not match:
            bad(column, f"«{row[column]}» no es un número entero de años")
    data["tecnica_seleccion"] = _tecnica(row.get("tecnica_seleccion", ""))
    if not row.get("tecnica_seleccion", "").strip():
        bad("tecnica_seleccion", "es obligatoria en un renglón del CADIDO: eliminación, conservación o muestreo")
    elif data["tecnica_seleccion"] is None:
        bad(
            "tecnica_seleccion",
            f"«{row.get('tecnica_seleccion', '')}» no es eliminación (E), conservación (C) ni muestreo (M)",
        )
    for column in _BOOL_COLUMNS:
        value = _bool(row.get(column, ""))
        if value is None:
            bad(column, f"«{row[column]}» no es sí/no ni X")
        data[column] = bool(value)
    clasificacion = normalize(row.get("clasificacion", "")) or "publica"
    data["clasificacion_default"] = _CLASIFICACIONES.get(clasificacion)
    if data["clasificacion_default"] is None:
        bad("clasificacion", f"«{row['clasificacion']}» no es pública, reservada ni confidencial")
    for column in ("muestreo_criterio", "observaciones", "fundamento"):
        data[column] = row.get(column, "").strip()
    plazo = row.get("plazo_total", "").strip()
    if plazo and None not in (data["vigencia_tramite"], data["vigencia_concentracion"]):
        total = data["vigencia_tramite"] + data["vigencia_concentracion"]
        match = _VIGENCIA_RE.fullmatch(plazo)
        if not match or int(match.group(1)) != total:
            bad("plazo_total", f"«{plazo}» no es la suma de las vigencias en trámite y concentración ({total})")
    for field, reason in disposicion_problems(nivel=nivel, data=data):
        column = "clasificacion" if field == "clasificacion_default" else field
        if column not in reported:
            bad(column, reason)
    return data if not reported else None


_VALORES = {"a": "valor_administrativo", "administrativo": "valor_administrativo", "l": "valor_legal"}
_VALORES |= {"legal": "valor_legal", "f": "valor_fiscal_contable", "c": "valor_fiscal_contable"}
_VALORES |= {"fc": "valor_fiscal_contable", "fiscal": "valor_fiscal_contable", "contable": "valor_fiscal_contable"}


def _derive(row: dict[str, str], problem) -> None:
    """Other layouts' columns as the template's: "A, L, F/C" in one cell; one X among the E, C, M columns."""
    if VALOR_DOCUMENTAL in row:
        text = row.pop(VALOR_DOCUMENTAL)
        tokens = [t for t in normalize(text).split("_") if t and t != "y"]
        if any(t not in _VALORES for t in tokens):
            problem(VALOR_DOCUMENTAL, f"«{text}» no es una lista de valores primarios: A, L, F/C")
        for column in {_VALORES[t] for t in tokens if t in _VALORES}:
            row[column] = row.get(column) or "x"
    marks = []
    for column, tecnica in TECNICA_X.items():
        value = row.pop(column, "")
        if value.strip() and _bool(value) is not False:
            marks.append(tecnica)
    if marks and not row.get("tecnica_seleccion", "").strip():
        row["tecnica_seleccion"] = marks[0]
        if len(marks) > 1:
            problem("tecnica_seleccion", "marque una sola técnica de selección (E, C o M)")


def _parse_row(row: dict[str, str], problem) -> NodoSpec | None:
    _derive(row, problem)
    clave, nombre = row.get("clave", "").strip(), row.get("nombre", "").strip()
    nivel_text = row.get("nivel", "").strip()
    nivel = _NIVELES.get(normalize(nivel_text)) if nivel_text else _nivel_from_clave(clave)
    if nivel_text and nivel is None:
        problem("nivel", f"«{nivel_text}» no es fondo, subfondo, sección, subsección, serie ni subserie")
    elif nivel is None:
        problem("nivel", "es obligatorio (no se deduce de la clave)")
    if not clave:
        problem("clave", "es obligatoria")
    if not nombre:
        problem("nombre", "es obligatorio")
    elif len(nombre) > 255:
        problem("nombre", "admite 255 caracteres como máximo")
    tipo = _TIPOS.get(normalize(row.get("tipo", "")), "")
    if row.get("tipo", "").strip() and not tipo:
        problem("tipo", f"«{row['tipo']}» no es común (C) ni sustantiva (S)")
    disposicion = _parse_disposicion(row, nivel, problem)
    ficha = {f: row.get(f"ficha_{f}", "").strip() for f in FICHA_FIELDS}
    if not clave or nivel is None:
        return None
    return NodoSpec(
        clave=clave,
        nivel=nivel,
        nombre=nombre[:255],
        descripcion=row.get("descripcion", "").strip(),
        tipo=tipo,
        clave_padre=row.get("clave_padre", "").strip(),
        unidades=list(dict.fromkeys(s.strip() for s in re.split(r"[;,|\n]", row.get("unidades_productoras", "")))),
        disposicion=disposicion,
        ficha=ficha if any(ficha.values()) else None,
    )


# --- Whole-file validation --------------------------------------------------------------------------------------


def _validate_tree(parsed: list[tuple[int, NodoSpec]], problem_at) -> None:
    """Unique claves, parents present (given or deduced from the clave), levels, prefixes and común/sustantiva."""
    by_clave: dict[str, tuple[int, NodoSpec]] = {}
    for line, spec in parsed:
        if spec.clave in by_clave:
            problem_at(line, "clave", f"«{spec.clave}» está repetida (ya aparece en la fila {by_clave[spec.clave][0]})")
        else:
            by_clave[spec.clave] = (line, spec)
    fondos = [s.clave for _, s in by_clave.values() if s.nivel == Nivel.FONDO]
    subfondos = [s.clave for _, s in by_clave.values() if s.nivel == Nivel.SUBFONDO]
    ordered = sorted(by_clave.values(), key=lambda item: NIVELES.index(item[1].nivel))
    for line, spec in ordered:
        deducida = not spec.clave_padre
        if deducida and spec.nivel in (Nivel.SUBSECCION, Nivel.SERIE, Nivel.SUBSERIE) and "." in spec.clave:
            spec.clave_padre = spec.clave.rsplit(".", 1)[0]
        elif deducida and spec.nivel in (Nivel.SECCION, Nivel.SUBFONDO):
            candidatos = fondos + subfondos if spec.nivel == Nivel.SECCION else fondos
            if len(candidatos) != 1:
                problem_at(line, "clave_padre", "indique la clave del fondo o subfondo del que depende")
                continue
            spec.clave_padre = candidatos[0]
        padre = by_clave.get(spec.clave_padre, (None, None))[1] if spec.clave_padre else None
        if spec.clave_padre and padre is None:
            origen = " (deducida de la clave)" if deducida else ""
            problem_at(line, "clave_padre", f"«{spec.clave_padre}»{origen} no está en el archivo")
            continue
        for field, reason in nodo_problems(
            nivel=spec.nivel,
            clave=spec.clave,
            padre_nivel=padre.nivel if padre else None,
            padre_clave=padre.clave if padre else "",
        ):
            problem_at(line, "clave_padre" if field == "padre" else field, reason)
        spec.tipo, tipo_problem = tipo_resolve(
            nivel=spec.nivel, clave=spec.clave, tipo=spec.tipo, padre_tipo=padre.tipo if padre else ""
        )
        if tipo_problem:
            problem_at(line, *tipo_problem)


def _merge_fichas(fichas: Sheet, specs: dict[str, tuple[int, NodoSpec]], problems: Problems) -> None:
    seen: dict[str, int] = {}
    columna = fichas.header.label("clave")
    for line, row in fichas.rows:
        clave = row.get("clave", "").strip()
        values = {f: (row.get(f) or row.get(f"ficha_{f}") or "").strip() for f in FICHA_FIELDS}
        if not clave:
            problems.add(fichas.label, line, columna, "es obligatoria", order=1)
        elif clave in seen:
            problems.add(fichas.label, line, columna, f"«{clave}» está repetida (fila {seen[clave]})", order=1)
        elif clave not in specs:
            problems.add(fichas.label, line, columna, f"«{clave}» no está en la hoja del cuadro", order=1)
        elif specs[clave][1].nivel not in (Nivel.SERIE, Nivel.SUBSERIE):
            problems.add(fichas.label, line, columna, f"«{clave}» no es serie ni subserie", order=1)
        elif specs[clave][1].ficha:
            problems.add(fichas.label, line, columna, f"la ficha de «{clave}» ya viene en la hoja del cuadro", order=1)
        elif any(values.values()):
            specs[clave][1].ficha = values
        if clave:
            seen.setdefault(clave, line)


def instrumentos_parse(*, content: bytes, filename: str, avisos: list[str] | None = None) -> list[NodoSpec]:
    """The whole file as validated specs in file order, or InstrumentosImportError listing every problem.

    What was read in a way the archivist should check (merged cells filled down, ignored columns) is appended to
    `avisos`.
    """
    problems = Problems()
    name = Path(filename).name or "archivo"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        problems.add(name, 1, "archivo", "es un libro de Excel 97-2003 (.xls): guárdelo como .xlsx o CSV UTF-8")
        raise InstrumentosImportError(problems.render())
    if content.startswith(b"PK\x03\x04"):
        main, fichas = xlsx_read(content, name, problems)
    else:
        main, fichas = csv_read(content, name, problems), None
    if main is not None and (layout := layout_problem(main.header)):
        problems.add(main.label, main.header.line, "encabezado", layout)
        raise InstrumentosImportError(problems.render())
    if main is not None and not main.rows:
        problems.add(main.label, 1, "archivo", "no trae ninguna fila de datos")

    def problem_at(line: int, column: str, reason: str) -> None:
        problems.add(main.label, line, main.header.label(column), reason)

    parsed: list[tuple[int, NodoSpec]] = []
    for line, row in main.rows if main else []:
        spec = _parse_row(row, lambda column, reason, line=line: problem_at(line, column, reason))
        if spec is not None:
            parsed.append((line, spec))
    _validate_tree(parsed, problem_at)
    by_clave = {spec.clave: (line, spec) for line, spec in parsed}
    if fichas is not None:
        _merge_fichas(fichas, by_clave, problems)
    siglas = {s for _, spec in parsed for s in spec.unidades if s}
    existentes = set(UnidadAdministrativa.objects.filter(siglas__in=siglas).values_list("siglas", flat=True))
    for line, spec in parsed:
        spec.unidades = [s for s in spec.unidades if s]
        faltan = [s for s in spec.unidades if s not in existentes]
        if faltan:
            problem_at(line, "unidades_productoras", f"no existe la unidad {', '.join(faltan)}")
    if problems.items:
        raise InstrumentosImportError(problems.render())
    if avisos is not None:
        for sheet in (main, fichas):
            if sheet is not None and sheet.header.unknown:
                avisos.append(f"{sheet.label}: se ignoraron las columnas {', '.join(sheet.header.unknown)}")
            avisos.extend(f"{sheet.label}: {aviso}" for aviso in (sheet.avisos if sheet else []))
    return [spec for _, spec in parsed]


def instrumentos_import(
    *, actor, fileobj, filename: str, cuadro: CuadroClasificacion | None = None, nombre: str = ""
) -> ImportSummary:
    """Validate the whole file, then replace the contents of `cuadro` (a borrador) or of a new borrador with it."""
    require_perm(actor, PERM_ADMINISTRAR, DENIED_MESSAGE)
    if cuadro is not None and cuadro.estado != CuadroClasificacion.Estado.BORRADOR:
        raise ConflictError(f"El CGCA versión {cuadro.version} no es un borrador: sólo se importa a un borrador.")
    name = Path(filename).name or "archivo"
    content = fileobj.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise InstrumentosImportError([f"{name}:1: archivo: pesa más de {MAX_BYTES // (1024 * 1024)} MB"])
    avisos: list[str] = []
    specs = instrumentos_parse(content=content, filename=name, avisos=avisos)
    with transaction.atomic():
        if cuadro is None:
            cuadro = cuadro_create_borrador(actor=actor, nombre=nombre or f"Importado de {name}")
        cuadro = cuadro_lock_borrador(cuadro)
        reemplazados = tree_clear(cuadro=cuadro)
        tree_write(cuadro=cuadro, specs=specs)
        summary = ImportSummary(
            cuadro=cuadro,
            nodos=len(specs),
            series=sum(spec.nivel in (Nivel.SERIE, Nivel.SUBSERIE) for spec in specs),
            disposiciones=sum(spec.disposicion is not None for spec in specs),
            fichas=sum(spec.ficha is not None for spec in specs),
            reemplazados=reemplazados,
            avisos=tuple(avisos),
        )
        audit_record(
            actor=actor,
            action="earchivo.cgca_importar",
            obj=cuadro,
            data={
                "version": cuadro.version,
                "archivo": name,
                "sha256": hashlib.sha256(content).hexdigest(),
                "nodos": summary.nodos,
                "disposiciones": summary.disposiciones,
                "fichas": summary.fichas,
                "reemplazados": reemplazados,
                "avisos": avisos,
            },
        )
    return summary
