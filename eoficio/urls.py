from django.urls import path

from sai.core.views import module_index

app_name = "eoficio"

urlpatterns = [
    path(
        "",
        module_index(
            module="Bandeja",
            description="Oficios: elaboración, revisión, firma, envío, recepción y turnado.",
            permission="org.acceder_bandeja",
        ),
        name="index",
    ),
]
