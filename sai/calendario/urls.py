from django.urls import path

from sai.calendario import views

app_name = "calendario"

urlpatterns = [
    path("", views.dias_inhabiles, name="dias_inhabiles"),
    path("<int:pk>/eliminar/", views.dia_inhabil_eliminar, name="dia_inhabil_eliminar"),
]
