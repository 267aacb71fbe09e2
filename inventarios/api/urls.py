from inventarios.api.views import app_name, urlpatterns  # noqa: F401
