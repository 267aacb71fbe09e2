"""Who may generate and read inventories: the constants and guards every view, API endpoint and service uses.

The module opens with `org.acceder_inventarios`; generating needs `inventarios.generar_inventario`. Which rows an
inventory holds is never decided here: e-archivo's access door filters them for the person who asked.
"""

from sai.core.access import require_perm

MODULO = "org.acceder_inventarios"
GENERAR = "inventarios.generar_inventario"


def require_generar(actor) -> None:
    require_perm(actor, MODULO, "No tiene acceso al módulo de inventarios.")
    require_perm(actor, GENERAR, "No tiene permiso para generar inventarios.")
