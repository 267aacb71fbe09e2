from eoficio.models.gestion import Instruccion, Recordatorio, Registro, Turno

__all__ = ["Instruccion", "Recordatorio", "Registro", "Turno"]
