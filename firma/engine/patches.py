"""The two library patches firma needs, applied once at start-up (the app config's ready()) and on import by every firma
module that hands data to pyHanko, so scripts outside Django get them too.

1. SAT certificates encode 2.5.4.45 (x500UniqueIdentifier, the RFC) as a PrintableString; asn1crypto expects a BIT
   STRING and cannot parse their names, so pyHanko cannot sign or show them (asn1crypto issue #228, signature.md
   §4.4). Reading it as a DirectoryString fixes signing, validation and display.
2. pyHanko reads hex strings one character at a time through two generator layers; a signature's /Contents is
   ~10 000 hex characters, which made that loop ~40 % of a validation. The replacement reads the same bytes in one
   block, with the same result and the same errors (tests/firma/test_validacion.py compares both).
"""

import binascii
import re

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfStreamError

_original_read_hex = getattr(generic, "_sai_original_read_hex", generic.read_hex_string_from_stream)
_PDF_WHITESPACE = re.compile(rb"[\x00\t\n\x0c\r ]+")
_HEX = re.compile(rb"[0-9a-fA-F]*")
_BLOCK = 65536


def read_hex_string_fast(stream):
    """Drop-in for pyhanko.pdf_utils.generic.read_hex_string_from_stream (stream positioned at '<')."""
    stream.read(1)
    start, parts, consumed = stream.tell(), [], 0
    while True:
        block = stream.read(_BLOCK)
        if not block:
            raise PdfStreamError("Stream has ended unexpectedly")
        end = block.find(b">")
        if end >= 0:
            parts.append(block[:end])
            stream.seek(start + consumed + end + 1)
            break
        parts.append(block)
        consumed += len(block)
    digits = _PDF_WHITESPACE.sub(b"", b"".join(parts))
    if not _HEX.fullmatch(digits):
        bad = re.search(rb"[^0-9a-fA-F]", digits).group()
        raise PdfStreamError("Unexpected token in hex string: " + repr(bad))
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


def asn1crypto_patch() -> None:
    asn1_x509.NameTypeAndValue._oid_specs["unique_identifier"] = asn1_x509.DirectoryString
    generic._sai_original_read_hex = _original_read_hex
    generic.read_hex_string_from_stream = read_hex_string_fast


asn1crypto_patch()
