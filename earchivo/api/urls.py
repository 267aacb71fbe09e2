from earchivo.api import accesos, catalogos, ciclo, expedientes, instrumentos

app_name = "earchivo-api"

urlpatterns = [
    *instrumentos.urlpatterns,
    *expedientes.urlpatterns,
    *accesos.urlpatterns,
    *ciclo.urlpatterns,
    *catalogos.urlpatterns,
]
