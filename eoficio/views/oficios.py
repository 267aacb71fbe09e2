"""Drafting pages: a new oficio, the borrador that saves itself as people type (htmx), recipients and signers,
the oficio page (PDF, history, signatures, thread), its PDF and the comparison of two versions."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from eoficio.forms import BorradorForm, ComentarioForm, OficioNuevoForm, PersonasForm
from eoficio.permissions import BANDEJA, ELABORAR
from eoficio.selectors.acceso import oficio_get_for_user
from eoficio.selectors.detalle import oficio_detalle
from eoficio.selectors.versiones import version_diff
from eoficio.services import acuses, borradores, revision
from eoficio.services.render import oficio_pdf
from sai.core.exceptions import ApplicationError
from sai.core.web import attempt, client_ip, guarded, refusal_message, stream_response
from sai.storage.services import blob_open


@guarded(BANDEJA, ELABORAR)
def oficio_nuevo(request):
    form = OficioNuevoForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        oficio = attempt(
            request,
            lambda: borradores.oficio_create(actor=request.user, ip=client_ip(request), **form.cleaned_data),
            form=form,
        )
        if oficio:
            return redirect("eoficio:oficio_editar", pk=oficio.pk)
    return render(request, "eoficio/oficio_nuevo.html", {"form": form})


@guarded(BANDEJA)
def oficio_editar(request, pk: int):
    oficio = oficio_get_for_user(user=request.user, id=pk)
    if not oficio.editable:
        return redirect("eoficio:oficio_detail", pk=oficio.pk)
    form = BorradorForm(initial={c: getattr(oficio, c) for c in ("tipo", "asunto", "referencia", "cuerpo")})
    detalle = oficio_detalle(user=request.user, id=pk)
    personas = PersonasForm(initial=_personas_initial(detalle))
    return render(request, "eoficio/oficio_editar.html", {"d": detalle, "form": form, "personas": personas})


def _personas_initial(detalle) -> dict:
    def linea(d):
        prefijo = "ccp: " if d.copia else ""
        if d.usuario_id:
            return prefijo + d.usuario.username
        if d.unidad_id:
            return f"{prefijo}#{d.unidad.siglas}"
        return prefijo + " | ".join((d.nombre, d.cargo, d.institucion, d.email))

    return {
        "destinatarios": "\n".join(linea(d) for d in detalle.destinatarios),
        "firmantes": "\n".join(f.usuario.username for f in detalle.firmantes),
        "revisores": "\n".join(r.revisor.username for r in detalle.revisiones),
        "en_orden": detalle.oficio.revision_en_orden,
    }


@require_POST
@guarded(BANDEJA)
def oficio_autoguardar(request, pk: int):
    """htmx autosave: the fields of the borrador as typed; answers a fragment saying when it was saved."""
    oficio = oficio_get_for_user(user=request.user, id=pk)
    form = BorradorForm(request.POST)
    if not form.is_valid():
        return HttpResponse('<span class="error">No se guardó: revise los campos.</span>', status=400)
    try:
        borradores.oficio_update(actor=request.user, oficio=oficio, ip=client_ip(request), **form.cleaned_data)
    except ApplicationError as exc:
        if exc.status_code in (403, 404):
            raise
        return HttpResponse(f'<span class="error">No se guardó: {exc.message}</span>', status=exc.status_code)
    return HttpResponse(f"Guardado a las {timezone.localtime():%H:%M:%S}.")


@require_POST
@guarded(BANDEJA)
def oficio_personas(request, pk: int):
    oficio = oficio_get_for_user(user=request.user, id=pk)
    form = PersonasForm(request.POST)
    if form.is_valid():
        data, ip = form.cleaned_data, client_ip(request)

        def guardar():
            borradores.destinatarios_set(actor=request.user, oficio=oficio, destinatarios=data["destinatarios"], ip=ip)
            borradores.firmantes_set(actor=request.user, oficio=oficio, firmantes=data["firmantes"], ip=ip)
            revision.revisores_set(
                actor=request.user, oficio=oficio, revisores=data["revisores"], en_orden=data["en_orden"], ip=ip
            )

        attempt(request, guardar, "Destinatarios, firmantes y revisores guardados.")
    else:
        refusal_message(request, ApplicationError("Revise los datos.", errors=form.errors))
    return redirect("eoficio:oficio_editar", pk=oficio.pk)


@guarded(BANDEJA)
def oficio_detail(request, pk: int):
    """Opening it stamps the receiving unidad's acuse the first time (eoficio.services.acuses)."""
    oficio = oficio_get_for_user(user=request.user, id=pk)
    acuses.acuse_stamp(actor=request.user, oficio=oficio, ip=client_ip(request))
    detalle = oficio_detalle(user=request.user, id=pk)
    return render(request, "eoficio/oficio_detail.html", {"d": detalle, "comentario": ComentarioForm()})


@guarded(BANDEJA)
def oficio_pdf_view(request, pk: int):
    """The signed PDF when there is one, else the PDF sent to signature, else a preview of the borrador."""
    oficio = oficio_get_for_user(user=request.user, id=pk)
    acuses.acuse_stamp(actor=request.user, oficio=oficio, ip=client_ip(request))
    blob = oficio.pdf_firmado or oficio.pdf
    nombre = f"{(oficio.numero or f'borrador-{oficio.pk}').replace('/', '-')}.pdf"
    if blob is None:
        return HttpResponse(
            oficio_pdf(oficio=oficio),
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{nombre}"', "X-Content-Type-Options": "nosniff"},
        )
    stream = blob_open(sha256=blob.pk, verify=True)
    return stream_response(stream, filename=nombre, content_type="application/pdf", size=blob.size, inline=True)


@guarded(BANDEJA)
def oficio_diff(request, pk: int):
    detalle = oficio_detalle(user=request.user, id=pk)
    a, b = request.GET.get("a", "1"), request.GET.get("b", "")
    numeros = [v.numero for v in detalle.versiones]
    b = b or (str(numeros[-1]) if numeros else "1")
    if not (a.isdigit() and b.isdigit()):
        raise ApplicationError("Versiones no válidas.", errors={"a": ["Use números de versión."]})
    lineas = version_diff(oficio=detalle.oficio, a=int(a), b=int(b))
    return render(request, "eoficio/oficio_diff.html", {"d": detalle, "lineas": lineas, "a": a, "b": b})


urlpatterns = [
    path("oficios/nuevo/", oficio_nuevo, name="oficio_nuevo"),
    path("oficios/<int:pk>/", oficio_detail, name="oficio_detail"),
    path("oficios/<int:pk>/editar/", oficio_editar, name="oficio_editar"),
    path("oficios/<int:pk>/autoguardar/", oficio_autoguardar, name="oficio_autoguardar"),
    path("oficios/<int:pk>/personas/", oficio_personas, name="oficio_personas"),
    path("oficios/<int:pk>/pdf/", oficio_pdf_view, name="oficio_pdf"),
    path("oficios/<int:pk>/comparar/", oficio_diff, name="oficio_diff"),
]
