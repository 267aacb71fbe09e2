"""Comparing two versions of an oficio sent to review: a line diff of what a reviewer reads."""

import difflib
from dataclasses import dataclass

from eoficio.models import Oficio, VersionOficio
from eoficio.services.cuerpo import cuerpo_texto
from sai.core.exceptions import NotFoundError


@dataclass(frozen=True)
class LineaDiff:
    tipo: str  # "igual", "agregada", "quitada"
    texto: str


def _lineas(version: VersionOficio) -> list[str]:
    destinatarios = [
        ("C.c.p. " if d["copia"] else "Para: ") + ", ".join(x for x in (d["nombre"], d["cargo"]) if x)
        for d in version.destinatarios
    ]
    return [
        f"Asunto: {version.asunto}",
        f"Referencia: {version.referencia}",
        *destinatarios,
        *cuerpo_texto(version.cuerpo).splitlines(),
    ]


def version_diff(*, oficio: Oficio, a: int, b: int) -> list[LineaDiff]:
    """The lines of version `a` and `b` of a (visible) oficio, marked as kept, added or removed."""
    versiones = {v.numero: v for v in oficio.versiones.filter(numero__in=[a, b])}
    if a not in versiones or b not in versiones:
        raise NotFoundError("No existe alguna de las versiones pedidas.")
    lineas = []
    for linea in difflib.ndiff(_lineas(versiones[a]), _lineas(versiones[b])):
        marca, texto = linea[:2], linea[2:]
        if marca == "? ":
            continue
        lineas.append(LineaDiff({"  ": "igual", "+ ": "agregada", "- ": "quitada"}[marca], texto))
    return lineas
