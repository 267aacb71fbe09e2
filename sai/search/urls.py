from django.urls import path

from sai.core.views import module_index

app_name = "search"

urlpatterns = [
    path(
        "",
        module_index(
            module="Búsqueda",
            description="Búsqueda de texto completo en todo el archivo, con permisos exactos.",
            permission="org.acceder_busqueda",
        ),
        name="index",
    ),
]
