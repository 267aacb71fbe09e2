from eoficio.views import acciones, bandejas, oficios

app_name = "eoficio"

urlpatterns = [*bandejas.urlpatterns, *oficios.urlpatterns, *acciones.urlpatterns]
