"""PDF/A-2b output for reportlab: what an archive keeps must render the same in fifty years (ISO 19005-2, level B).

reportlab has no PDF/A mode, so this canvas adds the three things it lacks: every font embedded (the Bitstream Vera
TrueType fonts reportlab ships, Latin-1 is enough for Spanish; no system font is needed), an sRGB output intent
(the ICC profile comes from Pillow's LittleCMS, so no profile file is shipped) and XMP metadata that declares the
conformance and repeats the document information dictionary, as the standard requires. Text must use FONT*.
It also corrects one byte of reportlab's stream syntax (see _end_streams_with_eol), process-wide.
"""

import functools
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from PIL import ImageCms
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "SAI"
FONT_BOLD = "SAI-Bold"
FONT_ITALIC = "SAI-Italic"
FONT_BOLD_ITALIC = "SAI-BoldItalic"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", FONT_BOLD_ITALIC: "VeraBI.ttf"}
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@functools.cache
def _end_streams_with_eol() -> None:
    """PDF/A (6.1.7.1) wants an end-of-line before `endstream`; reportlab writes the data right against it.

    reportlab builds its streams internally (pages, fonts, forms), so no subclass can reach them: the one stream
    formatter gets the missing newline. The Length still counts the data alone, as the PDF syntax defines it,
    so every other reader is unaffected.
    """
    original = PDFStream.format

    @functools.wraps(original)
    def format_with_eol(self, document):
        return original(self, document).removesuffix(b"endstream\n") + b"\nendstream\n"

    PDFStream.format = format_with_eol


@functools.cache
def register_fonts() -> None:
    """Register the embedded font family once per process, so <b>/<i> in paragraphs map to it."""
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    for bold, italic, name in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT_ITALIC), (1, 1, FONT_BOLD_ITALIC)):
        addMapping(FONT, bold, italic, name)


@functools.cache
def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _xmp_date(stamp) -> str:
    """The Info dictionary's CreationDate in XMP form; both must name the same instant."""
    year, month, day, hour, minute, second = stamp.YMDhms
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"


def _xmp(info, stamp) -> bytes:
    date = _xmp_date(stamp)
    fields = {key: escape(str(getattr(info, key))) for key in ("title", "author", "subject", "keywords", "creator")}
    producer = escape(info.producer)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{fields["title"]}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{fields["author"]}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{fields["subject"]}</rdf:li></rdf:Alt></dc:description>
   <pdf:Keywords>{fields["keywords"]}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
   <xmp:CreatorTool>{fields["creator"]}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


class PdfACanvas(Canvas):
    """A reportlab canvas whose output is PDF/A-2b; pass it as `canvasmaker` to a platypus document."""

    def __init__(self, *args, **kwargs):
        register_fonts()
        _end_streams_with_eol()
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        super().__init__(*args, **kwargs)
        self.setCreator("SAI")

    def _declare_pdfa(self) -> None:
        doc = self._doc
        metadata = PDFStream(
            PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
            _xmp(doc.info, doc._timeStamp),
            filters=[],  # PDF/A readers must find the XMP packet without decoding
        )
        profile = PDFStream(PDFDictionary({"N": 3}), _srgb_profile())
        intent = PDFDictionary(
            {
                "Type": PDFName("OutputIntent"),
                "S": PDFName("GTS_PDFA1"),
                "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
                "Info": PDFString(OUTPUT_CONDITION),
                "DestOutputProfile": doc.Reference(profile),
            }
        )
        catalog = doc.Catalog
        catalog.Metadata = metadata
        catalog.OutputIntents = PDFArray([intent])
        # PDFCatalog only writes the keys it lists; these two are PDF/A's additions.
        catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]

    def save(self) -> None:
        self._declare_pdfa()
        super().save()

    def getpdfdata(self) -> bytes:
        self._declare_pdfa()
        return super().getpdfdata()
