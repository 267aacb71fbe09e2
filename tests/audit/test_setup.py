"""The bitácora's key comes from outside the database (variable or secrets file), and SQLite refuses edits too."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "sai.settings.production",
    "SAI_DEBUG": "false",
    "SAI_SECRET_KEY": "s" * 50,
    "SAI_ALLOWED_HOSTS": "sai.example.gob.mx",
    "SAI_SECURE_COOKIES": "true",
    "SAI_SITE_URL": "https://sai.example.gob.mx",
}


def _run(code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SAI_") and k != "DATABASE_URL"}
    return subprocess.run(  # noqa: S603 - the test's own code, run with this interpreter
        [sys.executable, "-c", code], env={**base, **env}, cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_production_reads_the_key_from_a_secrets_file(tmp_path):
    """SAI_AUDIT_HMAC_KEY_FILE is read (and trimmed) at start-up; without any key production refuses to start."""
    secret = tmp_path / "clave"
    secret.write_text("una-clave-de-bitacora-larga-y-secreta-0123456789\n")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SAI_AUDIT_HMAC_KEY)"
    started = _run(code, **PRODUCTION, SAI_AUDIT_HMAC_KEY_FILE=str(secret))
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "una-clave-de-bitacora-larga-y-secreta-0123456789"
    refused = _run(code, **PRODUCTION)
    assert refused.returncode != 0 and "SAI_AUDIT_HMAC_KEY" in refused.stderr
    missing = _run(code, **PRODUCTION, SAI_AUDIT_HMAC_KEY_FILE=str(tmp_path / "no-existe"))
    assert missing.returncode != 0 and "SAI_AUDIT_HMAC_KEY_FILE" in missing.stderr


def test_sqlite_trigger_refuses_update_and_delete(tmp_path):
    """The model's promise holds on the embedded SQLite database too: the database refuses UPDATE and DELETE."""
    database = tmp_path / "sai.sqlite3"
    migrate = _run(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); "
        "from sai.audit.services import audit_record; audit_record(actor=None, action='prueba')",
        DJANGO_SETTINGS_MODULE="sai.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
    )
    assert migrate.returncode == 0, migrate.stderr
    connection = sqlite3.connect(database)
    for sql in ("UPDATE audit_entradabitacora SET accion = 'x'", "DELETE FROM audit_entradabitacora"):
        try:
            connection.execute(sql)
        except sqlite3.DatabaseError as exc:
            assert "solo anexado" in str(exc)
        else:
            raise AssertionError(f"SQLite accepted: {sql}")
    assert connection.execute("SELECT accion FROM audit_entradabitacora").fetchall() == [("prueba",)]
