"""`audited_access`: wraps an expediente or document view (page or API method) to record classified reads and refusals.

The platform's wrapper (`sai.audit.acceso`) with e-archivo's services: placed outermost (above `guarded`), it sees
the role refusal (403) as well as the door's "not found" (404); `requires` covers the API's permission classes.
"""

from functools import partial

from earchivo.services.lecturas import lectura_registrar, rechazo_registrar
from sai.audit import acceso


def audited_access(
    vista: str, *, tipo: str = "expediente", lectura: bool = False, kwarg: str = "pk", campo: str | None = None
):
    """Record refusals of the view's object (`tipo` says what the URL's `kwarg`, or the body's `campo`, names);
    lectura=True: also its reads."""
    return acceso.audited_access(
        vista,
        refusal=partial(rechazo_registrar, tipo=tipo),
        read=lectura_registrar if lectura else None,
        kwarg=kwarg,
        campo=campo,
    )
