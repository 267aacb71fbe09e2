from pathlib import Path

from django.core.management.base import BaseCommand

from firma.demo import DEMO_PASSWORD, demo_dir, demo_pki_ensure


class Command(BaseCommand):
    help = (
        "Crea una autoridad certificadora de demostración y, para cada usuario de demostración que puede firmar, "
        "un certificado (.cer) y su llave (.key, formato SAT) y registra el certificado. Se puede ejecutar varias "
        "veces: reutiliza lo que ya existe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="carpeta de salida (por omisión firma-demo/)")

    def handle(self, *args, **options):
        directorio = (options["dir"] or demo_dir()).resolve()
        credenciales = demo_pki_ensure(directorio)
        if not credenciales:
            self.stdout.write("No hay usuarios de demostración con permiso de firma: ejecute primero load_demo.")
            return
        self.stdout.write(f"Autoridad certificadora de demostración: {directorio / 'raiz.pem'}")
        for c in credenciales:
            estado = "nuevo" if c.nueva else "ya existía"
            self.stdout.write(f"  {c.username:<14} {c.cer}  {c.key}  ({c.numero_certificado}, {estado})")
        self.stdout.write(f"Contraseña de todas las llaves .key: {DEMO_PASSWORD}")
        self.stdout.write(
            f"Para firmar con ellas: SAI_FIRMA_RAICES={directorio / 'raiz.pem'} SAI_FIRMA_NIVEL_DEFAULT=B-B"
        )
