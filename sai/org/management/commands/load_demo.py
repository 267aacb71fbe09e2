from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sai.org.demo import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = (
        "Carga la institución de demostración: unidades y un usuario por rol, y los datos de demostración de cada "
        "módulo (p. ej. el cuadro de clasificación). Se puede ejecutar varias veces."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Cargar aunque SAI_DEBUG esté apagado (crea usuarios con una contraseña pública).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            # Demo users share a printed password: on a production instance they would be open doors.
            raise CommandError(
                "load_demo crea usuarios con una contraseña pública y solo se ejecuta con SAI_DEBUG=true; "
                "use --force si de verdad quiere cargarlos en esta instalación."
            )
        # Each app with a `demo` module contributes `demo_load() -> bool`, in INSTALLED_APPS order (org first).
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            loaded = import_module(module_name).demo_load()
            state = "cargados" if loaded else "ya estaban cargados"
            self.stdout.write(f"Datos de demostración de {app_config.verbose_name}: {state}.")
        self.stdout.write(f"\nUsuarios de demostración (contraseña para todos: {DEMO_PASSWORD}):")
        for user in demo_users():
            self.stdout.write(f"  {user.username:<14} {user.unidad:<8} {', '.join(user.roles)}")
