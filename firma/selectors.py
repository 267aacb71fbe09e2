"""firma reads."""

from django.db.models import QuerySet

from firma.models import Certificado, Firmante, SolicitudFirma
from sai.core.exceptions import NotFoundError


def certificado_list_for_user(*, user) -> QuerySet[Certificado]:
    """The user's own active certificates (nobody signs with someone else's)."""
    return Certificado.objects.filter(propietario=user, activo=True)


def solicitud_get_by_uuid(*, uuid) -> SolicitudFirma:
    """For the public verification page (the caller decides how much a reservado document may show)."""
    solicitud = SolicitudFirma.objects.select_related("version__documento", "actual_blob").filter(uuid=uuid).first()
    if solicitud is None:
        raise NotFoundError("No existe un documento firmado con ese identificador.")
    return solicitud


def firmante_en_turno(*, solicitud: SolicitudFirma) -> Firmante | None:
    return solicitud.firmantes.exclude(estado=Firmante.Estado.FIRMADA).select_related("usuario").first()
