"""What e-archivo lets firma sign: a PDF version of a document (registered in EarchivoConfig.ready).

Who may see a version is the expediente door (earchivo.selectors.acceso); a signer must pass it too. A version may
be signed while its expediente is open and its content was not removed by a baja; the signed PDF comes back through
`on_signed` and is filed by e-archivo's own version service as the document's next version.
"""

from django.urls import reverse

from earchivo.models import ClasificacionInformacion, VersionDocumento
from earchivo.selectors.acceso import expediente_list_for_user
from earchivo.services.firmados import version_firmable_check, version_firmada_add
from sai.signing.registry import Firmable, FirmableInfo, SolicitudResumen


class VersionFirmable(Firmable):
    tipo = "earchivo.version"
    etiqueta = "Versión de documento"

    def _version(self, object_id: int) -> VersionDocumento | None:
        return (
            VersionDocumento.objects.select_related(
                "blob", "documento__tipo_documental", "documento__expediente__unidad"
            )
            .filter(pk=object_id)
            .first()
        )

    def describe(self, object_id):
        version = self._version(object_id)
        if version is None:
            return None
        documento, expediente = version.documento, version.documento.expediente
        return FirmableInfo(
            tipo=self.tipo,
            id=version.pk,
            titulo=documento.titulo,
            blob=version.blob,
            referencia=f"Expediente {expediente.clave} · versión {version.numero} · {version.nombre_archivo}",
            unidad_emisora=expediente.unidad.nombre,
            tipo_documental=documento.tipo_documental.nombre,
            fecha=documento.fecha,
            destinatario=documento.destinatario,
            paginas=version.paginas,
            publico=expediente.clasificacion == ClasificacionInformacion.PUBLICA,
            enlace=reverse("earchivo:expediente_detail", kwargs={"pk": expediente.pk}) + f"#documento-{documento.pk}",
        )

    def visible_ids(self, user):
        return VersionDocumento.objects.filter(documento__expediente__in=expediente_list_for_user(user=user)).values(
            "pk"
        )

    def signer_refusal(self, user, object_id):
        if self.visible(user, object_id):
            return ""
        version = self._version(object_id)
        nombre = user.get_full_name() or user.get_username()
        clave = version.documento.expediente.clave if version else "del documento"
        return f"{nombre} no puede ver el expediente {clave}: otórguele acceso antes de nombrarlo firmante."

    def signable_check(self, object_id):
        version = self._version(object_id)
        if version is not None:
            version_firmable_check(version=version)

    def on_signed(self, *, object_id, blob, solicitud: SolicitudResumen, actor):
        version_firmada_add(
            actor=actor,
            version_id=object_id,
            blob=blob,
            solicitud_uuid=solicitud.uuid,
            folio=solicitud.folio,
            firmantes=solicitud.firmantes,
            creada_por_id=solicitud.creada_por_id,
            motivo=solicitud.motivo,
        )

    def on_cancelled(self, *, object_id, solicitud, actor):
        """Nothing to undo: e-archivo records a version only once it is signed."""
