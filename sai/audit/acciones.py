"""Readable Spanish for the bitácora's action codes, in one place: each app registers its labels in
AppConfig.ready (the platform cannot know them), and every page showing entries asks `accion_describir`.

The code stays what the chain stores and what auditors filter by; a label is only how a person reads it. A label
may quote one value of the entry's data («Oficio 123.pdf»), never a keyed digest (a classified value).
"""

import datetime
from dataclasses import dataclass

from sai.audit.chain import SECRET_PREFIX


@dataclass(frozen=True)
class Etiqueta:
    texto: str
    campo: str = ""  # the key of the entry's data quoted after the text, if present


_etiquetas: dict[str, Etiqueta] = {}
# Keys of the data that mean nothing to a reader (content hashes): the bitácora page still shows the raw data.
_TECNICOS = ("sha256", "hash", "blob", "huella")


def acciones_register(etiquetas: dict[str, str | tuple[str, str]]) -> None:
    """code → text, or code → (text, key of the data to quote)."""
    for accion, etiqueta in etiquetas.items():
        texto, campo = (etiqueta, "") if isinstance(etiqueta, str) else etiqueta
        _etiquetas[accion] = Etiqueta(texto, campo)


def _texto(valor) -> str:
    """A value as a person reads it: ISO dates stored in the data read dd/mm/aaaa."""
    if isinstance(valor, str) and len(valor) >= 10 and valor[4:5] == "-" and valor[7:8] == "-":
        try:
            return datetime.date.fromisoformat(valor[:10]).strftime("%d/%m/%Y") + (
                f" {valor[11:16]}" if len(valor) > 10 else ""
            )
        except ValueError:
            pass
    return "sí" if valor is True else "no" if valor is False else str(valor)


def _legible(valor) -> bool:
    return valor not in (None, "", [], {}) and not (isinstance(valor, str) and valor.startswith(SECRET_PREFIX))


def accion_describir(accion: str, datos=None) -> str:
    """«Documento agregado: «Oficio 123.pdf»» for `documento.crear`; an unregistered code reads as itself."""
    etiqueta = _etiquetas.get(accion)
    if etiqueta is None:
        return accion
    valor = datos.get(etiqueta.campo) if etiqueta.campo and isinstance(datos, dict) else None
    return f"{etiqueta.texto}: «{_texto(valor)}»" if _legible(valor) else etiqueta.texto


def _cambio(valor) -> str:
    """A change stored as [antes, después] reads «antes → después» (a digest reads «[clasificado]»)."""
    if isinstance(valor, list):
        return " → ".join(_texto(v) if _legible(v) else "[clasificado]" for v in valor)
    return _texto(valor) if _legible(valor) else "[clasificado]"


def datos_legibles(datos) -> list[tuple[str, str]]:
    """The entry's data for a person: keys as words, hashes and digests left out, dates dd/mm/aaaa."""
    if not isinstance(datos, dict):
        return []
    filas = []
    for clave, valor in datos.items():
        if clave.endswith(_TECNICOS) or not _legible(valor):
            continue
        if isinstance(valor, list):
            texto = ", ".join(_texto(v) for v in valor if _legible(v))
        elif isinstance(valor, dict):
            texto = "; ".join(f"{k.replace('_', ' ')}: {_cambio(v)}" for k, v in valor.items() if _legible(v))
        else:
            texto = _texto(valor)
        if texto:
            filas.append((clave.replace("_", " ").capitalize(), texto))
    return filas
