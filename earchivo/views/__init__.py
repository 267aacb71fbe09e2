"""The archive's pages, one module per topic; each exposes `urlpatterns` (joined by earchivo/urls.py)."""

# The module permission every archive page asks first (then its own): `guarded(ARCHIVO, ...)`.
from earchivo.permissions import ARCHIVO

__all__ = ["ARCHIVO"]
