"""Búsqueda: full-text search over everything SAI keeps, with permissions inside the query.

Apps declare what they index in their own `search.py` (see `sai.search.registry.Indexable`) and call
`sai.search.services.search_enqueue(obj)` inside the transaction that changes an indexed object.
"""
