"""Issue 8, item 4: a consistent rewrite of the bitácora by whoever holds the database is detected.

The attacker here is a DBA: triggers off, rows deleted or edited, hashes recomputed, the head row rewound. The chain
is keyed (HMAC with a key outside the database) and its head is sealed by the TSA into a write-once storage object,
which `audit_verify` reads instead of trusting the database.
"""

import datetime
import hashlib
import json

import pytest
from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sai.audit import anchoring
from sai.audit.anchoring import checkpoint_create, checkpoints_verify
from sai.audit.chain import entry_content, entry_hash, utc_now
from sai.audit.models import HASH_HMAC, HASH_SHA256, EntradaBitacora, PuntoControl
from sai.audit.services import audit_chain_verify, audit_record
from sai.storage.write_once import object_lock_enabled, write_once_put, write_once_read

pytestmark = [pytest.mark.django_db, pytest.mark.services]  # PostgreSQL roles and the TSA


def _record(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="prueba.entrada", data={"i": i})


def _sql(*statements, params=None) -> None:
    """Run SQL as the table owner would, with the append-only trigger switched off."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_entradabitacora DISABLE TRIGGER USER")
        for sql in statements:
            cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_entradabitacora ENABLE TRIGGER USER")


def _rewrite_from(seq: int, hasher, version: int) -> None:
    """Edit entry `seq`, then recompute every later link and hash with `hasher` and rewind the head to match."""
    entries = list(EntradaBitacora.objects.filter(seq__gte=seq).order_by("seq"))
    previous = EntradaBitacora.objects.get(seq=seq - 1).hash
    entries[0].datos = {"i": "alterado"}
    for entry in entries:
        entry.hash_anterior, entry.hash_version = previous, version
        entry.hash = hasher(entry)
        previous = entry.hash
        _sql(
            "UPDATE audit_entradabitacora SET datos = %s::jsonb, hash_anterior = %s, hash = %s, hash_version = %s "
            "WHERE seq = %s",
            params=[json.dumps(entry.datos), entry.hash_anterior, entry.hash, version, entry.seq],
        )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_cabezabitacora SET hash = %s WHERE id = 1", [previous])


def _public_sha256(entry) -> str:
    """The old, unkeyed formula: what anyone can compute without SAI's key."""
    content = entry_content(entry)
    content.pop("hash_version", None)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_valid_chain_with_sealed_checkpoint_verifies(anchor_prefix, capsys):
    """Entries are HMAC-keyed; the head is sealed by the real TSA into storage; audit_verify is green and says so."""
    _record(3)
    assert set(EntradaBitacora.objects.values_list("hash_version", flat=True)) == {HASH_HMAC}
    punto = checkpoint_create()
    assert (punto.seq, punto.sellado, punto.bloqueo) == (3, True, object_lock_enabled())
    body = json.loads(write_once_read(punto.objeto))
    assert body["seq"] == 3 and body["hash"] == EntradaBitacora.objects.get(seq=3).hash and body["sello"]
    assert checkpoint_create() is None, "an unchanged head is not sealed twice"
    call_command("audit_verify")
    out = capsys.readouterr()
    assert "3 entradas verificadas" in out.out and "1 puntos de control válidos" in out.out
    assert "Aviso" not in out.err


def test_truncated_tail_with_rewound_head_is_detected(anchor_prefix):
    """(a) Deleting the newest entries and rewinding the head leaves a valid chain, but the checkpoint names it."""
    _record(5)
    checkpoint_create()
    survivor = EntradaBitacora.objects.get(seq=3)
    _sql("DELETE FROM audit_entradabitacora WHERE seq > 3")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_cabezabitacora SET seq = 3, hash = %s WHERE id = 1", [survivor.hash])
    assert audit_chain_verify().ok, "the shortened chain is internally consistent: only the anchor can tell"
    with pytest.raises(CommandError, match=r"truncada: el punto de control .* sella #5; la cadena termina en #3"):
        call_command("audit_verify")


def test_rewrite_with_the_public_hash_function_is_detected(anchor_prefix):
    """(b) Editing an entry and recomputing every later hash without the key breaks the keyed chain."""
    _record(5)
    checkpoint_create()
    _rewrite_from(2, _public_sha256, HASH_HMAC)
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 2)
    assert "clave HMAC" in report.reason
    with pytest.raises(CommandError, match=r"entrada #2"):
        call_command("audit_verify")


def test_downgrade_to_unkeyed_entries_is_detected(anchor_prefix):
    """(b') Marking the rewritten entries as pre-key (plain SHA-256) is a downgrade the chain refuses."""
    _record(5)
    checkpoint_create()
    _rewrite_from(2, _public_sha256, HASH_SHA256)
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 2)
    assert "sin clave" in report.reason


def test_whole_chain_rewritten_unkeyed_is_caught_by_the_checkpoint(anchor_prefix):
    """Rewriting from the very first entry as pre-key entries verifies as a chain, but not against the anchor."""
    _record(4)
    checkpoint_create()
    first = EntradaBitacora.objects.get(seq=1)
    first.hash_version = HASH_SHA256
    first.hash = _public_sha256(first)
    _sql(
        "UPDATE audit_entradabitacora SET hash = %s, hash_version = 1 WHERE seq = 1",
        params=[first.hash],
    )
    _rewrite_from(2, _public_sha256, HASH_SHA256)
    assert audit_chain_verify().ok
    report = checkpoints_verify(head_seq=4)
    assert any("reescrita: la entrada #4" in problem for problem in report.problems)


def test_insider_with_the_key_is_caught_by_the_checkpoint(anchor_prefix):
    """Even recomputing with the real key (an insider who has it) cannot move the sealed hash at the checkpoint."""
    _record(5)
    checkpoint_create()
    _rewrite_from(2, entry_hash, HASH_HMAC)
    assert audit_chain_verify().ok
    with pytest.raises(CommandError, match=r"reescrita: la entrada #5 ya no tiene el hash sellado"):
        call_command("audit_verify")


def test_wrong_key_and_forged_checkpoint_are_named(anchor_prefix, settings):
    """A different configured key is named; a checkpoint written without a valid token is called forged."""
    _record(2)
    punto = checkpoint_create()
    body = json.loads(write_once_read(punto.objeto))
    forged = {**body, "seq": 1, "hash": EntradaBitacora.objects.get(seq=1).hash}
    write_once_put(
        key=f"{anchoring.PREFIX}/000000000001-falso.json",
        content=json.dumps(forged).encode(),
        retain_until=punto.creado + datetime.timedelta(days=1),
    )
    assert any("falsificado" in p for p in checkpoints_verify(head_seq=2).problems)
    settings.SAI_AUDIT_HMAC_KEY = "otra-clave-que-no-es-la-de-la-cadena-0123456789"
    assert not audit_chain_verify().ok
    assert any("otra clave HMAC" in p for p in checkpoints_verify(head_seq=2).problems)


def test_checkpoints_are_trusted_from_storage_not_from_the_database(anchor_prefix):
    """Deleting the checkpoint rows from the database changes nothing: verification lists the storage."""
    _record(4)
    checkpoint_create()
    PuntoControl.objects.all().delete()
    _sql("DELETE FROM audit_entradabitacora WHERE seq = 4")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_cabezabitacora SET seq = 3, hash = %s WHERE id = 1", [_hash(3)])
    assert any("truncada" in p for p in checkpoints_verify(head_seq=3).problems)


def _hash(seq: int) -> str:
    return EntradaBitacora.objects.get(seq=seq).hash


def test_entries_from_before_the_key_still_verify():
    """A chain started unkeyed (hash_version 1, as migrated) continues keyed and verifies end to end."""
    _record(2)
    _sql("DELETE FROM audit_entradabitacora")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_cabezabitacora SET seq = 0, hash = %s WHERE id = 1", ["0" * 64])
    legacy = EntradaBitacora(
        seq=1,
        creado=utc_now(),
        actor_username="sistema",
        accion="prueba.antigua",
        datos={},
        hash_anterior="0" * 64,
        hash_version=HASH_SHA256,
    )
    legacy.hash = _public_sha256(legacy)
    legacy.save(force_insert=True)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_cabezabitacora SET seq = 1, hash = %s WHERE id = 1", [legacy.hash])
    _record(2)
    report = audit_chain_verify()
    assert report.ok and (report.checked, report.unkeyed) == (3, 1)


@pytest.fixture
def locked_bucket(settings, anchor_prefix):
    """A bucket created with Object Lock (SeaweedFS supports it), as production should give the checkpoints."""
    client = storages["blobs"].connection.meta.client
    bucket = "sai-bitacora-pruebas"
    try:
        client.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    except ClientError as exc:
        assert exc.response["Error"]["Code"] in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists")
    settings.SAI_AUDIT_S3_BUCKET = bucket
    assert object_lock_enabled()
    return client, bucket


def test_object_lock_keeps_the_checkpoint_from_the_storage_administrator(locked_bucket):
    """Under Object Lock the checkpoint cannot be deleted; hiding or overwriting it does not change what is verified."""
    client, bucket = locked_bucket
    _record(3)
    punto = checkpoint_create()
    assert punto.bloqueo
    retention = client.get_object_retention(Bucket=bucket, Key=punto.objeto)["Retention"]
    assert retention["Mode"] == "COMPLIANCE"
    original = client.list_object_versions(Bucket=bucket, Prefix=punto.objeto)["Versions"][0]["VersionId"]
    with pytest.raises(ClientError, match="AccessDenied"):
        client.delete_object(Bucket=bucket, Key=punto.objeto, VersionId=original)
    client.put_object(Bucket=bucket, Key=punto.objeto, Body=b'{"seq": 1, "hash": "x", "clave": "y"}')
    client.delete_object(Bucket=bucket, Key=punto.objeto)  # a delete marker hides it from plain listings
    _sql("DELETE FROM audit_entradabitacora WHERE seq = 3")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_cabezabitacora SET seq = 2, hash = %s WHERE id = 1", [_hash(2)])
    report = checkpoints_verify(head_seq=2)
    assert report.checked == 1 and report.problems == [
        f"truncada: el punto de control {punto.objeto} sella #3; la cadena termina en #2"
    ]
