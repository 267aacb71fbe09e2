"""`manage.py search_reindex`: repair the index (default), or rebuild it whole with an alias swap (--completo)."""

from django.core.management.base import BaseCommand

from sai.search.backends import get_backend
from sai.search.management.progress import ProgressBar
from sai.search.services.indexing import search_flush_all, search_rebuild, search_repair
from sai.search.services.textos import texto_redispatch


class Command(BaseCommand):
    help = (
        "Repara el índice de búsqueda: indexa lo faltante o desactualizado y quita lo sobrante. Con --completo "
        "reconstruye todo en un índice nuevo y lo activa sin interrupción (reanudable si se interrumpe)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--completo", action="store_true", help="Reconstruye el índice entero.")
        parser.add_argument(
            "--reiniciar", action="store_true", help="Con --completo: descarta una reconstrucción a medias."
        )
        parser.add_argument("--textos", action="store_true", help="Reenvía las extracciones de texto pendientes.")

    def handle(self, *args, completo: bool, reiniciar: bool, textos: bool, **options) -> None:
        quiet = options["verbosity"] == 0
        get_backend().setup()
        if textos:
            self.stdout.write(f"Extracciones reenviadas: {texto_redispatch()}")
        queue = search_flush_all()
        if queue.failed:
            self.stderr.write(f"La cola no pudo vaciarse: {queue.error}")
        if completo:
            bar = None if quiet else ProgressBar(self.stdout, "Reconstruyendo")
            run = search_rebuild(progress=bar, restart=reiniciar)
            if bar:
                bar.close()
            self.stdout.write(f"Índice reconstruido: {run.indice} ({run.hechos} elementos).")
            return
        bar = None if quiet else ProgressBar(self.stdout, "Reparando")
        fixed = search_repair(progress=bar)
        if bar:
            bar.close()
        self.stdout.write(f"Reparación: {fixed['escritos']} escritos, {fixed['borrados']} borrados.")
