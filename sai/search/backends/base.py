"""What every search backend provides, and the two ways a backend call can fail."""

from collections.abc import Iterator
from typing import Protocol

from sai.search.results import Consulta, Resultado


class BackendUnavailable(Exception):
    """The backend cannot be reached right now (down, overloaded): retry later, nothing is lost."""


class IndexingError(Exception):
    """The backend refused some items for good (e.g. a body it cannot store): retrying will not help."""


class SearchBackend(Protocol):
    name: str

    def ping(self) -> str: ...

    def setup(self) -> None:
        """Create what the backend needs (index and alias, FTS tables); idempotent."""

    def write(self, *, bodies: list[dict], deletes: list[str], version: int, refresh: bool = False) -> None:
        """Upsert bodies and delete keys; a write with an older `version` than the stored one is ignored."""

    def search(self, consulta: Consulta) -> Resultado: ...

    def scan(self, tipo: str) -> Iterator[tuple[str, str]]:
        """(objeto_id, huella) of every stored item of a type."""

    def refresh(self) -> None:
        """Make every write so far visible to searches."""

    def rebuild_begin(self, resume: str | None = None) -> str: ...

    def write_into(self, *, index: str, bodies: list[dict], version: int) -> None: ...

    def rebuild_finish(self, index: str) -> None: ...

    def rebuild_abandon(self, index: str) -> None: ...

    def count(self) -> int: ...

    def drop_all(self) -> None: ...
