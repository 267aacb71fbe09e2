"""The public verification pages, no login: /verifica/ checks any signed PDF uploaded from anywhere, and
/verifica/<uuid>, reached from the QR, shows one of SAI's requests.

Público documents show their data, every signature's report and the original for download; reservada/confidencial
ones show only whether the signatures are valid. Anyone may upload a copy to check it is the same signed PDF.
"""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import RedirectView

from firma.forms import VerificaCopiaForm
from firma.selectors import es_publico, solicitud_get_by_uuid
from firma.services import firma_validate, solicitud_pdf_download
from firma.verificacion import Cotejo, cotejo_hashes, verificacion_build
from firma.verificador import LIMITE_MENSAJE, MAX_PDF, limite_excedido, pdf_verify
from sai.core.exceptions import NotFoundError
from sai.core.web import client_ip

app_name = "verifica"


def _solicitud(uuid):
    try:
        return solicitud_get_by_uuid(uuid=uuid)
    except NotFoundError:
        raise Http404("No existe un documento firmado con ese identificador.") from None


def _upload_refusal(request, upload) -> str:
    if upload.size > MAX_PDF:
        return f"El archivo supera el límite de {MAX_PDF // (1024 * 1024)} MB."
    if limite_excedido(client_ip(request)):
        return LIMITE_MENSAJE
    return ""


def _cotejar(request, solicitud, form) -> tuple[Cotejo | None, str]:
    upload = form.cleaned_data["archivo"]
    refusal = _upload_refusal(request, upload)
    if refusal:
        return None, refusal
    pdf = upload.read()
    sha256 = hashlib.sha256(pdf).hexdigest()
    reporte = firma_validate(pdf=pdf, actor=None, ip=client_ip(request))
    return Cotejo(sha256, cotejo_hashes(solicitud=solicitud).get(sha256, ""), reporte), ""


def _form(request) -> VerificaCopiaForm:
    """Bound on every POST, even an empty one, so a missing file is a field error."""
    return VerificaCopiaForm(request.POST, request.FILES) if request.method == "POST" else VerificaCopiaForm()


def _status(error: str) -> int:
    return 429 if error == LIMITE_MENSAJE else (400 if error else 200)


@login_not_required
@require_http_methods(["GET", "POST"])
def verificar_pdf(request):
    """Any signed PDF, from anywhere: its signatures as the engine reports them. The upload is never stored."""
    form = _form(request)
    verificacion, error = None, ""
    if request.method == "POST":
        if form.is_valid():
            error = _upload_refusal(request, form.cleaned_data["archivo"])
            if not error:
                pdf = form.cleaned_data["archivo"].read()
                verificacion = pdf_verify(pdf=pdf, ip=client_ip(request))
        else:
            error = " ".join(form.errors["archivo"])
    context = {"form": form, "v": verificacion, "error": error}
    return render(request, "firma/verificar.html", context, status=_status(error))


@login_not_required
@require_http_methods(["GET", "POST"])
def verifica(request, uuid):
    solicitud = _solicitud(uuid)
    form = _form(request)
    cotejo, error, status = None, "", 200
    if request.method == "POST":
        if form.is_valid():
            cotejo, error = _cotejar(request, solicitud, form)
        else:
            error = " ".join(form.errors["archivo"])
        status = _status(error)
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
    path("", verificar_pdf, name="verificar"),
    path("<uuid:uuid>", verifica, name="documento"),
    # People type the address from the printed page, often with a trailing slash.
    path(
        "<uuid:uuid>/",
        login_not_required(RedirectView.as_view(pattern_name="verifica:documento", permanent=True)),
    ),
    path("<uuid:uuid>/pdf", verifica_pdf, name="pdf"),
]
