"""Platform registry of what can be signed (see registry.py)."""
