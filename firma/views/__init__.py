"""firma pages: /firma/ (signed-in users with a firma permission) and the public /verifica/<uuid> page."""
