from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from sai.org.demo import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = (
        "Carga la institución de demostración: unidades y un usuario por rol, y los datos de demostración de cada "
        "módulo (p. ej. el cuadro de clasificación). Se puede ejecutar varias veces."
    )

    @transaction.atomic
    def handle(self, *args, **options):
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
