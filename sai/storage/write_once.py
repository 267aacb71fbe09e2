"""Write-once objects beside the documents (the bitácora's checkpoints): never overwritten, locked where possible.

On S3 they go to SAI_AUDIT_S3_BUCKET (default: the documents' bucket). When that bucket has Object Lock enabled
(it must be created with it, which also turns versioning on: hence a bucket of its own, since the baja documental
must really delete documents), each object is written in COMPLIANCE mode until its retention date, so not even the
storage's administrator can delete or replace it before then; a delete or an overwrite only adds a newer version or
a delete marker, and reads always take the first version written. A bucket or server without Object Lock is
detected and the object is written normally; local files are made read-only. SAI never writes a key twice.
"""

import datetime
import os

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from sai.core.exceptions import ConflictError


def _s3():
    """(boto3 client, bucket) when documents live in S3; None for local files."""
    storage = storages["blobs"]
    connection = getattr(storage, "connection", None)
    if connection is None:
        return None
    return connection.meta.client, settings.SAI_AUDIT_S3_BUCKET or storage.bucket_name


def object_lock_enabled() -> bool:
    """Whether the bucket enforces Object Lock (False for local storage, or a bucket or server without it)."""
    s3 = _s3()
    if s3 is None:
        return False
    client, bucket = s3
    try:
        answer = client.get_object_lock_configuration(Bucket=bucket)
    except ClientError:
        return False
    return answer.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled") == "Enabled"


def _versions(client, bucket: str, prefix: str) -> list[dict]:
    """Every version under `prefix`; S3 lists each key's versions newest first."""
    pages = client.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix)
    return [version for page in pages for version in page.get("Versions", [])]


def _exists(client, bucket: str, key: str, locked: bool) -> bool:
    if locked:
        return any(version["Key"] == key for version in _versions(client, bucket, key))
    answer = client.list_objects_v2(Bucket=bucket, Prefix=key)
    return any(item["Key"] == key for item in answer.get("Contents", []))


def write_once_put(*, key: str, content: bytes, retain_until: datetime.datetime) -> bool:
    """Store `content` under `key` once; True if Object Lock retains it until `retain_until`.

    ConflictError if the key already holds something: nothing here is ever replaced.
    """
    s3 = _s3()
    if s3 is None:
        storage = storages["blobs"]
        if storage.exists(key):
            raise ConflictError(f"El objeto {key} ya existe y no se reemplaza.")
        storage.save(key, ContentFile(content, name=key))
        os.chmod(storage.path(key), 0o444)
        return False
    client, bucket = s3
    locked = object_lock_enabled()
    if _exists(client, bucket, key, locked):
        raise ConflictError(f"El objeto {key} ya existe y no se reemplaza.")
    lock = {"ObjectLockMode": "COMPLIANCE", "ObjectLockRetainUntilDate": retain_until} if locked else {}
    client.put_object(Bucket=bucket, Key=key, Body=content, **lock)
    return locked


def write_once_list(prefix: str) -> list[str]:
    """Keys stored under `prefix`, sorted; under Object Lock also those hidden by a later delete marker."""
    prefix = prefix.rstrip("/") + "/"
    s3 = _s3()
    if s3 is None:
        storage = storages["blobs"]
        if not os.path.isdir(storage.path(prefix)):
            return []
        return sorted(prefix + name for name in storage.listdir(prefix)[1])
    client, bucket = s3
    if object_lock_enabled():
        return sorted({version["Key"] for version in _versions(client, bucket, prefix)})
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def write_once_read(key: str) -> bytes:
    """The object's content as first written (under Object Lock, later versions of the key are ignored)."""
    s3 = _s3()
    if s3 is None:
        with storages["blobs"].open(key, "rb") as handle:
            return handle.read()
    client, bucket = s3
    version = {}
    if object_lock_enabled():
        first = [v for v in _versions(client, bucket, key) if v["Key"] == key][-1]
        version = {"VersionId": first["VersionId"]}
    return client.get_object(Bucket=bucket, Key=key, **version)["Body"].read()
