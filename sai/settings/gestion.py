"""Control de gestión settings (e-oficio's oficialía de partes and turnos): semáforo thresholds, filing serie."""

from django.core.exceptions import ImproperlyConfigured

from sai.settings.env import env_str

__all__ = [
    "GESTION_ENUM_NAME_OVERRIDES",
    "SAI_CORRESPONDENCIA_SERIE",
    "SAI_SEMAFORO_AMARILLO_DIAS",
    "SAI_SEMAFORO_ROJO_DIAS",
]


def _dias(name: str, default: str) -> int:
    value = env_str(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} must be a whole number of business days") from None


# Semáforo of a deadline by business days left: red below SAI_SEMAFORO_ROJO_DIAS (0: only once overdue), yellow
# up to SAI_SEMAFORO_AMARILLO_DIAS left, green otherwise.
SAI_SEMAFORO_AMARILLO_DIAS = _dias("SAI_SEMAFORO_AMARILLO_DIAS", "2")
SAI_SEMAFORO_ROJO_DIAS = _dias("SAI_SEMAFORO_ROJO_DIAS", "0")
if SAI_SEMAFORO_ROJO_DIAS > SAI_SEMAFORO_AMARILLO_DIAS:
    raise ImproperlyConfigured("SAI_SEMAFORO_ROJO_DIAS must not exceed SAI_SEMAFORO_AMARILLO_DIAS")

# Clave of the serie (vigente CGCA) where oficialía de partes files each received document, in a yearly
# expediente "Correspondencia recibida AAAA" of its unidad; empty = the registro keeps the scan by itself.
SAI_CORRESPONDENCIA_SERIE = env_str("SAI_CORRESPONDENCIA_SERIE", "").strip()

# drf-spectacular: control de gestión's choice sets get their own names (other apps also have estado).
# Merge into SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
GESTION_ENUM_NAME_OVERRIDES = {
    "RegistroEstadoEnum": "eoficio.models.gestion.Registro.Estado",
    "TurnoEstadoEnum": "eoficio.models.gestion.Turno.Estado",
    "TurnoCambioEstadoEnum": ["en_atencion", "atendido"],
}
