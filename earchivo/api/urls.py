from earchivo.api import accesos, ciclo, expedientes, instrumentos

app_name = "earchivo-api"

urlpatterns = [*instrumentos.urlpatterns, *expedientes.urlpatterns, *accesos.urlpatterns, *ciclo.urlpatterns]
