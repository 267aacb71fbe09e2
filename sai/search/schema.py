"""What every indexed item looks like, whatever app it comes from, in both backends.

Each app's `search.py` turns its objects into `Elemento`s; the backends store `elemento_body()` as is.
Access fields (`acceso_*`) carry exactly what the apps' visibility rules test, so the permission filter is part
of the query. Facet fields hold "value|label" so results and facets display without a database round trip.
"""

import hashlib
import json
from dataclasses import dataclass, field

from sai.search.query import filtro

# Facets offered on every search, in display order: (name, label). A facet's value is also a filter key.
FACETAS: list[tuple[str, str]] = [
    ("objeto", "Tipo de resultado"),
    ("serie", "Serie documental"),
    ("unidad", "Unidad administrativa"),
    ("anio", "Año"),
    ("tipo_documental", "Tipo documental"),
    ("etapa", "Etapa"),
    ("clasificacion", "Clasificación"),
]
FACETA_NOMBRES = [name for name, _ in FACETAS]
SEPARADOR = "|"
# Bumped when the mapping or the body changes: `search_reindex --completo` then builds a new index.
SCHEMA_VERSION = 1


@dataclass
class Acceso:
    """Who may see an item: the inputs of the owning app's visibility rule."""

    unidad: int | None = None
    etapa: str = ""
    clasificacion: str = ""
    responsable: int | None = None
    usuarios: list[int] = field(default_factory=list)
    grupos: list[int] = field(default_factory=list)


@dataclass
class Elemento:
    """One item to index. `paginas[i]` is the text of page i + 1; `textos` are the other searchable texts."""

    tipo: str
    objeto_id: int
    titulo: str
    acceso: Acceso
    fecha: object = None  # datetime.date
    claves: list[str] = field(default_factory=list)
    textos: list[str] = field(default_factory=list)
    paginas: list[str] = field(default_factory=list)
    facetas: dict[str, tuple[str, str]] = field(default_factory=dict)
    filtros: list[str] = field(default_factory=list)
    firmado: bool | None = None
    datos: dict = field(default_factory=dict)
    # Identifies the extracted text without carrying it: the fingerprint then needs no text to compare.
    texto_ref: str = ""

    @property
    def key(self) -> str:
        return element_key(self.tipo, self.objeto_id)


def element_key(tipo: str, objeto_id) -> str:
    return f"{tipo}:{objeto_id}"


def _facet_value(value: str, label: str) -> str:
    return f"{value}{SEPARADOR}{label}"


def facet_split(stored: str) -> tuple[str, str]:
    value, _, label = str(stored).partition(SEPARADOR)
    return value, label or value


def elemento_body(elemento: Elemento) -> dict:
    """The stored document (ES `_source`, database row) with its fingerprint (`huella`)."""
    facetas = {name: elemento.facetas[name] for name in FACETA_NOMBRES if name in elemento.facetas}
    filtros = {filtro(name, value) for name, (value, _) in facetas.items()} | set(elemento.filtros)
    if elemento.firmado is not None:
        filtros.add(filtro("firmado", "si" if elemento.firmado else "no"))
    anio = facetas.get("anio", (None,))[0]
    body = {
        "key": elemento.key,
        "tipo": elemento.tipo,
        "objeto_id": elemento.objeto_id,
        "titulo": elemento.titulo,
        "textos": [t for t in elemento.textos if t],
        "claves": sorted({c.strip() for c in elemento.claves if c and c.strip()}),
        "fecha": elemento.fecha.isoformat() if elemento.fecha else None,
        "anio": int(anio) if anio not in (None, "") else None,
        "firmado": elemento.firmado,
        "filtros": sorted(filtros),
        "acceso_unidad": elemento.acceso.unidad,
        "acceso_etapa": elemento.acceso.etapa,
        "acceso_clasificacion": elemento.acceso.clasificacion,
        "acceso_responsable": elemento.acceso.responsable,
        "acceso_usuarios": sorted(set(elemento.acceso.usuarios)),
        "acceso_grupos": sorted(set(elemento.acceso.grupos)),
        "datos": elemento.datos,
        "texto_ref": elemento.texto_ref,
        **{f"faceta_{name}": _facet_value(*value) for name, value in facetas.items()},
    }
    body["huella"] = body_fingerprint(body)
    body["paginas"] = [{"numero": n, "texto": t} for n, t in enumerate(elemento.paginas, start=1) if t.strip()]
    return body


def body_fingerprint(body: dict) -> str:
    """SHA-256 of everything but the page texts (stood for by `texto_ref`): equal means the index is current."""
    canonical = {k: v for k, v in body.items() if k not in ("huella", "paginas")}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str).encode()).hexdigest()


def es_mappings() -> dict:
    text = {"type": "text", "analyzer": "sai_es"}
    # Offsets in the postings let the highlighter mark matches without re-analyzing whole pages.
    highlighted = {**text, "index_options": "offsets"}
    keyword = {"type": "keyword"}
    properties = {
        "key": keyword,
        "tipo": keyword,
        "objeto_id": {"type": "long"},
        "titulo": {**highlighted, "copy_to": "contenido"},
        "textos": {**highlighted, "copy_to": "contenido"},
        "contenido": text,
        "paginas": {
            "type": "nested",
            "properties": {"numero": {"type": "integer"}, "texto": {**highlighted, "copy_to": "contenido"}},
        },
        "claves": {"type": "keyword", "normalizer": "sai_norm"},
        "fecha": {"type": "date", "format": "strict_date"},
        "anio": {"type": "integer"},
        "firmado": {"type": "boolean"},
        "filtros": keyword,
        "acceso_unidad": {"type": "long"},
        "acceso_etapa": keyword,
        "acceso_clasificacion": keyword,
        "acceso_responsable": {"type": "long"},
        "acceso_usuarios": {"type": "long"},
        "acceso_grupos": {"type": "long"},
        "datos": {"type": "object", "enabled": False},
        "texto_ref": {"type": "keyword", "index": False},
        "huella": {"type": "keyword", "index": False},
        **{f"faceta_{name}": keyword for name in FACETA_NOMBRES},
    }
    return {"dynamic": "strict", "properties": properties}


def es_settings() -> dict:
    return {
        "number_of_shards": 1,
        # One replica where there is a second node to hold it; none on a single node (stays green).
        "auto_expand_replicas": "0-1",
        "refresh_interval": "1s",
        "analysis": {
            "filter": {"sai_light_spanish": {"type": "stemmer", "language": "light_spanish"}},
            "analyzer": {
                "sai_es": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding", "sai_light_spanish"],
                }
            },
            "normalizer": {"sai_norm": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
        },
    }
