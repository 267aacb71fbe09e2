"""/api/v1/: each app adds its endpoints here as `path("<app>/", include("<app>.api.urls"))`."""

from django.urls import include, path

from sai.core.api_views import MeView
from sai.org.api import ObtainExpiringToken

app_name = "api"

urlpatterns = [
    path("auth/token/", ObtainExpiringToken.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("archivo/", include("earchivo.api.urls")),
    path("search/", include("sai.search.api")),
    path("firma/", include("firma.api_urls")),
    path("inventarios/", include("inventarios.api.urls")),
    path("calendario/", include("sai.calendario.api")),
    path("gestion/", include("eoficio.api.gestion")),
    path("oficios/", include("eoficio.api.urls")),
]
