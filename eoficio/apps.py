from django.apps import AppConfig


class EoficioConfig(AppConfig):
    name = "eoficio"
    verbose_name = "e-Oficio"

    def ready(self) -> None:
        from eoficio.firmables import AcuseFirmable, OficioFirmable
        from eoficio.pendientes import OficiosPorFirmar, OficiosPorRevisar
        from sai.core import pendientes
        from sai.signing import registry

        registry.register(OficioFirmable())
        registry.register(AcuseFirmable())
        pendientes.register(OficiosPorRevisar())
        pendientes.register(OficiosPorFirmar())
