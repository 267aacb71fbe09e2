"""Which apps index what: each app's `search.py` registers `Indexable` types here (found at startup).

An Indexable says how to build its items in bulk, who may see them (a filter tree mirroring the app's own
access selector), which model changes make which items stale (`fuentes`), and where a hit links to.
"""

import logging
from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet
from django.utils.module_loading import autodiscover_modules

from sai.search.query import NADA, Term, o, y
from sai.search.schema import Elemento

logger = logging.getLogger(__name__)


class Indexable:
    tipo: str = ""  # the item type, e.g. "documento" (also the `objeto` facet value)
    etiqueta: str = ""  # its label, e.g. "Documento"
    modelo: type[Model]

    def ids(self) -> QuerySet:
        """Primary keys of every object that belongs in the index, ordered by pk (status and rebuild walk it)."""
        return self.modelo.objects.order_by("pk").values_list("pk", flat=True)

    def construir(self, ids: list, *, con_texto: bool = True) -> dict[int, Elemento]:
        """The items for these ids (absent ids: delete from the index). No N+1: called with batches of hundreds.

        With con_texto=False the pages may be left out (status compares fingerprints, which exclude them).
        """
        raise NotImplementedError

    def visibilidad(self, user):
        """Filter tree over the `acceso_*` fields: exactly what `user` may see of this type (NADA for nothing)."""
        raise NotImplementedError

    def fuentes(self) -> dict[str, Callable[[str], Iterable]]:
        """Model label -> function(pk) giving the ids of this type to reindex when that object changes."""
        return {self.modelo._meta.label_lower: lambda pk: [pk]}

    def enlace(self, hit) -> str:
        """URL of a hit's page (`hit` is a results.Hit: tipo, objeto_id, datos, pagina...)."""
        raise NotImplementedError

    def enlace_contenido(self, hit) -> str:
        """URL of the hit's content at its page, if it has content of its own."""
        return ""


_registry: dict[str, Indexable] = {}


def register(indexable: Indexable) -> Indexable:
    _registry[indexable.tipo] = indexable
    return indexable


def autodiscover() -> None:
    autodiscover_modules("search")


def tipos() -> dict[str, Indexable]:
    return dict(_registry)


def tipo_get(tipo: str) -> Indexable:
    return _registry[tipo]


def model_label(obj_or_label) -> str:
    if isinstance(obj_or_label, str):
        return obj_or_label.lower()
    return obj_or_label._meta.label_lower


def watched_labels() -> set[str]:
    return {label for indexable in _registry.values() for label in indexable.fuentes()}


def expand(label: str, pk: str) -> dict[str, list]:
    """The items (type -> ids) to reindex because object `label`/`pk` changed (or was deleted)."""
    out: dict[str, list] = {}
    for tipo, indexable in _registry.items():
        source = indexable.fuentes().get(label)
        if source is not None:
            ids = list(source(pk))
            if ids:
                out.setdefault(tipo, []).extend(ids)
    return out


def visibility_filter(user, tipos_: Iterable[str] | None = None):
    """What `user` may see across all types: OR over types of (tipo = T AND T's rule)."""
    if user is None or not (user.is_authenticated and user.is_active):
        return NADA
    parts = []
    for tipo, indexable in _registry.items():
        if tipos_ is not None and tipo not in tipos_:
            continue
        rule = indexable.visibilidad(user)
        if rule != NADA:
            parts.append(y(Term("tipo", (tipo,)), rule))
    return o(*parts)
