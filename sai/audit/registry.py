"""Which objects are classified, and who may see them: the apps that own such objects register here.

The platform cannot import the domain apps, yet the bitácora must (a) store no secret value of a classified
object and (b) show an entry about one only to users the object's own access door would let in. Each app registers
a `Clasificable` per model in its AppConfig.ready (earchivo: expedientes, their documents and versions).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model

OCULTO = "[clasificado]"


class Clasificable:
    tipo: str = ""  # the model's label_lower, as stored in EntradaBitacora.objeto_tipo

    def clasificado(self, obj) -> bool:
        """Whether this object's content is reserved or confidential now."""
        raise NotImplementedError

    def etiqueta(self, obj) -> str:
        """A representation with no secret in it (e.g. the clave without the title)."""
        raise NotImplementedError

    def ocultos(self, user, ids: set[str]) -> set[str]:
        """Of these ids, those classified now that `user` may not see (one query for a whole page of entries)."""
        raise NotImplementedError


_registry: dict[str, Clasificable] = {}


def register(clasificable: Clasificable) -> Clasificable:
    _registry[clasificable.tipo] = clasificable
    return clasificable


def _for(obj: Model | None) -> Clasificable | None:
    return _registry.get(obj._meta.label_lower) if obj is not None else None


def is_classified(obj: Model | None) -> bool:
    clasificable = _for(obj)
    return clasificable is not None and clasificable.clasificado(obj)


def safe_repr(obj: Model) -> str:
    clasificable = _for(obj)
    return clasificable.etiqueta(obj) if clasificable is not None else str(obj)


def hidden_for(user, objetos: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (objeto_tipo, objeto_id) pairs among `objetos` whose entries `user` must see as "[clasificado]"."""
    por_tipo: dict[str, set[str]] = defaultdict(set)
    for tipo, objeto_id in objetos:
        if tipo in _registry and objeto_id:
            por_tipo[tipo].add(objeto_id)
    return {(tipo, i) for tipo, ids in por_tipo.items() for i in _registry[tipo].ocultos(user, ids)}
