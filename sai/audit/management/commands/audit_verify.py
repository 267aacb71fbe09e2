from django.core.management.base import BaseCommand, CommandError

from sai.audit.anchoring import checkpoints_verify
from sai.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Verifica la bitácora: la cadena HMAC con la clave configurada y cada punto de control del almacenamiento "
        "(sello de tiempo y hash a esa altura); nombra la primera entrada rota, truncamientos y reescrituras."
    )

    def handle(self, *args, **options):
        chain = audit_chain_verify()
        anchors = checkpoints_verify(head_seq=chain.checked)
        for warning in anchors.warnings:
            self.stderr.write(self.style.WARNING(f"Aviso: {warning}"))
        problems = [] if chain.ok else [f"entrada #{chain.first_broken_seq}: {chain.reason}"]
        problems += anchors.problems
        if problems:
            detail = "\n  - ".join(problems)
            raise CommandError(
                f"Bitácora rota ({chain.checked} entradas íntegras al inicio de la cadena):\n  - {detail}"
            )
        pending = chain.checked - anchors.last_seq
        self.stdout.write(
            self.style.SUCCESS(
                f"Bitácora íntegra: {chain.checked} entradas verificadas ({chain.unkeyed} anteriores a la clave HMAC), "
                f"{anchors.checked} puntos de control válidos; {pending} entradas posteriores al último punto de "
                f"control (#{anchors.last_seq}) sólo las protege la clave hasta el siguiente."
            )
        )
