from django.urls import path

from eoficio.views import acciones, bandejas, configuracion, gestion, oficios

app_name = "eoficio"

urlpatterns = [
    *bandejas.urlpatterns,
    *oficios.urlpatterns,
    *acciones.urlpatterns,
    *configuracion.urlpatterns,
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
]
