"""Who writes the baja's printable records (inventario de baja, acta de baja): a hook the inventarios app fills.

Every inventory generator lives in `inventarios`, which depends on e-archivo; e-archivo must not import it back.
The baja still needs its inventario inside the solicitud's own transaction (same locked rows, filed in the
proceso's expediente all or nothing), so instead of the page fetching a document from inventarios and handing it
over, inventarios registers its generators here at start-up (`InventariosConfig.ready`) and the baja calls them.
"""

from collections.abc import Callable

from earchivo.models import Expediente, ProcesoBaja
from sai.core.exceptions import ApplicationError

InventarioBaja = Callable[[ProcesoBaja, list[Expediente]], bytes]
ActaBaja = Callable[[ProcesoBaja], bytes]
_generadores: dict[str, Callable] = {}


def baja_generadores_register(*, inventario: InventarioBaja, acta: ActaBaja) -> None:
    _generadores.update(inventario=inventario, acta=acta)


def _generador(nombre: str) -> Callable:
    if nombre not in _generadores:
        raise ApplicationError(f"No hay generador del {nombre} de baja: la aplicación de inventarios no está activa.")
    return _generadores[nombre]


def inventario_baja_pdf(*, proceso: ProcesoBaja, expedientes: list[Expediente]) -> bytes:
    return _generador("inventario")(proceso, expedientes)


def acta_baja_pdf(*, proceso: ProcesoBaja) -> bytes:
    return _generador("acta")(proceso)
