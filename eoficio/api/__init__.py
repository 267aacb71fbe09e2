"""e-oficio API."""
