"""On PostgreSQL the database itself refuses UPDATE and DELETE on the bitácora, whoever connects."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_entradabitacora_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'La bitácora es de solo anexado: % no está permitido', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entradabitacora_append_only
    BEFORE UPDATE OR DELETE ON audit_entradabitacora
    FOR EACH ROW EXECUTE FUNCTION audit_entradabitacora_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entradabitacora_append_only ON audit_entradabitacora;
DROP FUNCTION IF EXISTS audit_entradabitacora_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
