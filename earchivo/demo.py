"""Demo data for e-archivo: the sample CGCA + CADIDO in deploy/samples/, loaded through the real importer."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from earchivo.models import CuadroClasificacion
from earchivo.services.instrumentos import cuadro_publish
from earchivo.services.instrumentos_io import instrumentos_import

DEMO_CGCA = "cgca_cadido.csv"


@transaction.atomic
def demo_load() -> bool:
    """Import and publish the sample cuadro once; False (and nothing changed) when a vigente version exists.

    Needs the demo unidades (SE, UTTyPDP, DPT, SAIN, DEA): `load_demo` runs it after `sai.org.demo.demo_load`.
    """
    if CuadroClasificacion.objects.filter(estado=CuadroClasificacion.Estado.VIGENTE).exists():
        return False
    path = settings.BASE_DIR / "deploy" / "samples" / DEMO_CGCA
    with path.open("rb") as fileobj:
        summary = instrumentos_import(
            actor=None,
            fileobj=fileobj,
            filename=path.name,
            nombre="Cuadro general de clasificación archivística de la institución de demostración",
        )
    cuadro_publish(
        actor=None,
        cuadro=summary.cuadro,
        fecha_aprobacion=timezone.localdate(),
        acuerdo="Acuerdo GIA/01/2026 del Grupo Interdisciplinario de Archivos (demostración)",
    )
    return True
