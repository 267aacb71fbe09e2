"""firma reads. A request is visible to whoever may see its firmable (the owning app's door, through the registry)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from firma.models import Certificado, Firma, Firmante, SolicitudFirma, Suplencia
from sai.core.exceptions import NotFoundError, PermissionDeniedError
from sai.signing.registry import FirmableInfo, firmable_get, tipos

PDF_MIME = "application/pdf"


def certificado_list_for_user(*, user) -> QuerySet[Certificado]:
    """The user's own active certificates (nobody signs with someone else's)."""
    return Certificado.objects.filter(propietario=user, activo=True)


def solicitud_get_by_uuid(*, uuid) -> SolicitudFirma:
    """For the public verification page (the caller decides how much a classified document may show)."""
    solicitud = SolicitudFirma.objects.select_related("actual_blob").filter(uuid=uuid).first()
    if solicitud is None:
        raise NotFoundError("No existe un documento firmado con ese identificador.")
    return solicitud


def firmable_get_for_user(*, user, tipo: str, id: int) -> FirmableInfo:
    """A registered firmable the user may see; otherwise NotFoundError (never says which, nor if the type exists)."""
    firmable = tipos().get(tipo)
    info = firmable.describe(id) if firmable is not None and firmable.visible(user, id) else None
    if info is None:
        raise NotFoundError("El documento no existe o no tiene permiso para verlo.")
    return info


def firmable_de(solicitud: SolicitudFirma) -> FirmableInfo | None:
    """What the request signs, as its owner describes it now (None if the owner no longer has it)."""
    return firmable_get(solicitud.firmable_tipo).describe(solicitud.firmable_id)


def firmante_siguiente(*, solicitud: SolicitudFirma) -> Firmante | None:
    return solicitud.firmantes.exclude(estado=Firmante.Estado.FIRMADA).select_related("usuario").first()


def _visible_firmables(user) -> Q:
    q = Q(pk__in=[])
    for tipo, firmable in tipos().items():
        q |= Q(firmable_tipo=tipo, firmable_id__in=firmable.visible_ids(user))
    return q


def solicitud_list_for_user(*, user) -> QuerySet[SolicitudFirma]:
    """Requests whose firmable the user may see: the owner's door, for requester and signers alike.

    Being named a signer grants nothing (issue 8 item 8): signers are checked to see the firmable when named and
    before they sign, and lose the request with the document when their access ends.
    """
    return SolicitudFirma.objects.filter(_visible_firmables(user)).select_related("creada_por", "actual_blob")


def solicitud_get_for_user(*, user, uuid) -> SolicitudFirma:
    solicitud = solicitud_list_for_user(user=user).filter(uuid=uuid).first()
    if solicitud is None:
        raise NotFoundError("La solicitud de firma no existe o no tiene permiso para verla.")
    return solicitud


def firmantes_pendientes(*, user) -> QuerySet[Firmante]:
    """The user's places in the signing order that are due now: open requests where every earlier signer has signed."""
    siguiente = (
        Firmante.objects.filter(solicitud=OuterRef("solicitud"))
        .exclude(estado=Firmante.Estado.FIRMADA)
        .values("solicitud")
        .annotate(m=Min("orden"))
        .values("m")
    )
    return (
        Firmante.objects.filter(
            Q(usuario=user) | Q(usuario__in=suplencias_vigentes(suplente=user).values("titular")),
            solicitud__estado=SolicitudFirma.Estado.EN_FIRMA,
            solicitud__in=solicitud_list_for_user(user=user),
        )
        .exclude(estado=Firmante.Estado.FIRMADA)
        .annotate(siguiente=Subquery(siguiente))
        .filter(orden=F("siguiente"))
        .select_related("solicitud__creada_por")
        .order_by("solicitud__creada")
    )


def firmantes_elegibles() -> QuerySet:
    """Active users who hold firma.firmar_documento (through a role or directly): the signer choices."""
    perm = Permission.objects.filter(content_type__app_label="firma", codename="firmar_documento")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def es_publico(solicitud: SolicitudFirma) -> bool:
    """Whether the verification page may show the document's content (its owner says it is público)."""
    info = firmable_de(solicitud)
    return info is not None and info.publico


def firmas_de(*, solicitud: SolicitudFirma) -> QuerySet[Firma]:
    return solicitud.firmas.select_related("certificado", "firmante", "usuario").order_by("orden")


def firma_por_huella_y_hash(*, huella: str, hash_firmado: str) -> Firma | None:
    """The signature SAI made with this certificate over these bytes (the public verifier's only lookup)."""
    return (
        Firma.objects.select_related("certificado")
        .filter(certificado__huella=huella, hash_firmado=hash_firmado)
        .first()
    )


def solicitudes_lta() -> QuerySet[SolicitudFirma]:
    """Signed B-LTA requests: the candidates for a new archival timestamp."""
    return SolicitudFirma.objects.filter(estado=SolicitudFirma.Estado.FIRMADA, nivel="B-LTA").order_by("pk")


def suplencias_vigentes(*, suplente) -> QuerySet[Suplencia]:
    """The suplencias `suplente` holds today (the institution's date)."""
    hoy = timezone.localdate()
    return Suplencia.objects.filter(suplente=suplente, desde__lte=hoy, hasta__gte=hoy)


def suplencia_list_for_user(*, user) -> QuerySet[Suplencia]:
    return Suplencia.objects.filter(Q(titular=user) | Q(suplente=user)).select_related("titular", "suplente")


def firmante_de(*, solicitud: SolicitudFirma, user) -> tuple[Firmante | None, Suplencia | None]:
    """The place `user` signs in this request: their own, else the next pending one of a titular they replace today.

    A suplencia exists but is not valid today: refused with its dates, so the suplente knows why.
    """
    mine = solicitud.firmantes.filter(usuario=user).first()
    if mine is not None:
        return mine, None
    pendientes = solicitud.firmantes.exclude(estado=Firmante.Estado.FIRMADA).values("usuario")
    suplencia = suplencias_vigentes(suplente=user).filter(titular__in=pendientes).select_related("titular").first()
    if suplencia is not None:
        return solicitud.firmantes.get(usuario=suplencia.titular), suplencia
    fuera = Suplencia.objects.filter(suplente=user, titular__in=pendientes).select_related("titular").first()
    if fuera is not None:
        raise PermissionDeniedError(
            f"Su suplencia de {fuera.titular.get_full_name() or fuera.titular} no está vigente hoy "
            f"(del {fuera.desde:%d/%m/%Y} al {fuera.hasta:%d/%m/%Y})."
        )
    return None, None
