import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from sai.audit.models import AppendOnlyError, EntradaBitacora
from sai.audit.services import audit_chain_verify, audit_record
from sai.org.models import UnidadAdministrativa


def _record_three(actor=None):
    unidad = UnidadAdministrativa.objects.create(siglas="SE", nombre="Secretaría Ejecutiva")
    for action in ("prueba.uno", "prueba.dos", "prueba.tres"):
        audit_record(actor=actor, action=action, obj=unidad, data={"n": action, "acentos": "árbol"})


@pytest.mark.django_db
def test_entries_chain_each_to_the_previous(make_user):
    """Each entry stores its predecessor's hash; the whole chain verifies."""
    _record_three(actor=make_user())
    entries = list(EntradaBitacora.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].hash_anterior == entries[0].hash
    assert entries[2].hash_anterior == entries[1].hash
    assert entries[0].actor_username.startswith("usuario")
    report = audit_chain_verify()
    assert report.ok and report.checked == 3


@pytest.mark.django_db
def test_python_refuses_updates_and_deletes():
    """The model and its querysets refuse to modify or delete entries."""
    _record_three()
    entry = EntradaBitacora.objects.first()
    entry.accion = "otra"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        EntradaBitacora.objects.filter(seq=1).update(accion="otra")
    with pytest.raises(AppendOnlyError):
        EntradaBitacora.objects.all().delete()


@pytest.mark.services  # PostgreSQL's trigger and SQL
@pytest.mark.django_db
def test_postgresql_trigger_refuses_sql_update_and_delete():
    """Even raw SQL cannot change or delete an entry on PostgreSQL."""
    assert connection.vendor == "postgresql", "the suite runs on PostgreSQL (make test)"
    _record_three()
    for sql in (
        "UPDATE audit_entradabitacora SET accion = 'x' WHERE seq = 2",
        "DELETE FROM audit_entradabitacora WHERE seq = 2",
    ):
        with pytest.raises(DatabaseError, match="solo anexado"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.mark.services  # PostgreSQL's trigger and SQL
@pytest.mark.django_db
def test_audit_verify_names_the_entry_edited_in_sql(capsys):
    """A row edited behind SAI's back (trigger disabled by the table owner) is caught and named."""
    _record_three()
    call_command("audit_verify")
    assert "3 entradas verificadas" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_entradabitacora DISABLE TRIGGER USER")
        cursor.execute("""UPDATE audit_entradabitacora SET datos = '{"n": "falso"}' WHERE seq = 2""")
        cursor.execute("ALTER TABLE audit_entradabitacora ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match=r"entrada #2: el contenido fue alterado"):
        call_command("audit_verify")


@pytest.mark.services  # PostgreSQL's trigger and SQL
@pytest.mark.django_db
def test_deleted_entry_and_truncated_tail_are_caught():
    """Removing an entry in the middle or at the end breaks the chain at that position."""
    _record_three()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_entradabitacora DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_entradabitacora WHERE seq = 3")
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entradabitacora WHERE seq = 2")
        cursor.execute("ALTER TABLE audit_entradabitacora ENABLE TRIGGER USER")
    assert audit_chain_verify().first_broken_seq == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain():
    """Entries appended from parallel threads form one unbroken chain with no duplicate position."""
    errors = []

    def append(n):
        try:
            for i in range(5):
                audit_record(actor=None, action="prueba.paralela", data={"hilo": n, "i": i})
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert EntradaBitacora.objects.count() == 40
    report = audit_chain_verify()
    assert report.ok and report.checked == 40
