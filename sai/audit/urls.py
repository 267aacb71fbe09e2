from django.urls import path

from sai.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.bitacora, name="bitacora"),
    path("exportar/", views.exportar, name="export"),
]
