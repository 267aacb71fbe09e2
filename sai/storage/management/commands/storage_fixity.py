from django.core.management.base import BaseCommand, CommandError

from sai.storage.services import fixity_check


class Command(BaseCommand):
    help = "Vuelve a calcular el SHA-256 de todo el contenido almacenado e informa alteraciones o faltantes."

    def handle(self, *args, **options):
        report = fixity_check()
        for sha256 in report.altered:
            self.stderr.write(f"ALTERADO  {sha256}")
        for sha256 in report.missing:
            self.stderr.write(f"FALTANTE  {sha256}")
        if not report.ok:
            raise CommandError(
                f"Fijeza: {len(report.altered)} alterado(s), {len(report.missing)} faltante(s) "
                f"de {report.checked} revisados."
            )
        self.stdout.write(self.style.SUCCESS(f"Fijeza correcta: {report.checked} contenidos revisados."))
