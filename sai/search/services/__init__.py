"""Search writes. Apps need only `search_enqueue(obj)`: call it in the transaction that changes an indexed
object (or anything its items show: an expediente's classification, grants, etapa...)."""

from sai.search.services.indexing import search_enqueue, search_flush, search_rebuild, search_repair

__all__ = ["search_enqueue", "search_flush", "search_rebuild", "search_repair"]
