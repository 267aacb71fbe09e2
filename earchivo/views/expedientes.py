"""Pages for expedientes (filled by the e-archivo issue)."""

urlpatterns: list = []
