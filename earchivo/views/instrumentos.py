"""Pages for instrumentos (filled by the e-archivo issue)."""

urlpatterns: list = []
