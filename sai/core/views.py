from django.shortcuts import render

from sai.core.permissions import module_access_required


def home(request):
    return render(request, "home.html")


def module_index(*, module: str, description: str, permission: str):
    """The landing page of a module whose screens arrive with its own issue; guarded by the module permission."""

    @module_access_required(permission)
    def view(request):
        return render(request, "module_pending.html", {"module": module, "description": description})

    return view
