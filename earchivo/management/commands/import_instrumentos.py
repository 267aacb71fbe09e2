import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from earchivo.models import CuadroClasificacion
from earchivo.services.instrumentos import cuadro_create_borrador, cuadro_publish
from earchivo.services.instrumentos_io import InstrumentosImportError, instrumentos_import, instrumentos_parse
from sai.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Importa el CGCA y el CADIDO desde una hoja de cálculo (XLSX o CSV) a un borrador, todo o nada; "
        "con --publicar lo vuelve vigente en el mismo paso."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (the CGCA version) replaces Django's --version (the program's).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("archivo", type=Path, help="XLSX o CSV (ver deploy/samples/cgca_cadido.csv)")
        parser.add_argument("--version", type=int, help="Borrador que se reemplaza, o número de la versión nueva")
        parser.add_argument("--nombre", default="", help="Nombre de la versión nueva")
        parser.add_argument("--validar", action="store_true", help="Sólo valida el archivo; no escribe nada")
        parser.add_argument("--publicar", action="store_true", help="Publica la versión al terminar")
        parser.add_argument("--acuerdo", default="", help="Acuerdo o acta de aprobación (obligatorio con --publicar)")
        parser.add_argument(
            "--fecha-aprobacion",
            type=datetime.date.fromisoformat,
            help="Fecha de aprobación AAAA-MM-DD (por omisión, hoy)",
        )

    def handle(self, *args, **options):
        path: Path = options["archivo"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"No se puede leer {path}: {exc.strerror}") from None
        if options["publicar"] and not options["acuerdo"].strip():
            raise CommandError("Con --publicar indique --acuerdo (el acuerdo o acta de aprobación).")
        try:
            if options["validar"]:
                specs = instrumentos_parse(content=content, filename=path.name)
                self.stdout.write(self.style.SUCCESS(f"{path.name}: {len(specs)} nodos válidos; no se escribió nada."))
                return
            with transaction.atomic():
                summary = self._import(path, options)
                if options["publicar"]:
                    cuadro_publish(
                        actor=None,
                        cuadro=summary.cuadro,
                        fecha_aprobacion=options["fecha_aprobacion"] or timezone.localdate(),
                        acuerdo=options["acuerdo"],
                    )
        except InstrumentosImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(exc.message) from None
        except ApplicationError as exc:
            details = [f"{field}: {message}" for field, messages in exc.errors.items() for message in messages]
            raise CommandError(" ".join([exc.message, *details])) from None
        for aviso in summary.avisos:
            self.stdout.write(self.style.WARNING(aviso))
        estado = "publicada (vigente)" if options["publicar"] else "en borrador"
        self.stdout.write(
            self.style.SUCCESS(
                f"CGCA versión {summary.cuadro.version} {estado}: {summary.nodos} nodos, {summary.series} series, "
                f"{summary.disposiciones} renglones del CADIDO, {summary.fichas} fichas técnicas."
            )
        )

    def _import(self, path: Path, options):
        cuadro = None
        if options["version"] is not None:
            cuadro = CuadroClasificacion.objects.filter(version=options["version"]).first()
            if cuadro is None:
                nombre = options["nombre"] or f"Importado de {path.name}"
                cuadro = cuadro_create_borrador(actor=None, nombre=nombre, version=options["version"])
        with path.open("rb") as fileobj:
            return instrumentos_import(
                actor=None, fileobj=fileobj, filename=path.name, cuadro=cuadro, nombre=options["nombre"]
            )
