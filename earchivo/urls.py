from django.urls import path

from earchivo.views import ciclo, expedientes, instrumentos
from sai.core.views import module_index

app_name = "earchivo"

urlpatterns = [
    path(
        "",
        module_index(
            module="Archivo",
            description="Cuadro de clasificación, catálogo de disposición documental y expedientes.",
            permission="org.acceder_archivo",
        ),
        name="index",
    ),
    *instrumentos.urlpatterns,
    *expedientes.urlpatterns,
    *ciclo.urlpatterns,
]
