"""One PDF/A-2b file streamed out of PDF parts rendered one after another, so no part of it stays in memory.

reportlab keeps every finished page of a canvas until it saves, so a long inventory is rendered in parts (a few
thousand rows each) to temporary files. Each part is copied here object by object as soon as it is finished and
then dropped: what stays in memory is one page reference per page and one offset per object. The page total of
the footers ("Página n de M", a form every footer draws) is unknown while the parts are drawn; each part's own form
is left behind and every footer is pointed at one form drawn at the end with the real total. The catalog's PDF/A
declaration (XMP, output intent) and the information dictionary come from that last small document, so they agree.
"""

import hashlib
import io
import os
from collections.abc import Callable
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from sai.core.pdfa import PdfACanvas
from sai.core.reports import PAGE_TOTAL_FORM, pdf_page_total

_CATALOG, _PAGES, _TOTAL = 1, 2, 3  # numbers fixed up front: parts refer to the pages tree and the total form
_TOTAL_NAME = "/FormXob." + PAGE_TOTAL_FORM


class PdfJoiner:
    """Write `%PDF`, then `add` finished parts in order, then `finish` with the metadata canvas's setup."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offsets: dict[int, int] = {}
        self.kids: list[int] = []
        self.next_number = _TOTAL + 1
        self.position = 0
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def add(self, part: BinaryIO) -> None:
        """Copy a finished part's pages (and all they use) to the output; its footers get the shared total."""
        part.seek(0)
        copier = _Copier(self, PdfReader(part))
        for page in copier.reader.pages:
            forms = page.get("/Resources", {}).get("/XObject", {})
            if _TOTAL_NAME in forms:
                copier.memo[forms.raw_get(_TOTAL_NAME).idnum] = _TOTAL
            number = self._number()
            self.kids.append(number)
            copier.pending.append((number, page.indirect_reference))
            copier.memo[page.indirect_reference.idnum] = number
            copier.drain()

    def finish(self, *, pages: int, setup: Callable[[PdfACanvas], None]) -> None:
        """Draw the total once (on a throw-away page of a small PDF/A document) and close the file."""
        buffer = io.BytesIO()
        canvas = PdfACanvas(buffer)
        setup(canvas)
        canvas.doForm(PAGE_TOTAL_FORM)
        pdf_page_total(canvas, pages)
        canvas.save()
        reader = PdfReader(buffer)
        copier = _Copier(self, reader)
        form = reader.pages[0]["/Resources"]["/XObject"].raw_get(_TOTAL_NAME)
        copier.memo[form.idnum] = _TOTAL
        copier.pending.append((_TOTAL, form))
        catalog = reader.trailer["/Root"]
        metadata = copier.copy(catalog.raw_get("/Metadata"))
        intents = copier.copy(catalog.raw_get("/OutputIntents"))
        info = copier.copy(reader.trailer.raw_get("/Info"))
        copier.drain()
        kids = ArrayObject(IndirectObject(n, 0, None) for n in self.kids)
        tree = DictionaryObject({NameObject("/Type"): NameObject("/Pages"), NameObject("/Kids"): kids})
        tree[NameObject("/Count")] = NumberObject(len(self.kids))
        self._object(_PAGES, tree)
        root = DictionaryObject({NameObject("/Type"): NameObject("/Catalog")})
        root.update({NameObject("/Pages"): IndirectObject(_PAGES, 0, None), NameObject("/Metadata"): metadata})
        root[NameObject("/OutputIntents")] = intents
        self._object(_CATALOG, root)
        self._trailer(info)

    def _number(self) -> int:
        self.next_number += 1
        return self.next_number - 1

    def _object(self, number: int, obj) -> None:
        self.offsets[number] = self.position
        body = io.BytesIO()
        obj.write_to_stream(body)
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body.getvalue()))

    def _trailer(self, info) -> None:
        start = self.position
        size = self.next_number
        missing = set(range(1, size)) - self.offsets.keys()
        if missing:
            raise ValueError(f"objects referred to but never written: {sorted(missing)[:5]}")
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        lines += [b"%010d 00000 n \n" % self.offsets[n] for n in range(1, size)]
        self._write(b"".join(lines))
        ident = ByteStringObject(hashlib.md5(os.urandom(16), usedforsecurity=False).digest())
        trailer = DictionaryObject({NameObject("/Size"): NumberObject(size), NameObject("/Info"): info})
        trailer.update(
            {NameObject("/Root"): IndirectObject(_CATALOG, 0, None), NameObject("/ID"): ArrayObject([ident, ident])}
        )
        body = io.BytesIO()
        trailer.write_to_stream(body)
        self._write(b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (body.getvalue(), start))


class _Copier:
    """Copies objects of one source document, renumbered into the output; each source object is written once."""

    def __init__(self, joiner: PdfJoiner, reader: PdfReader) -> None:
        self.joiner, self.reader = joiner, reader
        self.memo: dict[int, int] = {}
        self.pending: list[tuple[int, IndirectObject]] = []

    def drain(self) -> None:
        while self.pending:
            number, ref = self.pending.pop()
            self.joiner._object(number, self.copy(ref.get_object()))

    def copy(self, obj):
        if isinstance(obj, IndirectObject):
            if obj.idnum not in self.memo:
                self.memo[obj.idnum] = self.joiner._number()
                self.pending.append((self.memo[obj.idnum], obj))
            return IndirectObject(self.memo[obj.idnum], 0, None)
        if isinstance(obj, StreamObject):
            stream = type(obj)()
            stream._data = obj._data
            stream.update({key: self.copy(value) for key, value in obj.items() if key != "/Length"})
            return stream
        if isinstance(obj, DictionaryObject):
            if obj.get("/Type") == "/Page":  # its parent is the output's one pages tree, not the part's
                page = DictionaryObject({key: self.copy(value) for key, value in obj.items() if key != "/Parent"})
                page[NameObject("/Parent")] = IndirectObject(_PAGES, 0, None)
                return page
            return DictionaryObject({key: self.copy(value) for key, value in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(value) for value in obj)
        return obj
