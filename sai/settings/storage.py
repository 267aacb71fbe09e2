"""Document storage: local files by default, any S3-compatible server with SAI_STORAGE=s3."""

from .env import env_choice, env_int, env_list, env_str
from .paths import BASE_DIR

SAI_STORAGE = env_choice("SAI_STORAGE", ("local", "s3"), "local")

MEDIA_ROOT = env_str("SAI_MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"

if SAI_STORAGE == "s3":
    _blobs = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": env_str("SAI_S3_ENDPOINT_URL") or None,
            "bucket_name": env_str("SAI_S3_BUCKET", "sai"),
            "access_key": env_str("SAI_S3_ACCESS_KEY"),
            "secret_key": env_str("SAI_S3_SECRET_KEY"),
            "region_name": env_str("SAI_S3_REGION", "us-east-1"),
            "addressing_style": env_str("SAI_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    _blobs = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }

STORAGES = {
    "default": _blobs,
    "blobs": _blobs,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads are refused above this size and outside this MIME allow-list (detected from content, not name).
SAI_UPLOAD_MAX_BYTES = env_int("SAI_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)
SAI_UPLOAD_ALLOWED_MIME = env_list(
    "SAI_UPLOAD_ALLOWED_MIME",
    [
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/tiff",
        "text/plain",
        "text/csv",
        "message/rfc822",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/xml",
    ],
)
