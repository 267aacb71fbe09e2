"""Numbers and ids read from a query string: one place, so a malformed parameter is a 400 naming the field.

Pages and the API both call these; the error is an `ApplicationError`, which the API answers as JSON and
`sai.core.web.refusals_as_http` turns into Django's 400 page.
"""

import re

from django.http import QueryDict

from sai.core.exceptions import ApplicationError

# The largest value a PostgreSQL bigint primary key holds: anything larger can never name a row.
MAX_ID = 2**63 - 1
_INTEGER = re.compile(r"^[+-]?\d{1,19}$")


class InvalidParameterError(ApplicationError):
    """A query-string parameter that cannot mean anything (not a number, out of range)."""


def param_int(data: QueryDict, name: str, *, default: int | None = None, minimum: int, maximum: int) -> int | None:
    """The whole number in `name` (absent or blank: `default`); between `minimum` and `maximum` or refused."""
    raw = (data.get(name) or "").strip()
    if not raw:
        return default
    value = int(raw) if _INTEGER.match(raw) else None
    if value is None or not minimum <= value <= maximum:
        raise InvalidParameterError(
            "Parámetro no válido.", errors={name: [f"Debe ser un número entero entre {minimum} y {maximum}."]}
        )
    return value


def param_id(data: QueryDict, name: str) -> int | None:
    """The id in `name`, or None when absent; a non-number or an id no row can have is refused."""
    return param_int(data, name, minimum=1, maximum=MAX_ID)
