from django.urls import path

from sai.search import views

app_name = "search"

urlpatterns = [
    path("", views.busqueda, name="index"),
    path("exportar/", views.exportar, name="export"),
]
