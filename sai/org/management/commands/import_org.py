from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sai.org.importer import OrgImportError, org_import


class Command(BaseCommand):
    help = "Importa unidades administrativas y usuarios desde dos CSV, todo o nada (ver deploy/samples/)."

    def add_arguments(self, parser):
        parser.add_argument("areas", type=Path, help="CSV de unidades: " + "siglas,nombre,padre,titular,...")
        parser.add_argument("usuarios", type=Path, help="CSV de usuarios: usuario,nombre,apellidos,correo,...")

    def handle(self, *args, **options):
        try:
            summary = org_import(areas_path=options["areas"], usuarios_path=options["usuarios"])
        except OrgImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS(f"Importadas {summary.unidades} unidades y {summary.usuarios} usuarios."))
