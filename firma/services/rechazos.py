"""Refused attempts to open a signing request of a classified document, recorded in the bitácora.

Whether the document is classified is its owner's word (the firmable registry's `publico`), as on the public
verification page; a request of a público document, or one that does not exist, records nothing.
"""

from firma.models import SolicitudFirma
from firma.selectors import firmable_de
from sai.audit.services import audit_record

RECHAZO = "firma.acceso_rechazado"


def solicitud_rechazo_registrar(*, actor, pk, vista: str, estado: int, ip: str | None = None) -> None:
    """Record that `actor` was refused (403/404) the request whose uuid is `pk`, if its document is classified."""
    solicitud = SolicitudFirma.objects.filter(uuid=pk).first()
    info = firmable_de(solicitud) if solicitud is not None else None
    if info is not None and not info.publico:
        audit_record(
            actor=actor,
            action=RECHAZO,
            obj=solicitud,
            data={"vista": vista, "estado": estado, "firmable": f"{info.tipo}:{info.id}"},
            ip=ip,
            classified=True,
        )
