"""The public verification page /verifica/<uuid> reached from the QR: no login.

Público documents show their data, every signature's report and the original for download; reservada/confidencial
ones show only whether the signatures are valid. Anyone may upload a copy to check it is the same signed PDF.
"""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import RedirectView

from firma.forms import VerificaCopiaForm
from firma.selectors import es_publico, solicitud_get_by_uuid
from firma.services import firma_validate, solicitud_pdf_download
from firma.verificacion import Cotejo, cotejo_hashes, verificacion_build
from sai.core.exceptions import NotFoundError
from sai.core.web import client_ip

MAX_COPIA = 20 * 1024 * 1024
COTEJOS_POR_MINUTO = 10

app_name = "verifica"


def _solicitud(uuid):
    try:
        return solicitud_get_by_uuid(uuid=uuid)
    except NotFoundError:
        raise Http404("No existe un documento firmado con ese identificador.") from None


def _limite_excedido(ip: str | None) -> bool:
    """A few uploaded copies per minute and address: validation is the expensive part of this public page."""
    key = f"firma:cotejo:{ip or '-'}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > COTEJOS_POR_MINUTO
    except ValueError:
        return False


def _cotejar(request, solicitud, form) -> tuple[Cotejo | None, str]:
    upload = form.cleaned_data["archivo"]
    if upload.size > MAX_COPIA:
        return None, f"El archivo supera el límite de {MAX_COPIA // (1024 * 1024)} MB."
    if _limite_excedido(client_ip(request)):
        return None, "Demasiadas verificaciones desde su dirección; intente de nuevo en un minuto."
    pdf = upload.read()
    sha256 = hashlib.sha256(pdf).hexdigest()
    reporte = firma_validate(pdf=pdf, actor=None, ip=client_ip(request))
    return Cotejo(sha256, cotejo_hashes(solicitud=solicitud).get(sha256, ""), reporte), ""


@login_not_required
@require_http_methods(["GET", "POST"])
def verifica(request, uuid):
    solicitud = _solicitud(uuid)
    form = VerificaCopiaForm(request.POST or None, request.FILES or None)
    cotejo, error, status = None, "", 200
    if request.method == "POST":
        if form.is_valid():
            cotejo, error = _cotejar(request, solicitud, form)
        else:
            error = "Adjunte el PDF que desea verificar."
        status = 429 if error.startswith("Demasiadas") else (400 if error else 200)
    context = {"v": verificacion_build(solicitud=solicitud), "form": form, "cotejo": cotejo, "error": error}
    return render(request, "firma/verifica.html", context, status=status)


@login_not_required
@require_GET
def verifica_pdf(request, uuid):
    """The original signed PDF, only for público documents; every download is recorded in the bitácora."""
    solicitud = _solicitud(uuid)
    if not es_publico(solicitud):
        raise Http404("Este documento no es público.")
    actor = request.user if request.user.is_authenticated else None
    pdf = solicitud_pdf_download(actor=actor, solicitud=solicitud, publica=True, ip=client_ip(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{solicitud.uuid}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("<uuid:uuid>", verifica, name="documento"),
    # People type the address from the printed page, often with a trailing slash.
    path(
        "<uuid:uuid>/",
        login_not_required(RedirectView.as_view(pattern_name="verifica:documento", permanent=True)),
    ),
    path("<uuid:uuid>/pdf", verifica_pdf, name="pdf"),
]
