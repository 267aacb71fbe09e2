from django.apps import AppConfig


class InventariosConfig(AppConfig):
    name = "inventarios"
    verbose_name = "Inventarios"

    def ready(self) -> None:
        """Every inventory generator lives here: hand the baja's to e-archivo (which must not import this app)."""
        from earchivo.services.bajas_documentos import baja_generadores_register
        from inventarios.reportes.bajas import acta_baja_pdf, inventario_baja_pdf

        baja_generadores_register(inventario=inventario_baja_pdf, acta=acta_baja_pdf)
