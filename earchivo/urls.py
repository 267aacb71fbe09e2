from earchivo.views import (
    accesos,
    bajas,
    cgca_editor,
    ciclo,
    expedientes,
    inicio,
    instrumentos,
    prestamos,
    transferencias,
)

app_name = "earchivo"

urlpatterns = [
    *inicio.urlpatterns,
    *instrumentos.urlpatterns,
    *cgca_editor.urlpatterns,
    *expedientes.urlpatterns,
    *accesos.urlpatterns,
    *ciclo.urlpatterns,
    *transferencias.urlpatterns,
    *bajas.urlpatterns,
    *prestamos.urlpatterns,
]
