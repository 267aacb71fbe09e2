"""firma pages: /firma/ (signed-in users with a firma permission) and the public /verifica/<uuid> page."""

from functools import partial

from firma.services import solicitud_rechazo_registrar
from sai.audit import acceso

# A request's pages and API methods record who was refused one of a classified document (the URL names its uuid).
audited_access = partial(acceso.audited_access, kwarg="uuid", refusal=solicitud_rechazo_registrar)
