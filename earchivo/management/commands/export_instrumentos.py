from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from earchivo.models import CuadroClasificacion
from earchivo.selectors.instrumentos import cuadro_vigente
from earchivo.services.instrumentos_export import FORMATOS, instrumentos_export


class Command(BaseCommand):
    help = "Exporta una versión del CGCA: XLSX con el CADIDO (el formato que importa import_instrumentos) o PDF."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (the CGCA version) replaces Django's --version (the program's).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--formato", choices=FORMATOS, required=True)
        parser.add_argument("--version", type=int, help="Versión del cuadro (por omisión, la vigente)")
        parser.add_argument("-o", "--output", type=Path, required=True, help="Archivo de salida")

    def handle(self, *args, **options):
        if options["version"] is None:
            cuadro = cuadro_vigente()
            if cuadro is None:
                raise CommandError("No hay un CGCA vigente; indique --version.")
        else:
            cuadro = CuadroClasificacion.objects.filter(version=options["version"]).first()
            if cuadro is None:
                raise CommandError(f"No existe la versión {options['version']} del CGCA.")
        result = instrumentos_export(actor=None, cuadro=cuadro, formato=options["formato"])
        options["output"].write_bytes(result.content)
        self.stdout.write(self.style.SUCCESS(f"CGCA versión {cuadro.version} → {options['output']}"))
