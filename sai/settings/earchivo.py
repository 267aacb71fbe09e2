"""e-archivo settings: how expediente claves are composed (checked here, so a bad pattern stops startup)."""

from string import Formatter

from django.core.exceptions import ImproperlyConfigured

from sai.settings.env import env_str

__all__ = ["EARCHIVO_ENUM_NAME_OVERRIDES", "SAI_BAJA_SERIE", "SAI_EXPEDIENTE_CLAVE_PATTERN"]

# Fields: fondo (clave of the CGCA's fondo), unidad (siglas), serie (clave), numero, anio.
SAI_EXPEDIENTE_CLAVE_PATTERN = env_str("SAI_EXPEDIENTE_CLAVE_PATTERN", "{fondo}/{unidad}/{serie}/{numero:04d}/{anio}")
try:
    _sample = SAI_EXPEDIENTE_CLAVE_PATTERN.format(fondo="F", unidad="UA", serie="1C.1", numero=1, anio=2025)
except (KeyError, IndexError, ValueError) as exc:
    raise ImproperlyConfigured(
        f"SAI_EXPEDIENTE_CLAVE_PATTERN={SAI_EXPEDIENTE_CLAVE_PATTERN!r}: use only {{fondo}}, {{unidad}}, {{serie}}, "
        f"{{numero}} and {{anio}} ({exc})"
    ) from None
_fields = {name for _, name, _, _ in Formatter().parse(SAI_EXPEDIENTE_CLAVE_PATTERN) if name}
_missing = {"unidad", "serie", "numero", "anio"} - _fields
if _missing:
    # Números restart per serie + unidad + año: without all four parts two expedientes would share a clave.
    raise ImproperlyConfigured(
        f"SAI_EXPEDIENTE_CLAVE_PATTERN must contain {', '.join('{' + f + '}' for f in sorted(_missing))}"
    )

# Clave of the serie (vigente CGCA) where each baja documental's own records are filed in an expediente of their
# own (LGA art. 31 fr. VIII); empty = the proceso keeps only its own copies.
SAI_BAJA_SERIE = env_str("SAI_BAJA_SERIE", "").strip()

# drf-spectacular: one schema name for the classification choices used by several e-archivo serializers
# (clasificacion, clasificacion_default). Merge into SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
EARCHIVO_ENUM_NAME_OVERRIDES = {
    "ClasificacionInformacionEnum": "earchivo.models.cgca.ClasificacionInformacion",
}
