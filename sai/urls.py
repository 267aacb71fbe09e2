from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sai.core.health import healthz
from sai.core.views import home
from sai.org import views as cuentas

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/verificacion/", cuentas.verificar, name="segundo_factor_verificar"),
    path("accounts/verificacion/configurar/", cuentas.configurar, name="segundo_factor_configurar"),
    path("healthz", login_not_required(healthz), name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sai.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("bandeja/", include("eoficio.urls")),
    path("archivo/", include("earchivo.urls")),
    path("busqueda/", include("sai.search.urls")),
    path("bitacora/", include("sai.audit.urls")),
    path("inventarios/", include("inventarios.urls")),
    path("firma/", include("firma.urls")),
    path("verifica/", include("firma.urls_publicas")),
    path("calendario/", include("sai.calendario.urls")),
]

handler404 = "sai.core.views.not_found"
handler500 = "sai.core.views.server_error"
