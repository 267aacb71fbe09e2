"""manage.py inventario_generar: build an inventory in this process, with a progress line, into a file."""

import shutil

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inventarios.models import Generacion
from inventarios.services import generacion_abrir, generacion_ejecutar, generacion_solicitar
from sai.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Genera un inventario (con los permisos de --usuario) y lo guarda en --salida."

    def add_arguments(self, parser):
        parser.add_argument("--usuario", required=True, help="usuario cuyos permisos limitan los renglones")
        parser.add_argument("--tipo", default="general", choices=[t.value for t in Generacion.Tipo])
        parser.add_argument("--formato", default="xlsx", choices=[f.value for f in Generacion.Formato])
        parser.add_argument("--transferencia", type=int, help="id de la transferencia (tipo transferencia)")
        for name in ("unidad", "serie", "anio_desde", "anio_hasta", "etapa", "estado", "clasificacion"):
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name)
        parser.add_argument("-o", "--salida", required=True, help="archivo de salida")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["usuario"]).first()
        if user is None:
            raise CommandError(f"No existe el usuario {options['usuario']!r}.")
        filtros = {k: options[k] for k in ("unidad", "serie", "anio_desde", "anio_hasta", "etapa", "estado")}
        filtros["clasificacion"] = options["clasificacion"]
        try:
            generacion = generacion_solicitar(
                actor=user,
                tipo=options["tipo"],
                formato=options["formato"],
                filtros=filtros,
                transferencia_id=options["transferencia"],
                encolar=False,
            )
        except ApplicationError as exc:
            detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())
            raise CommandError(f"{exc.message} {detail}".strip()) from None

        def avance(n: int, total: int) -> None:
            self.stdout.write(f"\r{n}/{total} renglones ({n * 100 // max(total, 1)} %)", ending="")
            self.stdout.flush()

        generacion = generacion_ejecutar(generacion_id=generacion.pk, al_avanzar=avance)
        self.stdout.write("")
        if generacion.estado != Generacion.Estado.TERMINADA:
            raise CommandError(f"La generación terminó {generacion.get_estado_display().lower()}: {generacion.error}")
        with generacion_abrir(actor=user, generacion=generacion) as contenido, open(options["salida"], "wb") as out:
            shutil.copyfileobj(contenido, out)
        self.stdout.write(f"{generacion.nombre_archivo}: {generacion.total} renglones, SHA-256 {generacion.blob_id}")
