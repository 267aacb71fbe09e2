"""e-oficio's pages, one module per topic; each exposes `urlpatterns` (joined by eoficio/urls.py)."""
