"""Content-addressed blob storage: the only door to document bytes (and the only place boto3 is touched).

Blobs are written once under a key derived from their SHA-256 and never overwritten; identical content is
stored once. Reads can verify the hash as they stream, and the fixity run re-hashes everything stored.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone

from sai.audit.services import audit_record
from sai.core.exceptions import ApplicationError
from sai.storage.mime import SNIFF_BYTES, detect_mime
from sai.storage.models import Blob, blob_key

CHUNK_BYTES = 1024 * 1024
# Uploads are spooled to disk past this size, so large files never sit whole in memory.
SPOOL_BYTES = 4 * 1024 * 1024


class BlobCorruptError(ApplicationError):
    status_code = 500


def _storage():
    return storages["blobs"]


def blob_put(*, fileobj: BinaryIO) -> Blob:
    """Store a stream; return its Blob (sha256, size, detected MIME). Refuses oversize or disallowed content.

    Not audited by itself: the caller's operation (a document version, a signed PDF) records the action.
    """
    limit = settings.SAI_UPLOAD_MAX_BYTES
    digest, size, head = hashlib.sha256(), 0, b""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        while chunk := fileobj.read(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise ApplicationError(
                    "El archivo es demasiado grande.",
                    errors={"archivo": [f"supera el límite de {limit:,} bytes".replace(",", " ")]},
                )
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
            digest.update(chunk)
            spool.write(chunk)
        mime = detect_mime(head)
        if mime not in settings.SAI_UPLOAD_ALLOWED_MIME:
            raise ApplicationError(
                "Tipo de archivo no permitido.",
                errors={"archivo": [f"el contenido es {mime}, que no está en la lista de tipos admitidos"]},
            )
        sha256 = digest.hexdigest()
        spool.seek(0)
        _write_once(blob_key(sha256), spool)
    blob, created = Blob.objects.get_or_create(sha256=sha256, defaults={"size": size, "mime": mime})
    if not created and blob.eliminado is not None:
        # The same bytes arrived again after a baja deleted them: they are stored anew, so the row is live again.
        Blob.objects.filter(pk=blob.pk).update(eliminado=None)
        blob.eliminado = None
    return blob


def _write_once(key: str, spool) -> None:
    storage = _storage()
    if storage.exists(key):
        return
    saved_as = storage.save(key, File(spool, name=key))
    if saved_as != key:
        # A concurrent upload of the same content won the race; ours landed under a fresh name: drop it.
        storage.delete(saved_as)


class _VerifyingReader:
    """Streams a blob and raises BlobCorruptError at the end if the bytes read do not match the SHA-256."""

    def __init__(self, raw, sha256: str) -> None:
        self._raw, self._expected, self._digest = raw, sha256, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        self._digest.update(chunk)
        if not chunk or size is None or size < 0:
            self._check()
        return chunk

    def _check(self) -> None:
        if self._digest.hexdigest() != self._expected:
            raise BlobCorruptError(f"El contenido {self._expected} no coincide con su hash: está alterado.")

    def __iter__(self):
        while chunk := self.read(CHUNK_BYTES):
            yield chunk

    def close(self) -> None:
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def blob_open(*, sha256: str, verify: bool = False):
    """Open stored content for streaming; with verify=True the hash is checked as it is read."""
    raw = _storage().open(blob_key(sha256), "rb")
    return _VerifyingReader(raw, sha256) if verify else raw


def blob_delete(*, sha256: str) -> Blob:
    """Delete stored content for good: the only deletion of content in SAI.

    Called ONLY by the execution of a baja documental authorised by a registered acta
    (`earchivo.services.bajas.baja_ejecutar`), which decides that no other record still needs the bytes and
    audits the deletion. The row stays, marked `eliminado`, so the metadata pointing at the hash survives;
    fixity checks skip it. Idempotent: deleting again only confirms the object is gone.
    """
    blob = Blob.objects.get(sha256=sha256)
    storage = _storage()
    if storage.exists(blob.key):
        storage.delete(blob.key)
    if blob.eliminado is None:
        blob.eliminado = timezone.now()
        blob.save(update_fields=["eliminado"])
    return blob


def _stored_sha256(key: str) -> str | None:
    """SHA-256 of what is stored under key, or None when the object is missing."""
    storage = _storage()
    if not storage.exists(key):
        return None
    digest = hashlib.sha256()
    with storage.open(key, "rb") as stored:
        while chunk := stored.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class FixityReport:
    checked: int = 0
    altered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.altered or self.missing)


def fixity_check(*, actor=None) -> FixityReport:
    """Re-hash every stored blob, record each result on its row, and audit the run (with what failed).

    Content deleted by a baja documental (`eliminado`) is gone on purpose, so it is not checked.
    """
    report = FixityReport()
    for blob in Blob.objects.filter(eliminado__isnull=True).order_by("sha256").iterator(chunk_size=500):
        actual = _stored_sha256(blob.key)
        report.checked += 1
        if actual is None:
            report.missing.append(blob.sha256)
        elif actual != blob.sha256:
            report.altered.append(blob.sha256)
        Blob.objects.filter(pk=blob.pk).update(verificado=timezone.now(), integro=actual == blob.sha256)
    audit_record(
        actor=actor,
        action="storage.fijeza",
        data={"revisados": report.checked, "alterados": report.altered, "faltantes": report.missing},
    )
    return report


def storage_ping() -> str:
    """Raise if the configured storage cannot be reached; return a short description of it."""
    storage = _storage()
    bucket_name = getattr(storage, "bucket_name", None)
    if bucket_name:
        storage.connection.meta.client.head_bucket(Bucket=bucket_name)
        return f"s3:{bucket_name}"
    location = Path(storage.location)
    location.mkdir(parents=True, exist_ok=True)
    if not os.access(location, os.W_OK):
        raise PermissionError(f"{location} no admite escritura")
    return "local"
