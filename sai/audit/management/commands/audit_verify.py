from django.core.management.base import BaseCommand, CommandError

from sai.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Verifica la cadena de hashes de la bitácora y nombra la primera entrada rota."

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"Bitácora rota en la entrada #{report.first_broken_seq}: {report.reason} "
                f"({report.checked} entradas íntegras antes de ella)."
            )
        self.stdout.write(self.style.SUCCESS(f"Bitácora íntegra: {report.checked} entradas verificadas."))
