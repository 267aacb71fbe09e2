"""e-archivo settings: how expediente claves are composed."""

from sai.settings.env import env_str

# Fields: fondo (clave of the CGCA's fondo), unidad (siglas), serie (clave), numero, anio.
SAI_EXPEDIENTE_CLAVE_PATTERN = env_str("SAI_EXPEDIENTE_CLAVE_PATTERN", "{fondo}/{unidad}/{serie}/{numero:04d}/{anio}")
