"""/verifica/: the public verification page (no login), included by sai/urls.py."""

from firma.views.publico import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
