"""Elasticsearch 8 backend: the only module that imports `elasticsearch`.

Index layout: `<prefix>-busqueda` is an alias to one versioned index `<prefix>-busqueda-v<schema>-<timestamp>`.
A full rebuild fills a fresh index (reachable meanwhile as `<prefix>-busqueda-nueva`, so live changes are written
to both) and then swaps the alias in one atomic call: searches never see a half-built index. Writes carry an
external version (the time the item was read from the database), so a late or repeated write never replaces
newer content and every write is idempotent. Needs only core features: no scripts, _reindex or ingest.
"""

import datetime
import logging
from collections.abc import Iterator

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError, TransportError

from sai.core.exceptions import ApplicationError
from sai.search.backends.base import BackendUnavailable, IndexingError
from sai.search.backends.es_query import compile_search, parse_response
from sai.search.results import Consulta, Resultado
from sai.search.schema import SCHEMA_VERSION, es_mappings, es_settings

logger = logging.getLogger(__name__)


def _unavailable(exc: Exception) -> bool:
    if isinstance(exc, TransportConnectionError | ConnectionTimeout):
        return True
    if isinstance(exc, ApiError):
        return exc.meta.status in (429, 502, 503, 504)
    return isinstance(exc, TransportError)


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, config: dict) -> None:
        auth = (config["USERNAME"], config["PASSWORD"]) if config["USERNAME"] else None
        self.client = Elasticsearch(
            config["URL"],
            basic_auth=auth,
            ca_certs=config["CA_CERTS"] or None,
            request_timeout=config["TIMEOUT"],
            max_retries=1,
            retry_on_timeout=False,
        )
        prefix = (config["INDEX_PREFIX"] or "sai").lower()
        self.alias = f"{prefix}-busqueda"
        self.building_alias = f"{prefix}-busqueda-nueva"

    # --- health and layout --------------------------------------------------------------------------------------

    def _call(self, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except Exception as exc:
            if _unavailable(exc):
                raise BackendUnavailable(f"Elasticsearch no responde: {exc}") from exc
            raise

    def ping(self) -> str:
        health = self.client.options(request_timeout=3).cluster.health()
        if health["status"] not in ("green", "yellow"):
            raise ConnectionError(f"el clúster está en estado {health['status']}")
        return f"elasticsearch:{health['cluster_name']}:{health['status']}"

    def _aliased(self, alias: str) -> list[str]:
        try:
            return sorted(self._call(self.client.indices.get_alias, name=alias).body)
        except NotFoundError:
            return []

    def new_index_name(self) -> str:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias}-v{SCHEMA_VERSION}-{stamp}"

    def _create(self, name: str) -> None:
        self._call(self.client.indices.create, index=name, settings=es_settings(), mappings=es_mappings())
        self._call(self.client.cluster.health, index=name, wait_for_status="yellow", timeout="30s")

    def setup(self) -> None:
        """Create the first index behind the alias if there is none (idempotent, also when workers race:
        the first index has a fixed name, so two of them cannot each create one and alias both)."""
        if not self._aliased(self.alias):
            name = f"{self.alias}-v{SCHEMA_VERSION}-0"
            try:
                self._create(name)
            except BadRequestError as exc:
                if exc.error != "resource_already_exists_exception":
                    raise
            self._call(self.client.indices.put_alias, index=name, name=self.alias)

    def current_index(self) -> str | None:
        names = self._aliased(self.alias)
        return names[0] if names else None

    def write_targets(self) -> list[str]:
        """Where changes go: the live index, plus the one a rebuild is filling."""
        self.setup()
        return sorted(set(self._aliased(self.alias)) | set(self._aliased(self.building_alias)))

    def schema_current(self) -> bool:
        current = self.current_index() or ""
        return current.startswith(f"{self.alias}-v{SCHEMA_VERSION}-")

    # --- writes -------------------------------------------------------------------------------------------------

    def _bulk(self, operations: list, refresh: bool) -> None:
        if not operations:
            return
        response = self._call(self.client.bulk, operations=operations, refresh="true" if refresh else "false")
        if not response["errors"]:
            return
        failures = []
        for item in response["items"]:
            action, result = next(iter(item.items()))
            status = result.get("status", 500)
            # 409: a newer version is already there; 404 on delete: already gone. Both mean "done".
            if status < 300 or status == 409 or (action == "delete" and status == 404):
                continue
            if status == 429 or status >= 500:
                raise BackendUnavailable(f"Elasticsearch rechazó el lote: {result.get('error')}")
            failures.append(f"{result.get('_id')}: {result.get('error')}")
        if failures:
            raise IndexingError("; ".join(failures[:5]))

    def write(self, *, bodies: list[dict], deletes: list[str], version: int, refresh: bool = False) -> None:
        targets = self.write_targets()
        operations: list = []
        for target in targets:
            for body in bodies:
                meta = {"_index": target, "_id": body["key"], "version": version, "version_type": "external_gte"}
                operations += [{"index": meta}, body]
            for key in deletes:
                operations.append(
                    {"delete": {"_index": target, "_id": key, "version": version, "version_type": "external_gte"}}
                )
        self._bulk(operations, refresh)

    def write_into(self, *, index: str, bodies: list[dict], version: int) -> None:
        """Rebuild path: write only into the index being built."""
        operations: list = []
        for body in bodies:
            meta = {"_index": index, "_id": body["key"], "version": version, "version_type": "external_gte"}
            operations += [{"index": meta}, body]
        self._bulk(operations, refresh=False)

    def refresh(self) -> None:
        for target in self.write_targets():
            self._call(self.client.indices.refresh, index=target)

    # --- rebuild (zero downtime) --------------------------------------------------------------------------------

    def rebuild_begin(self, resume: str | None = None) -> str:
        """A fresh index that receives live changes from now on; `resume` continues an interrupted one."""
        if resume and self._call(self.client.indices.exists, index=resume):
            return resume
        name = self.new_index_name()
        self._create(name)
        self._call(self.client.indices.put_settings, index=name, settings={"refresh_interval": "-1"})
        self._call(self.client.indices.put_alias, index=name, name=self.building_alias)
        return name

    def rebuild_finish(self, index: str) -> None:
        """Point the alias at the rebuilt index atomically, then drop the old ones."""
        self._call(self.client.indices.put_settings, index=index, settings={"refresh_interval": "1s"})
        self._call(self.client.indices.refresh, index=index)
        old = self._aliased(self.alias)
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions += [
            {"add": {"index": index, "alias": self.alias}},
            {"remove": {"index": index, "alias": self.building_alias}},
        ]
        self._call(self.client.indices.update_aliases, actions=actions)
        for name in old:
            if name != index:
                self._call(self.client.indices.delete, index=name)

    def rebuild_abandon(self, index: str) -> None:
        self.client.options(ignore_status=404).indices.delete(index=index)

    def drop_all(self) -> None:
        """Delete every index of this prefix (tests, and `search_reindex --borrar`)."""
        names = self._call(self.client.indices.get, index=f"{self.alias}-*", expand_wildcards="all").body
        for name in names:
            self.client.options(ignore_status=404).indices.delete(index=name)

    # --- reads --------------------------------------------------------------------------------------------------

    def search(self, consulta: Consulta) -> Resultado:
        body = compile_search(consulta)
        try:
            response = self._call(self.client.search, index=self.alias, **body)
        except NotFoundError:
            # Nothing indexed yet on a fresh installation: create the index, answer "nothing found".
            self.setup()
            response = self._call(self.client.search, index=self.alias, **body)
        except BadRequestError as exc:
            if consulta.despues:  # a tampered cursor
                raise ApplicationError(
                    "La página solicitada no es válida.", errors={"cursor": [str(exc.error)]}
                ) from None
            raise
        return parse_response(response.body, consulta)

    def compiled(self, consulta: Consulta) -> dict:
        """The exact request body a search sends (the benchmark replays it raw)."""
        return compile_search(consulta)

    def scan(self, tipo: str, page: int = 2000) -> Iterator[tuple[str, str]]:
        """(objeto_id, huella) of every indexed item of a type, in key order (for `search_status`)."""
        if not self.current_index():
            return
        after = None
        while True:
            kwargs = {"search_after": after} if after else {}
            response = self._call(
                self.client.search,
                index=self.alias,
                query={"term": {"tipo": tipo}},
                sort=[{"key": "asc"}],
                size=page,
                source=False,
                docvalue_fields=["huella"],
                track_total_hits=False,
                **kwargs,
            )
            hits = response["hits"]["hits"]
            for hit in hits:
                yield hit["_id"].split(":", 1)[1], (hit.get("fields", {}).get("huella") or [""])[0]
            if len(hits) < page:
                return
            after = hits[-1]["sort"]

    def count(self) -> int:
        if not self.current_index():
            return 0
        return self._call(self.client.count, index=self.alias)["count"]
