"""Database: SQLite file by default (the embedded first run), any DATABASE_URL otherwise."""

import dj_database_url

from .env import env_int, env_str
from .paths import BASE_DIR

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")

_database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("SAI_DB_CONN_MAX_AGE", 60))
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue instead of
    # failing with "database is locked" half-way through (the audit chain appends under a lock).
    _database["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    _database["CONN_MAX_AGE"] = 0
else:
    _database["CONN_HEALTH_CHECKS"] = True

DATABASES = {"default": _database}
