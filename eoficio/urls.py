from eoficio.views import acciones, bandejas, configuracion, oficios

app_name = "eoficio"

urlpatterns = [*bandejas.urlpatterns, *oficios.urlpatterns, *acciones.urlpatterns, *configuracion.urlpatterns]
