"""firma pages: /firma/ (signed-in users with a firma permission) and the public /verifica/<uuid> page."""

import io
from functools import partial

from firma import selectors
from firma.services import solicitud_rechazo_registrar
from sai.audit import acceso
from sai.core.web import client_ip, stream_response

# A request's pages and API methods record who was refused one of a classified document (the URL names its uuid).
audited_access = partial(acceso.audited_access, kwarg="uuid", refusal=solicitud_rechazo_registrar)


def solicitud_pdf_response(request, uuid, *, descargar, nombre: str):
    """A request's PDF (its current one, its constancia) for whoever may see the request, as a download: the page
    and the API serve both this one way (`descargar` is the audited service that renders it)."""
    solicitud = selectors.solicitud_get_for_user(user=request.user, uuid=uuid)
    pdf = descargar(actor=request.user, solicitud=solicitud, ip=client_ip(request))
    filename = f"{nombre}-{solicitud.uuid}.pdf"
    return stream_response(io.BytesIO(pdf), content_type="application/pdf", size=len(pdf), filename=filename)
