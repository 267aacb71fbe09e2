"""e-oficio's contribution to "Mis pendientes": oficios waiting for the person's visto bueno or signature."""

from django.urls import reverse

from eoficio.selectors.bandejas import bandeja_list
from sai.core.pendientes import FuentePendientes, Pendiente


class _Bandeja(FuentePendientes):
    bandeja = ""

    def contar(self, user) -> int:
        return bandeja_list(user=user, bandeja=self.bandeja).count()

    def listar(self, user, *, limite: int) -> list[Pendiente]:
        oficios = bandeja_list(user=user, bandeja=self.bandeja).order_by("actualizado", "pk")[:limite]
        return [
            Pendiente(
                titulo=f"{o.get_tipo_display()} {o.numero or '(sin número)'}: {o.asunto}",
                enlace=reverse("eoficio:oficio_detail", kwargs={"pk": o.pk}),
                detalle=o.unidad.siglas,
            )
            for o in oficios
        ]


class OficiosPorRevisar(_Bandeja):
    clave = "eoficio.por_revisar"
    etiqueta = "Oficios por revisar"
    bandeja = "por_revisar"

    @property
    def enlace(self) -> str:
        return reverse("eoficio:bandeja", kwargs={"cual": self.bandeja})


class OficiosPorFirmar(_Bandeja):
    clave = "eoficio.por_firmar"
    etiqueta = "Oficios por firmar"
    bandeja = "por_firmar"

    @property
    def enlace(self) -> str:
        return reverse("eoficio:bandeja", kwargs={"cual": self.bandeja})
