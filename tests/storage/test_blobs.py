import hashlib
import io
import uuid

import boto3
import pytest
from botocore.config import Config
from django.conf import settings
from django.test import override_settings

from sai.audit.models import EntradaBitacora
from sai.core.exceptions import ApplicationError
from sai.storage.models import Blob, blob_key
from sai.storage.services import BlobCorruptError, blob_open, blob_put, fixity_check


def s3_client():
    """A boto3 client of its own, so the test reads what the S3 server holds, not what SAI says it holds."""
    options = settings.STORAGES["blobs"]["OPTIONS"]
    return boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
        config=Config(s3={"addressing_style": "path"}),
    )


def bucket() -> str:
    return settings.STORAGES["blobs"]["OPTIONS"]["bucket_name"]


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.services)])
def backend(request, tmp_path):
    """Run the test on local files and on the real S3 server."""
    if request.param == "s3":
        assert settings.SAI_STORAGE == "s3", "the suite runs with SAI_STORAGE=s3 (make test)"
        yield "s3"
        return
    local = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}
    with override_settings(STORAGES={**settings.STORAGES, "blobs": local}):
        yield "local"


def unique_pdf() -> bytes:
    return b"%PDF-1.7\n" + f"% oficio {uuid.uuid4()}\n".encode() + b"1 0 obj <<>> endobj\n%%EOF\n"


def tamper(backend: str, tmp_path, sha256: str) -> None:
    if backend == "s3":
        s3_client().put_object(Bucket=bucket(), Key=blob_key(sha256), Body=b"%PDF-1.7 alterado")
    else:
        (tmp_path / blob_key(sha256)).write_bytes(b"%PDF-1.7 alterado")


@pytest.mark.django_db
def test_round_trip_returns_hash_size_and_detected_mime(backend):
    """blob_put streams content in; blob_open gives the same bytes back, verified."""
    content = unique_pdf()
    blob = blob_put(fileobj=io.BytesIO(content))
    assert blob.sha256 == hashlib.sha256(content).hexdigest()
    assert (blob.size, blob.mime) == (len(content), "application/pdf")
    with blob_open(sha256=blob.sha256, verify=True) as stored:
        assert stored.read() == content


@pytest.mark.django_db
def test_same_content_is_stored_once(backend):
    """Uploading identical bytes twice yields one Blob, one key."""
    content = unique_pdf()
    first = blob_put(fileobj=io.BytesIO(content))
    second = blob_put(fileobj=io.BytesIO(content))
    assert first.pk == second.pk
    assert Blob.objects.filter(sha256=first.sha256).count() == 1


@pytest.mark.services
@pytest.mark.django_db
def test_s3_object_really_is_in_the_s3_server():
    """With SAI_STORAGE=s3 the bytes are in the bucket under the content key, read back with plain boto3."""
    assert settings.SAI_STORAGE == "s3"
    content = unique_pdf()
    blob = blob_put(fileobj=io.BytesIO(content))
    response = s3_client().get_object(Bucket=bucket(), Key=blob_key(blob.sha256))
    assert response["Body"].read() == content
    assert response["ContentLength"] == len(content)


@pytest.mark.django_db
def test_fixity_finds_altered_and_missing_content(backend, tmp_path):
    """storage_fixity re-hashes stored objects: an altered one and a missing one are reported and audited."""
    intact = blob_put(fileobj=io.BytesIO(unique_pdf()))
    altered = blob_put(fileobj=io.BytesIO(unique_pdf()))
    missing = Blob.objects.create(sha256=hashlib.sha256(uuid.uuid4().bytes).hexdigest(), size=1, mime="text/plain")
    tamper(backend, tmp_path, altered.sha256)

    report = fixity_check()

    assert report.checked == 3
    assert report.altered == [altered.sha256]
    assert report.missing == [missing.sha256]
    assert Blob.objects.get(pk=intact.pk).integro
    assert not Blob.objects.get(pk=altered.pk).integro
    entry = EntradaBitacora.objects.get(accion="storage.fijeza")
    assert entry.datos["alterados"] == [altered.sha256]


@pytest.mark.django_db
def test_verified_read_of_altered_content_raises(backend, tmp_path):
    """Reading with verify=True fails loudly on altered content instead of serving it."""
    blob = blob_put(fileobj=io.BytesIO(unique_pdf()))
    tamper(backend, tmp_path, blob.sha256)
    with pytest.raises(BlobCorruptError), blob_open(sha256=blob.sha256, verify=True) as stored:
        stored.read()


@pytest.mark.django_db
@override_settings(SAI_UPLOAD_MAX_BYTES=1024)
def test_oversize_upload_is_refused_and_not_stored():
    """Content over the configured limit is refused with the field and the limit named."""
    with pytest.raises(ApplicationError) as error:
        blob_put(fileobj=io.BytesIO(b"a" * 5000))
    assert "1 024 bytes" in error.value.errors["archivo"][0]
    assert not Blob.objects.exists()


@pytest.mark.django_db
def test_disallowed_type_is_refused_by_content_not_name():
    """An executable is refused because of what it is, whatever it is called."""
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 100
    with pytest.raises(ApplicationError) as error:
        blob_put(fileobj=io.BytesIO(elf))
    assert "application/x-executable" in error.value.errors["archivo"][0]
    assert not Blob.objects.exists()
