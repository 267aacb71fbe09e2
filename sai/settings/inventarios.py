"""Inventarios settings: the letterhead and the weight estimate printed on transfer and baja inventories."""

from django.core.exceptions import ImproperlyConfigured

from sai.settings.env import env_str

__all__ = ["INVENTARIOS_ENUM_NAME_OVERRIDES", "SAI_INSTITUCION", "SAI_INVENTARIO_KG_POR_CAJA"]

# Name printed at the head of every inventory page.
SAI_INSTITUCION = env_str("SAI_INSTITUCION", "Sistema de Archivos Institucional")
# Estimated weight of one archive box (kg), for the "peso estimado" total of transfer and baja inventories.
try:
    SAI_INVENTARIO_KG_POR_CAJA = float(env_str("SAI_INVENTARIO_KG_POR_CAJA", "12").replace(",", "."))
except ValueError:
    raise ImproperlyConfigured("SAI_INVENTARIO_KG_POR_CAJA must be a number of kilograms, e.g. 12.5") from None

# drf-spectacular: the generation's choice sets get their own names (other apps also have tipo/formato/estado).
# Merge into SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
INVENTARIOS_ENUM_NAME_OVERRIDES = {
    "InventarioTipoEnum": "inventarios.models.Generacion.Tipo",
    "InventarioFormatoEnum": "inventarios.models.Generacion.Formato",
    "InventarioEstadoEnum": "inventarios.models.Generacion.Estado",
}
