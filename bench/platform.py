"""Platform costs: SAI's blob_put against a raw S3 put of the same bytes; audit_record against a raw INSERT."""

import hashlib
import io
import os
import time

import boto3
from botocore.config import Config
from django.conf import settings
from django.db import connection, transaction

from sai.audit.services import audit_record
from sai.storage.services import blob_put

BLOB_BYTES = 256 * 1024
BLOBS = 60
AUDIT_ENTRIES = 2000


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def _timed(fn, count: int) -> float:
    started = time.perf_counter()
    for i in range(count):
        fn(i)
    return time.perf_counter() - started


def _bench_storage() -> list[tuple[str, float, str]]:
    options = settings.STORAGES["blobs"]["OPTIONS"]
    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
        config=Config(s3={"addressing_style": "path"}),
    )
    payloads = [b"%PDF-1.7\n" + os.urandom(BLOB_BYTES) for _ in range(2 * BLOBS)]

    def raw(i):
        body = payloads[i]
        client.put_object(Bucket=options["bucket_name"], Key=f"bench/{hashlib.sha256(body).hexdigest()}", Body=body)

    raw_s = _timed(raw, BLOBS)
    sai_s = _timed(lambda i: blob_put(fileobj=io.BytesIO(payloads[BLOBS + i])), BLOBS)
    mib = BLOBS * BLOB_BYTES / 2**20
    return [
        (f"raw boto3 put_object ({BLOB_BYTES // 1024} KiB)", _rate(BLOBS, raw_s), "objects/s"),
        ("SAI blob_put (hash + sniff + dedupe + put + row)", _rate(BLOBS, sai_s), "objects/s"),
        ("SAI blob_put throughput", mib / sai_s, "MiB/s"),
        ("ratio SAI / raw time", sai_s / raw_s, "x"),
    ]


def _bench_audit() -> list[tuple[str, float, str]]:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_raw_log (id serial, accion text, datos text, hash text)")

    def raw(i):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_raw_log (accion, datos, hash) VALUES (%s, %s, %s)",
                ["bench", f'{{"i": {i}}}', hashlib.sha256(str(i).encode()).hexdigest()],
            )

    raw_s = _timed(raw, AUDIT_ENTRIES)
    sai_s = _timed(lambda i: audit_record(actor=None, action="bench", data={"i": i}), AUDIT_ENTRIES)
    return [
        ("raw INSERT, one transaction each", _rate(AUDIT_ENTRIES, raw_s), "rows/s"),
        ("SAI audit_record (locked head + HMAC-SHA256 chain)", _rate(AUDIT_ENTRIES, sai_s), "entries/s"),
        ("ratio SAI / raw time", sai_s / raw_s, "x"),
    ]


def run() -> list[tuple[str, float, str]]:
    return _bench_storage() + _bench_audit()
