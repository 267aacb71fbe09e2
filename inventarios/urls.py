from inventarios.views import app_name, urlpatterns  # noqa: F401
