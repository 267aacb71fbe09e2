"""What e-oficio lets firma sign: the oficio's final PDF (registered in EoficioConfig.ready).

Who may see it is e-oficio's door; a signer must also be competent for the oficio's tipo and unidad on the day
(their own Competencia, or the titular's under a valid suplencia), asked when the request is made and again
before every signature. The signed PDF comes back through `on_signed` and is filed in the oficio's expediente.
"""

from django.urls import reverse

from eoficio.models import TIPO_DOCUMENTAL, AcuseRecibo, Oficio
from eoficio.selectors.acceso import oficio_list_for_user
from eoficio.selectors.competencias import competencia_refusal
from eoficio.services import acuses
from eoficio.services import firma as servicio
from firma.selectors import suplencias_vigentes
from sai.signing.registry import Firmable, FirmableInfo, SolicitudResumen


class OficioFirmable(Firmable):
    tipo = servicio.FIRMABLE
    etiqueta = "Oficio"

    def _oficio(self, object_id: int) -> Oficio | None:
        return Oficio.objects.select_related("unidad", "expediente", "pdf").filter(pk=object_id).first()

    def describe(self, object_id):
        oficio = self._oficio(object_id)
        if oficio is None or oficio.pdf_id is None:
            return None
        return FirmableInfo(
            tipo=self.tipo,
            id=oficio.pk,
            titulo=f"{oficio.get_tipo_display()} {oficio.numero}: {oficio.asunto}",
            blob=oficio.pdf,
            referencia=f"Expediente {oficio.expediente.clave} · {oficio.numero}",
            unidad_emisora=oficio.unidad.nombre,
            tipo_documental=TIPO_DOCUMENTAL[oficio.tipo],
            fecha=oficio.fecha,
            destinatario=", ".join(str(d) for d in oficio.destinatarios.filter(copia=False))[:255],
            enlace=reverse("eoficio:oficio_detail", kwargs={"pk": oficio.pk}),
        )

    def visible_ids(self, user):
        return oficio_list_for_user(user=user).values("pk")

    def signer_refusal(self, user, object_id):
        oficio = self._oficio(object_id)
        nombre = user.get_full_name() or user.get_username()
        if oficio is None or not self.visible(user, object_id):
            return f"{nombre} no tiene acceso a este oficio."
        firmantes = oficio.firmantes.select_related("usuario", "suplencia__titular")
        firmante = (
            firmantes.filter(usuario=user).first()
            or firmantes.filter(usuario__in=suplencias_vigentes(suplente=user).values("titular")).first()
        )
        if firmante is None:
            return f"{nombre} no figura entre los firmantes del oficio."
        return competencia_refusal(oficio=oficio, firmante=firmante)

    def signable_check(self, object_id):
        oficio = self._oficio(object_id)
        if oficio is not None:
            servicio.oficio_signable_check(oficio)

    def on_signed(self, *, object_id, blob, solicitud: SolicitudResumen, actor):
        servicio.oficio_signed(
            oficio_id=object_id, blob=blob, folio=solicitud.folio, creada_por_id=solicitud.creada_por_id, actor=actor
        )

    def on_cancelled(self, *, object_id, solicitud, actor):
        servicio.oficio_signature_cancelled(
            oficio_id=object_id,
            folio=solicitud.folio,
            motivo=solicitud.motivo,
            creada_por_id=solicitud.creada_por_id,
            actor=actor,
        )


class AcuseFirmable(Firmable):
    """The acuse de recibo's constancia, signed by someone of the receiving unidad."""

    tipo = acuses.FIRMABLE
    etiqueta = "Acuse de recibo de oficio"

    def _acuse(self, object_id: int) -> AcuseRecibo | None:
        return AcuseRecibo.objects.select_related("oficio__unidad", "unidad", "pdf").filter(pk=object_id).first()

    def describe(self, object_id):
        acuse = self._acuse(object_id)
        if acuse is None:
            return None
        return FirmableInfo(
            tipo=self.tipo,
            id=acuse.pk,
            titulo=f"Acuse de recibo de {acuse.oficio.numero} ({acuse.unidad.siglas})",
            blob=acuse.pdf,
            referencia=f"{acuse.oficio.numero} · acuse de {acuse.unidad.siglas}",
            unidad_emisora=acuse.unidad.nombre,
            tipo_documental="Acuse de recibo",
            fecha=acuse.fecha.date(),
            destinatario=acuse.oficio.unidad.nombre,
            enlace=reverse("eoficio:oficio_detail", kwargs={"pk": acuse.oficio_id}),
        )

    def visible_ids(self, user):
        return AcuseRecibo.objects.filter(oficio__in=oficio_list_for_user(user=user)).values("pk")

    def signer_refusal(self, user, object_id):
        acuse = self._acuse(object_id)
        if acuse is None or getattr(getattr(user, "perfil", None), "unidad_id", None) != acuse.unidad_id:
            return f"{user.get_full_name() or user.get_username()} no pertenece a la unidad receptora."
        return ""

    def on_signed(self, *, object_id, blob, solicitud, actor):
        acuses.acuse_signed(acuse_id=object_id, blob=blob, actor=actor)
