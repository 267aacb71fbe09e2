from django.core.management.base import BaseCommand

from sai.org.demo import DEMO_PASSWORD, demo_load, demo_users


class Command(BaseCommand):
    help = "Carga la institución de demostración (unidades y un usuario por rol). Se puede ejecutar varias veces."

    def handle(self, *args, **options):
        loaded = demo_load()
        self.stdout.write("Institución de demostración " + ("cargada." if loaded else "ya estaba cargada."))
        self.stdout.write(f"\nUsuarios de demostración (contraseña para todos: {DEMO_PASSWORD}):")
        for user in demo_users():
            self.stdout.write(f"  {user.username:<14} {user.unidad:<8} {', '.join(user.roles)}")
