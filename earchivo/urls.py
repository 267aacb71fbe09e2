from earchivo.views import accesos, bajas, ciclo, expedientes, inicio, instrumentos, prestamos, transferencias

app_name = "earchivo"

urlpatterns = [
    *inicio.urlpatterns,
    *instrumentos.urlpatterns,
    *expedientes.urlpatterns,
    *accesos.urlpatterns,
    *ciclo.urlpatterns,
    *transferencias.urlpatterns,
    *bajas.urlpatterns,
    *prestamos.urlpatterns,
]
