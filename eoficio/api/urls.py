from eoficio.api import configuracion, oficios

urlpatterns = [*oficios.urlpatterns, *configuracion.urlpatterns]
