from earchivo.api import ciclo, expedientes, instrumentos

app_name = "earchivo-api"

urlpatterns = [*instrumentos.urlpatterns, *expedientes.urlpatterns, *ciclo.urlpatterns]
