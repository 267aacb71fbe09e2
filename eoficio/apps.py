from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EoficioConfig(AppConfig):
    name = "eoficio"
    verbose_name = "e-Oficio"

    def ready(self) -> None:
        # --- control de gestión ---
        from eoficio.pendientes_gestion import registrar_pendientes
        from eoficio.services.turnos import instrucciones_sembrar

        post_migrate.connect(instrucciones_sembrar, sender=self)
        registrar_pendientes()
        # --- oficios ---
        from eoficio.firmables import AcuseFirmable, OficioFirmable
        from eoficio.pendientes import OficiosPorFirmar, OficiosPorRevisar
        from sai.core import pendientes
        from sai.signing import registry

        registry.register(OficioFirmable())
        registry.register(AcuseFirmable())
        pendientes.register(OficiosPorRevisar())
        pendientes.register(OficiosPorFirmar())
