from firma.views import paginas

app_name = "firma"

urlpatterns = [*paginas.urlpatterns]
