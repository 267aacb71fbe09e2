"""The bandejas (entrada, borradores, por revisar, por firmar, enviados) with search, filters and paging."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from eoficio.models import EstadoOficio, TipoOficio
from eoficio.permissions import BANDEJA
from eoficio.selectors.bandejas import BANDEJAS, bandeja_list
from sai.core.exceptions import NotFoundError
from sai.core.web import guarded

PAGE_SIZE = 25


@guarded(BANDEJA)
def bandeja(request, cual: str = "entrada"):
    if cual not in BANDEJAS:
        raise NotFoundError("Bandeja desconocida.")
    filtros = {k: request.GET.get(k, "") for k in ("q", "tipo", "estado")}
    qs = bandeja_list(user=request.user, bandeja=cual, **filtros)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "bandejas": BANDEJAS,
        "cual": cual,
        "titulo": BANDEJAS[cual],
        "page": page,
        "filtros": filtros,
        "tipos": TipoOficio.choices,
        "estados": EstadoOficio.choices,
    }
    return render(request, "eoficio/bandeja.html", context)


urlpatterns = [
    path("", bandeja, name="index"),
    path("bandeja/<str:cual>/", bandeja, name="bandeja"),
]
