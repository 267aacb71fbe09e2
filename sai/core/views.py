from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults

from sai.core.api import INTERNAL_ERROR, error_body
from sai.core.pendientes import pendientes_de
from sai.core.permissions import module_access_required

PENDIENTES_PRIMEROS = 5  # items shown per source on the home page; its link leads to the rest


def home(request):
    """The "Mis pendientes" home: what every registered source has waiting for this person (sai.core.pendientes)."""
    return render(request, "home.html", {"secciones": pendientes_de(request.user, limite=PENDIENTES_PRIMEROS)})


def module_index(*, module: str, description: str, permission: str):
    """The landing page of a module whose screens arrive with its own issue; guarded by the module permission."""

    @module_access_required(permission)
    def view(request):
        return render(request, "module_pending.html", {"module": module, "description": description})

    return view


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    """404: JSON in the API's error shape under /api/, Django's page elsewhere."""
    if _api(request):
        return JsonResponse(error_body("No encontrado."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON in the API's error shape under /api/ (failures outside a DRF view), Django's page elsewhere."""
    if _api(request):
        return JsonResponse(error_body(INTERNAL_ERROR), status=500)
    return defaults.server_error(request)
