from earchivo.views import (
    accesos,
    bajas,
    cgca_editor,
    ciclo,
    expedientes,
    inicio,
    instrumentos,
    prestamos,
    tipos_documentales,
    transferencias,
)

app_name = "earchivo"

urlpatterns = [
    *inicio.urlpatterns,
    *instrumentos.urlpatterns,
    *cgca_editor.urlpatterns,
    *tipos_documentales.urlpatterns,
    *expedientes.urlpatterns,
    *accesos.urlpatterns,
    *ciclo.urlpatterns,
    *transferencias.urlpatterns,
    *bajas.urlpatterns,
    *prestamos.urlpatterns,
]
