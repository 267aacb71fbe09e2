"""/api/v1/: each app adds its endpoints here as `path("<app>/", include("<app>.api.urls"))`."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

from sai.core.api_views import MeView

app_name = "api"

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("archivo/", include("earchivo.api.urls")),
    path("search/", include("sai.search.api")),
    path("firma/", include("firma.api_urls")),
    path("inventarios/", include("inventarios.api.urls")),
]
