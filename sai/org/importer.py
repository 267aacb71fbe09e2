"""Load a real institution's areas and people from two CSV files, all or nothing.

Every row is validated before anything is written; each problem is reported as `file:row: field: reason`
(row = line in the file, the header being line 1). Re-importing the same files updates in place.
"""

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from sai.core.exceptions import ApplicationError
from sai.org.models import Perfil, UnidadAdministrativa, validate_curp, validate_rfc
from sai.org.roles import ROLE_PERMISSIONS
from sai.org.services import unidad_set_responsables, unidad_upsert, usuario_upsert

AREAS_COLUMNS = ("siglas", "nombre", "padre", "titular", "responsable_archivo_tramite", "activa")
USUARIOS_COLUMNS = ("usuario", "nombre", "apellidos", "correo", "unidad", "cargo", "roles", "activo")
# Optional: files from before they existed still import (the people then cannot register an e.firma yet).
USUARIOS_OPTIONAL_COLUMNS = ("rfc", "curp")
_BOOLEANS = {
    "si": True,
    "sí": True,
    "true": True,
    "1": True,
    "no": False,
    "false": False,
    "0": False,
    "": True,
}
_ROLE_SEPARATORS = (";", "|")
User = get_user_model()


class OrgImportError(ApplicationError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} error(es); no se importó nada.")
        self.problems = problems


@dataclass
class _Rows:
    name: str
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    unidades: int
    usuarios: int


def _read_csv(path: Path, columns: tuple[str, ...], problems: list[str], optional: tuple[str, ...] = ()) -> _Rows:
    result = _Rows(path.name)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(f"{path.name}:1: archivo: no está codificado en UTF-8 (guárdelo como «CSV UTF-8»)")
        return result
    except OSError as exc:
        problems.append(f"{path.name}:1: archivo: no se puede leer ({exc.strerror})")
        return result
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in columns if column not in header]
    if missing:
        problems.append(f"{path.name}:1: encabezado: faltan las columnas {', '.join(missing)}")
        return result
    reader.fieldnames = header
    for raw in reader:
        row = dict.fromkeys(optional, "")
        row.update({key: (value or "").strip() for key, value in raw.items() if key in columns + optional})
        if any(row.values()):
            result.rows.append((reader.line_num, row))
    return result


def _parse_bool(value: str) -> bool | None:
    return _BOOLEANS.get(value.strip().lower())


def _validate_areas(areas: _Rows, known_users: set[str], problems: list[str]) -> dict[str, dict]:
    def problem(line: int, column: str, reason: str) -> None:
        problems.append(f"{areas.name}:{line}: {column}: {reason}")

    parsed: dict[str, dict] = {}
    for line, row in areas.rows:
        siglas = row["siglas"]
        if not siglas:
            problem(line, "siglas", "es obligatorio")
            continue
        if len(siglas) > 30:
            problem(line, "siglas", "admite 30 caracteres como máximo")
        if siglas in parsed:
            problem(line, "siglas", f"{siglas!r} está repetida (ya aparece en la fila {parsed[siglas]['line']})")
            continue
        if not row["nombre"]:
            problem(line, "nombre", "es obligatorio")
        for column in ("titular", "responsable_archivo_tramite"):
            if row[column] and row[column] not in known_users:
                problem(line, column, f"el usuario {row[column]!r} no está en usuarios.csv ni en SAI")
        activa = _parse_bool(row["activa"])
        if activa is None:
            problem(line, "activa", f"{row['activa']!r} no es sí/no")
        parsed[siglas] = {**row, "line": line, "activa": activa}

    existing = set(UnidadAdministrativa.objects.values_list("siglas", flat=True))
    for siglas, row in parsed.items():
        padre = row["padre"]
        if padre and padre not in parsed and padre not in existing:
            problem(row["line"], "padre", f"la unidad {padre!r} no existe")
        elif padre and _has_cycle(siglas, parsed):
            problem(row["line"], "padre", f"{siglas!r} quedaría como subunidad de sí misma")
    return parsed


def _has_cycle(siglas: str, parsed: dict[str, dict]) -> bool:
    current = parsed[siglas]["padre"]
    for _ in range(len(parsed)):
        if current == siglas:
            return True
        if current not in parsed:
            return False
        current = parsed[current]["padre"]
    return False


def _validate_usuarios(usuarios: _Rows, known_unidades: set[str], problems: list[str]) -> dict[str, dict]:
    def problem(line: int, column: str, reason: str) -> None:
        problems.append(f"{usuarios.name}:{line}: {column}: {reason}")

    username_field = User._meta.get_field("username")
    parsed: dict[str, dict] = {}
    for line, row in usuarios.rows:
        username = row["usuario"]
        try:
            username_field.run_validators(username)
            if not username:
                raise ValidationError("es obligatorio")
        except ValidationError as exc:
            problem(line, "usuario", " ".join(exc.messages))
            continue
        if username in parsed:
            problem(
                line,
                "usuario",
                f"{username!r} está repetido (ya aparece en la fila {parsed[username]['line']})",
            )
            continue
        if row["correo"]:
            try:
                validate_email(row["correo"])
            except ValidationError:
                problem(line, "correo", f"{row['correo']!r} no es un correo electrónico válido")
        if row["unidad"] and row["unidad"] not in known_unidades:
            problem(line, "unidad", f"la unidad {row['unidad']!r} no existe")
        roles = _split_roles(row["roles"])
        for role in roles:
            if role not in ROLE_PERMISSIONS:
                problem(line, "roles", f"{role!r} no es un rol de SAI ({', '.join(ROLE_PERMISSIONS)})")
        activo = _parse_bool(row["activo"])
        if activo is None:
            problem(line, "activo", f"{row['activo']!r} no es sí/no")
        identidad = _validate_identidad(row, username, parsed, functools.partial(problem, line))
        parsed[username] = {**row, **identidad, "line": line, "roles": roles, "activo": activo}
    return parsed


def _validate_identidad(row: dict, username: str, parsed: dict, problem) -> dict[str, str]:
    """RFC and CURP: official format, and nobody else's (in the file or already in SAI). `problem(column, reason)`."""
    identidad = {}
    for column, validator in (("rfc", validate_rfc), ("curp", validate_curp)):
        value = row[column].upper()
        identidad[column] = value
        if not value:
            continue
        try:
            validator(value)
        except ValidationError as exc:
            problem(column, " ".join(exc.messages))
            continue
        twin = next((name for name, other in parsed.items() if other[column] == value), None)
        twin = twin or (
            Perfil.objects.filter(**{column: value})
            .exclude(usuario__username=username)
            .values_list("usuario__username", flat=True)
            .first()
        )
        if twin:
            problem(column, f"{value} ya pertenece al usuario {twin!r}")
    return identidad


def _split_roles(value: str) -> list[str]:
    for separator in _ROLE_SEPARATORS:
        value = value.replace(separator, "\n")
    return [role.strip() for role in value.splitlines() if role.strip()]


def org_import(*, areas_path: Path, usuarios_path: Path, actor=None) -> ImportSummary:
    """Validate both files completely, then write everything in one transaction, or raise OrgImportError."""
    problems: list[str] = []
    areas = _read_csv(areas_path, AREAS_COLUMNS, problems)
    usuarios = _read_csv(usuarios_path, USUARIOS_COLUMNS, problems, USUARIOS_OPTIONAL_COLUMNS)
    file_users = {row["usuario"] for _, row in usuarios.rows}
    known_users = file_users | set(User.objects.values_list("username", flat=True))
    parsed_areas = _validate_areas(areas, known_users, problems)
    known_unidades = set(parsed_areas) | set(UnidadAdministrativa.objects.values_list("siglas", flat=True))
    parsed_usuarios = _validate_usuarios(usuarios, known_unidades, problems)
    if problems:
        raise OrgImportError(problems)
    with transaction.atomic():
        unidades = _write_unidades(parsed_areas, actor)
        users = {
            username: usuario_upsert(
                actor=actor,
                username=username,
                first_name=row["nombre"],
                last_name=row["apellidos"],
                email=row["correo"],
                unidad=unidades.get(row["unidad"]) or UnidadAdministrativa.objects.filter(siglas=row["unidad"]).first(),
                cargo=row["cargo"],
                rfc=row["rfc"],
                curp=row["curp"],
                roles=row["roles"],
                activo=row["activo"],
            )
            for username, row in parsed_usuarios.items()
        }
        for siglas, row in parsed_areas.items():
            unidad_set_responsables(
                actor=actor,
                unidad=unidades[siglas],
                titular=_user(row["titular"], users),
                responsable_archivo_tramite=_user(row["responsable_archivo_tramite"], users),
            )
    return ImportSummary(unidades=len(parsed_areas), usuarios=len(parsed_usuarios))


def _write_unidades(parsed: dict[str, dict], actor) -> dict[str, UnidadAdministrativa]:
    """Parents first: a unidad is written once its padre exists (from the file or already in SAI)."""
    written: dict[str, UnidadAdministrativa] = {}
    pending = dict(parsed)
    while pending:
        for siglas, row in list(pending.items()):
            padre_siglas = row["padre"]
            if padre_siglas in pending:
                continue
            padre = written.get(padre_siglas) or UnidadAdministrativa.objects.filter(siglas=padre_siglas).first()
            written[siglas] = unidad_upsert(
                actor=actor, siglas=siglas, nombre=row["nombre"], padre=padre, activa=row["activa"]
            )
            del pending[siglas]
    return written


def _user(username: str, users: dict):
    if not username:
        return None
    return users.get(username) or User.objects.get(username=username)
