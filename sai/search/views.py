"""The search page and the auditors' export: parse, call one service, render."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from sai.core.exceptions import ApplicationError
from sai.core.reports import file_response
from sai.core.web import PASS_THROUGH, client_ip, guarded
from sai.search.params import facet_toggle_query, search_params, with_cursor
from sai.search.results import ORDENES
from sai.search.services.consulta import ACCESO_BUSQUEDA, AUDITOR, is_auditor, search_execute, search_export


def _page(request, params: dict, **context):
    base = {"params": params, "ordenes": ORDENES, "resultado": None, "error": None, "auditor": is_auditor(request.user)}
    base.update(context)
    status = base["error"].status_code if base["error"] else 200
    return render(request, "search/busqueda.html", base, status=status)


def _links(request, resultado) -> dict:
    """Facet toggles, the next page, the first page and the export keep every other parameter."""
    for faceta in resultado.facetas:
        for valor in faceta.valores:
            valor.enlace = "?" + facet_toggle_query(request.GET, faceta.nombre, valor.valor)
    without_cursor = request.GET.copy()
    without_cursor.pop("cursor", None)
    return {
        "siguiente": "?" + with_cursor(request.GET, resultado.siguiente) if resultado.siguiente else "",
        "es_pagina_siguiente": bool(request.GET.get("cursor")),
        "primera": "?" + without_cursor.urlencode(),
        "exportar": without_cursor.urlencode(),
    }


@require_GET
@guarded(ACCESO_BUSQUEDA)
def busqueda(request):
    params = search_params(request.GET)
    if "q" not in request.GET and not params["facetas"]:
        return _page(request, params)
    try:
        resultado = search_execute(
            actor=request.user, cursor=request.GET.get("cursor"), ip=client_ip(request), **params
        )
    except PASS_THROUGH:
        raise
    except ApplicationError as exc:
        return _page(request, params, error=exc)
    return _page(request, params, resultado=resultado, **_links(request, resultado))


@require_GET
@guarded(ACCESO_BUSQUEDA, AUDITOR)
def exportar(request):
    params = search_params(request.GET)
    formato = request.GET.get("formato", "csv")
    try:
        export = search_export(actor=request.user, formato=formato, ip=client_ip(request), **params)
    except PASS_THROUGH:
        raise
    except ApplicationError as exc:
        return _page(request, params, error=exc)
    return file_response(export.contenido, filename=export.nombre, content_type=export.mime)
