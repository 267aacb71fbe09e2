from django.urls import path

from sai.core.views import module_index

app_name = "inventarios"

urlpatterns = [
    path(
        "",
        module_index(
            module="Inventarios",
            description="Inventarios general, de transferencia primaria y secundaria, y de baja documental.",
            permission="org.acceder_inventarios",
        ),
        name="index",
    ),
]
