"""MIME detection from content (the first bytes), never from the file name the user sent."""

import filetype

SNIFF_BYTES = 8192
_OOXML = {
    b"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    b"xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def detect_mime(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in head[:200]:
            return "application/vnd.oasis.opendocument.text"
        for marker, mime in _OOXML.items():
            if marker in head:
                return mime
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    return _detect_text(head)


def _detect_text(head: bytes) -> str:
    if not head:
        return "application/octet-stream"
    if b"\x00" in head:
        return "application/octet-stream"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sniffed window may cut a multi-byte character at its end; anything earlier is not text.
        if exc.start < len(head) - 3:
            return "application/octet-stream"
        text = head[: exc.start].decode("utf-8")
    stripped = text.lstrip()
    if stripped.startswith("<?xml"):
        return "application/xml"
    first_lines = text.splitlines()[:20]
    if any(line.lower().startswith(("received:", "message-id:", "mime-version:")) for line in first_lines) and any(
        line.lower().startswith("from:") for line in first_lines
    ):
        return "message/rfc822"
    return "text/plain"


# The extensions a file of each detected type may keep when downloaded (the first is the one given otherwise).
# Curated rather than taken from the system's mime.types, which maps text/plain to ".bat" and e-mail to ".mht".
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "image/bmp": (".bmp",),
    "image/tiff": (".tif", ".tiff"),
    "text/plain": (".txt", ".text", ".log"),
    "text/csv": (".csv",),
    "application/xml": (".xml",),
    "text/xml": (".xml",),
    "message/rfc822": (".eml",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/zip": (".zip",),
}


def mime_extensions(mime: str) -> tuple[str, ...]:
    """Extensions a download of this type may carry; ".bin" for a type SAI does not know."""
    return EXTENSIONS.get(mime, (".bin",))
