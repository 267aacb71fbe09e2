"""es-MX formats for SAI: every date reads dd/mm/aaaa (Django's es_MX default is «3 de diciembre de 2026»).

Only what differs from Django's es_MX module is here; the rest falls back to it. Date inputs accept ISO first
because `<input type="date">` sends and expects yyyy-mm-dd (the browser shows it as dd/mm/aaaa), and still accept
dd/mm/aaaa typed into a plain text input.
"""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
