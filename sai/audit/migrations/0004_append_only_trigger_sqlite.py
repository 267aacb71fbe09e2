"""On SQLite too the database itself refuses UPDATE and DELETE on the bitácora (0002 did it for PostgreSQL only).

After 0003: SQLite rebuilds a table to add a column, which would drop a trigger created earlier.
"""

from django.db import migrations

CREATE = [
    """
    CREATE TRIGGER IF NOT EXISTS audit_entradabitacora_no_update BEFORE UPDATE ON audit_entradabitacora
    BEGIN SELECT RAISE(ABORT, 'La bitácora es de solo anexado: UPDATE no está permitido'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS audit_entradabitacora_no_delete BEFORE DELETE ON audit_entradabitacora
    BEGIN SELECT RAISE(ABORT, 'La bitácora es de solo anexado: DELETE no está permitido'); END
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS audit_entradabitacora_no_update",
    "DROP TRIGGER IF EXISTS audit_entradabitacora_no_delete",
]


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_version_puntocontrol")]

    operations = [migrations.RunPython(_on_sqlite(CREATE), _on_sqlite(DROP))]
