"""The buttons of the oficio page: each one service call, its refusal shown as a message."""

from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from eoficio.forms import ComentarioForm
from eoficio.permissions import BANDEJA
from eoficio.selectors.acceso import oficio_get_for_user
from eoficio.services import acuses, envio, firma, revision
from sai.core.exceptions import NotFoundError
from sai.core.web import attempt, client_ip, guarded


def _comentario(request) -> str:
    form = ComentarioForm(request.POST)
    return form.cleaned_data["comentario"] if form.is_valid() else ""


ACCIONES = {
    "enviar_revision": (
        lambda r, o: revision.oficio_submit(actor=r.user, oficio=o, ip=client_ip(r)),
        "Oficio enviado a revisión.",
    ),
    "visto_bueno": (
        lambda r, o: revision.revision_aprobar(actor=r.user, oficio=o, comentario=_comentario(r), ip=client_ip(r)),
        "Visto bueno registrado.",
    ),
    "devolver": (
        lambda r, o: revision.revision_devolver(actor=r.user, oficio=o, comentario=_comentario(r), ip=client_ip(r)),
        "Oficio devuelto con cambios.",
    ),
    "solicitar_firma": (
        lambda r, o: firma.oficio_request_signature(actor=r.user, oficio=o, ip=client_ip(r)),
        "Oficio numerado y enviado a firma.",
    ),
    "enviar": (lambda r, o: envio.oficio_send(actor=r.user, oficio=o, ip=client_ip(r)), "Oficio enviado."),
    "archivar": (lambda r, o: envio.oficio_archive(actor=r.user, oficio=o, ip=client_ip(r)), "Oficio archivado."),
}


@require_POST
@guarded(BANDEJA)
def oficio_accion(request, pk: int, accion: str):
    oficio = oficio_get_for_user(user=request.user, id=pk)
    if accion not in ACCIONES:
        return redirect("eoficio:oficio_detail", pk=oficio.pk)
    hacer, mensaje = ACCIONES[accion]
    attempt(request, lambda: hacer(request, oficio), mensaje)
    return redirect("eoficio:oficio_detail", pk=oficio.pk)


@require_POST
@guarded(BANDEJA)
def acuse_firmar(request, pk: int, acuse_id: int):
    """Send the receiving unidad's acuse to signature, then go sign it in firma."""
    oficio = oficio_get_for_user(user=request.user, id=pk)
    acuse = oficio.acuses.filter(pk=acuse_id).first()
    if acuse is None:
        raise NotFoundError("El acuse no existe.")
    solicitud = attempt(
        request,
        lambda: acuses.acuse_request_signature(actor=request.user, acuse=acuse, ip=client_ip(request)),
        "Acuse enviado a firma.",
    )
    if solicitud:
        return redirect("firma:solicitud", uuid=solicitud.uuid)
    return redirect("eoficio:oficio_detail", pk=oficio.pk)


urlpatterns = [
    path("oficios/<int:pk>/acuses/<int:acuse_id>/firmar/", acuse_firmar, name="acuse_firmar"),
    path("oficios/<int:pk>/<slug:accion>/", oficio_accion, name="oficio_accion"),
]
