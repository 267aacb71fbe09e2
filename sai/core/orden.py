"""Natural order of claves (2C.2 before 2C.10, 4C.3.9 before 4C.3.10), the same in the database and in Python.

In the database it is a collation named `sai_natural`: on PostgreSQL an ICU collation with numeric ordering
(`und-u-kn-true`, created by the migration `earchivo.0005`); on SQLite (`make run`) the same name is registered on
every connection with `natural_key`. Lists order by `natural("clave")` (or `natural("serie__clave")`), so the
database sorts and paginates; pages that sort in Python (trees) use `natural_key`. No stored sort column to keep
in step: rows written by any path (bulk imports, fixtures, benchmarks) sort right.
"""

import re

from django.db.models import F
from django.db.models.functions import Collate

NATURAL = "sai_natural"
_PARTS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """'4C.3.10' -> ((1, 4), (2, 'C.'), (1, 3), (2, '.'), (1, 10)): numbers by value, the rest case-insensitively."""
    return tuple((1, int(part)) if part.isdigit() else (2, part.upper()) for part in _PARTS.split(text) if part)


def natural(field: str) -> Collate:
    """An order_by() / Meta.ordering term sorting `field` naturally; prefix the result with `.desc()` to reverse."""
    return Collate(F(field), NATURAL)


def _sqlite_compare(left: str, right: str) -> int:
    a, b = natural_key(left), natural_key(right)
    return (a > b) - (a < b)


def sqlite_natural_register(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite learns the collation each time it connects (PostgreSQL stores it)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NATURAL, _sqlite_compare)


CREATE_COLLATION_SQL = f"CREATE COLLATION IF NOT EXISTS {NATURAL} (provider = icu, locale = 'und-u-kn-true')"
DROP_COLLATION_SQL = f"DROP COLLATION IF EXISTS {NATURAL}"
