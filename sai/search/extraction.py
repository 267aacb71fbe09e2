"""Text extraction, page by page: PDF text layer, OCR (Tesseract, Spanish) for scanned pages and images,
DOCX/ODT/XLSX, plain text and e-mail (with its attachments). Pure functions over a file on disk.

Page numbers are kept so a hit can point to its page: a PDF page, a TIFF frame, a DOCX/ODT page break,
an XLSX sheet, a form feed in text. OCR runs only on PDF pages without a usable text layer.
"""

import email
import html
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from sai.core.xlsx import SheetTooLargeError, xlsx_rows
from sai.storage.mime import SNIFF_BYTES, detect_mime

logger = logging.getLogger(__name__)

OCR_LANG = "spa"
OCR_DPI = 300
OCR_TIMEOUT = 180  # seconds per page
OCR_MAX_PAGES = 500
MIN_TEXT_CHARS = 25  # a PDF page with fewer letters/digits than this is treated as scanned
MAX_XML_BYTES = 64 * 1024 * 1024  # a DOCX/ODT part larger than this uncompressed is refused (zip bombs)
MAX_SHEET_CELLS = 200_000

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
IMAGES = {"image/png", "image/jpeg", "image/tiff", "image/gif", "image/bmp", "image/webp"}


class ExtractionError(Exception):
    """The content cannot be read (corrupt, encrypted, unsupported): extraction will not succeed on retry."""


@dataclass
class Extraccion:
    paginas: list[str]
    metodo: str
    paginas_ocr: list[int] = field(default_factory=list)


def ocr_available() -> bool:
    return bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def _run(args: list[str], timeout: int = OCR_TIMEOUT) -> bytes:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page: workers run several tasks at once
    try:
        return subprocess.run(args, capture_output=True, check=True, timeout=timeout, env=env).stdout  # noqa: S603
    except FileNotFoundError:
        raise ExtractionError(f"falta el programa {args[0]} (ejecute deploy/services/ocr.sh start)") from None
    except subprocess.CalledProcessError as exc:
        raise ExtractionError(f"{args[0]} falló: {exc.stderr.decode(errors='replace')[:300]}") from None
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"{args[0]} tardó más de {timeout} s") from None


def ocr_image(path: Path) -> list[str]:
    """Tesseract on an image; a multi-frame TIFF gives one page per frame (Tesseract separates them with \\f)."""
    text = _run(["tesseract", str(path), "stdout", "-l", OCR_LANG]).decode("utf-8", errors="replace")
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages = pages[:-1]
    return [p.strip() for p in pages]


def _ocr_pdf_page(path: Path, number: int, workdir: Path) -> str:
    prefix = workdir / f"p{number}"
    _run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(OCR_DPI), "-gray", "-png", "-singlefile",
          str(path), str(prefix)])  # fmt: skip
    image = prefix.with_suffix(".png")
    try:
        return "\n".join(ocr_image(image))
    finally:
        image.unlink(missing_ok=True)


def _usable(text: str) -> bool:
    return sum(1 for c in text if c.isalnum()) >= MIN_TEXT_CHARS


def extract_pdf(path: Path) -> Extraccion:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("el PDF está cifrado")
        pages = []
        for page in reader.pages:
            try:
                pages.append((page.extract_text() or "").strip())
            except (PyPdfError, ValueError, KeyError, TypeError):
                pages.append("")
    except (PyPdfError, ValueError, OSError) as exc:
        raise ExtractionError(f"PDF ilegible: {exc}") from None
    scanned = [n for n, text in enumerate(pages, start=1) if not _usable(text)][:OCR_MAX_PAGES]
    if not scanned:
        return Extraccion(pages, "pdf")
    if not ocr_available():
        logger.warning("OCR no disponible: %s páginas escaneadas de %s quedan sin texto", len(scanned), path.name)
        return Extraccion(pages, "pdf")
    with tempfile.TemporaryDirectory(prefix="sai-ocr-") as workdir:
        for number in scanned:
            pages[number - 1] = _ocr_pdf_page(path, number, Path(workdir)).strip()
    return Extraccion(pages, "pdf+ocr" if len(scanned) < len(pages) else "ocr", scanned)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def extract_text(data: bytes) -> Extraccion:
    return Extraccion([p.strip() for p in _decode(data).split("\f")], "texto")


def _xml_member(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise ExtractionError(f"{name} es demasiado grande")
    # The stdlib parser resolves no external entities, and expat limits entity expansion (billion laughs).
    return ElementTree.fromstring(archive.read(name))  # noqa: S314


def _pages_from_runs(runs: list[str | None]) -> list[str]:
    """Join text runs; None marks a page break."""
    pages, current = [], []
    for run in runs:
        if run is None:
            pages.append("".join(current).strip())
            current = []
        else:
            current.append(run)
    pages.append("".join(current).strip())
    return pages


def extract_docx(path: Path) -> Extraccion:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(path) as archive:
            root = _xml_member(archive, "word/document.xml")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise ExtractionError(f"DOCX ilegible: {exc}") from None
    runs: list[str | None] = []
    for paragraph in root.iter(f"{w}p"):
        for node in paragraph.iter():
            if node.tag == f"{w}t" and node.text:
                runs.append(node.text)
            elif node.tag == f"{w}tab":
                runs.append("\t")
            elif (node.tag == f"{w}br" and node.get(f"{w}type") == "page") or node.tag == f"{w}lastRenderedPageBreak":
                runs.append(None)
            elif node.tag == f"{w}br":
                runs.append("\n")
        runs.append("\n")
    return Extraccion([p for p in _pages_from_runs(runs)], "docx")


def extract_odt(path: Path) -> Extraccion:
    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    try:
        with zipfile.ZipFile(path) as archive:
            root = _xml_member(archive, "content.xml")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise ExtractionError(f"ODT ilegible: {exc}") from None
    runs: list[str | None] = []

    def walk(node) -> None:
        if node.tag == f"{text_ns}soft-page-break":
            runs.append(None)
        elif node.tag == f"{text_ns}s":
            runs.append(" " * int(node.get(f"{text_ns}c", "1")))
        elif node.tag == f"{text_ns}tab":
            runs.append("\t")
        elif node.tag == f"{text_ns}line-break":
            runs.append("\n")
        if node.text:
            runs.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                runs.append(child.tail)
        if node.tag in (f"{text_ns}p", f"{text_ns}h"):
            runs.append("\n")

    walk(root)
    return Extraccion(_pages_from_runs(runs), "odt")


def extract_xlsx(path: Path) -> Extraccion:
    """One page per sheet; a sheet's text stops once the workbook's cell budget is spent (best effort)."""
    from openpyxl import load_workbook

    with path.open("rb") as handle:  # a file object: openpyxl refuses a path without the .xlsx suffix
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ExtractionError(f"XLSX ilegible: {exc}") from None
        pages, budget = [], MAX_SHEET_CELLS
        for sheet in workbook.worksheets:
            lines = [sheet.title]
            try:
                for row in xlsx_rows(sheet, max_cells=budget):
                    budget -= len(row) + 1
                    values = [str(v) for v in row if v is not None]
                    if values:
                        lines.append("\t".join(values))
            except SheetTooLargeError:
                logger.info("XLSX %s: texto truncado a %s celdas", path.name, MAX_SHEET_CELLS)
                budget = 0
            pages.append("\n".join(lines))
        workbook.close()
    return Extraccion(pages, "xlsx")


def _html_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def extract_email(data: bytes) -> Extraccion:
    """Page 1: headers and body; then the pages of each attachment SAI can read."""
    message = email.message_from_bytes(data, policy=policy.default)
    header = "\n".join(f"{name}: {message[name]}" for name in ("From", "To", "Cc", "Date", "Subject") if message[name])
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        content = body_part.get_content()
        body = _html_text(content) if body_part.get_content_type() == "text/html" else content
    pages, metodo = [f"{header}\n\n{body}".strip()], "eml"
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if not payload:
            continue
        try:
            extracted = extract_bytes(payload, detect_mime(payload[:SNIFF_BYTES]))
        except ExtractionError as exc:
            logger.info("adjunto %s sin texto: %s", part.get_filename(), exc)
            continue
        name = part.get_filename() or "adjunto"
        pages += [f"[{name}]\n{p}" if i == 0 else p for i, p in enumerate(extracted.paginas)]
        if extracted.paginas_ocr:
            metodo = "eml+ocr"
    return Extraccion(pages, metodo)


def extract(path: Path, mime: str) -> Extraccion:
    """The pages of a file of the given (content-detected) MIME type."""
    if mime == "application/pdf":
        return extract_pdf(path)
    if mime in IMAGES:
        if not ocr_available():
            raise ExtractionError("OCR no disponible (ejecute deploy/services/ocr.sh start)")
        pages = ocr_image(path)
        return Extraccion(pages, "ocr", list(range(1, len(pages) + 1)))
    if mime == DOCX:
        return extract_docx(path)
    if mime == ODT:
        return extract_odt(path)
    if mime == XLSX:
        return extract_xlsx(path)
    if mime == "message/rfc822":
        return extract_email(path.read_bytes())
    if mime in ("application/xml", "text/xml", "text/html"):
        return Extraccion([_html_text(_decode(path.read_bytes())).strip()], "xml")
    if mime.startswith("text/"):
        return extract_text(path.read_bytes())
    return Extraccion([], "no-soportado")


def extract_bytes(data: bytes, mime: str) -> Extraccion:
    with tempfile.NamedTemporaryFile(prefix="sai-extraer-") as handle:
        shutil.copyfileobj(io.BytesIO(data), handle)
        handle.flush()
        return extract(Path(handle.name), mime)
