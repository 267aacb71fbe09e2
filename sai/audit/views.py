"""The bitácora page for the Auditor and the Órgano Interno de Control: filter, page through, export."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from sai.audit.consulta import VER_BITACORA, bitacora_consultar, bitacora_exportar
from sai.audit.forms import BitacoraFiltroForm
from sai.core.exceptions import ApplicationError
from sai.core.reports import file_response
from sai.core.web import PASS_THROUGH, client_ip, guarded


@require_GET
@guarded(VER_BITACORA)
def bitacora(request):
    form = BitacoraFiltroForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/bitacora.html", {"form": form, "page": None}, status=400)
    page = bitacora_consultar(
        actor=request.user, filtro=form.filtro(), pagina=request.GET.get("page"), ip=client_ip(request)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/bitacora.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@guarded(VER_BITACORA)
def exportar(request):
    form = BitacoraFiltroForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/bitacora.html", {"form": form, "page": None}, status=400)
    try:
        export = bitacora_exportar(
            actor=request.user, filtro=form.filtro(), formato=request.GET.get("formato", "csv"), ip=client_ip(request)
        )
    except PASS_THROUGH:
        raise
    except ApplicationError as exc:
        return render(request, "audit/bitacora.html", {"form": form, "page": None, "error": exc}, status=400)
    return file_response(export.contenido, filename=export.nombre, content_type=export.mime)
