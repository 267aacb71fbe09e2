"""Firma's "Mis pendientes" source: the signature requests whose turn is the user's (as signer or suplente)."""

from django.urls import reverse
from django.utils import timezone

from firma.permissions import puede_firmar
from firma.selectors import firmantes_pendientes
from sai.core.pendientes import FuenteConsulta, Pendiente


def _nombre(user) -> str:
    return user.get_full_name() or user.get_username()


class PorFirmar(FuenteConsulta):
    clave = "firma.por_firmar"
    etiqueta = "Documentos por firmar"
    vista = "firma:index"

    def consulta(self, user):
        return firmantes_pendientes(user=user).select_related("usuario") if puede_firmar(user) else None

    def pendiente(self, firmante, user) -> Pendiente:
        solicitud = firmante.solicitud
        detalle = f"Solicitada por {_nombre(solicitud.creada_por)} el {timezone.localdate(solicitud.creada):%d/%m/%Y}"
        if firmante.usuario_id != user.pk:
            detalle += f" · en suplencia de {_nombre(firmante.usuario)}"
        return Pendiente(
            titulo=f"{solicitud.folio} · {solicitud.titulo}",
            enlace=reverse("firma:solicitud", args=[solicitud.uuid]),
            detalle=detalle,
        )
