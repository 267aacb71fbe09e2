"""API for ciclo (filled by the e-archivo issue)."""

urlpatterns: list = []
