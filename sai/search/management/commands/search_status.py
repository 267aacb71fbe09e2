"""`manage.py search_status`: does the search index match the database? Exit status 1 if it does not."""

from django.core.management.base import BaseCommand, CommandError

from sai.search.management.progress import ProgressBar
from sai.search.selectors import search_status


class Command(BaseCommand):
    help = "Compara la base de datos con el índice de búsqueda (faltantes, sobrantes y desactualizados)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rapido", action="store_true", help="Sólo compara identificadores, no contenido.")
        parser.add_argument("--detalle", action="store_true", help="Lista los identificadores con diferencias.")

    def handle(self, *args, rapido: bool, detalle: bool, **options) -> None:
        bar = ProgressBar(self.stdout, "Comparando") if options["verbosity"] > 0 else None
        status = search_status(progress=bar, rapido=rapido)
        if bar:
            bar.close()
        self.stdout.write(f"Backend: {status.backend}")
        for diff in status.tipos:
            self.stdout.write(
                f"  {diff.tipo:<12} en BD {diff.en_bd:>8}  en índice {diff.en_indice:>8}  faltantes "
                f"{len(diff.faltantes):>6}  sobrantes {len(diff.sobrantes):>6}  desactualizados "
                f"{len(diff.desactualizados):>6}"
            )
            if detalle:
                for name in ("faltantes", "sobrantes", "desactualizados"):
                    ids = sorted(getattr(diff, name), key=str)
                    if ids:
                        self.stdout.write(f"    {name}: {', '.join(map(str, ids[:200]))}")
        self.stdout.write(
            f"Cola: {status.pendientes} pendientes ({status.pendientes_con_error} con error). "
            f"Textos: {status.textos_pendientes} por extraer, {status.textos_con_error} con error."
        )
        if not status.esquema_actual:
            self.stdout.write("El índice usa un esquema anterior: ejecute search_reindex --completo.")
        self.stdout.write(f"Diferencias: {status.diferencias}")
        if status.diferencias:
            raise CommandError("El índice no coincide con la base de datos: ejecute search_reindex.")
