from django.urls import path

from eoficio.views import gestion
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
    # --- control de gestión (oficialía de partes, turnos) ---
    path("gestion/registros/", gestion.registros, name="registros"),
    path("gestion/registros/nuevo/", gestion.registro_nuevo, name="registro_nuevo"),
    path("gestion/asuntos/<int:pk>/", gestion.asunto, name="asunto"),
    path("gestion/asuntos/<int:pk>/turnar/", gestion.turnar, name="turnar"),
    path("gestion/asuntos/<int:pk>/concluir/", gestion.concluir, name="concluir"),
    path("gestion/asuntos/<int:pk>/volante.pdf", gestion.volante, name="volante"),
    path("gestion/asuntos/<int:pk>/constancia.pdf", gestion.constancia, name="constancia"),
    path("gestion/asuntos/<int:pk>/digitalizacion/", gestion.digitalizacion, name="digitalizacion"),
    path("gestion/turnos/", gestion.turnos_bandeja, name="turnos"),
    path("gestion/turnos/<int:pk>/estado/", gestion.turno_estado, name="turno_estado"),
    path("gestion/tablero/", gestion.tablero, name="tablero"),
    # --- end control de gestión ---
]
