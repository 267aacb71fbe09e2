"""The oficio body is rich text from the browser: kept only through an allow-list, so nothing runs or loads.

No images, links or styles survive (nothing remote at render time); what remains maps one-to-one onto
reportlab's paragraph markup when the oficio is rendered.
"""

import html
import re

import nh3

TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li"}
LIMITE = 200_000


def cuerpo_sanitize(texto: str) -> str:
    return nh3.clean(texto or "", tags=TAGS, attributes={}, url_schemes=set(), link_rel=None).strip()


def cuerpo_texto(texto: str) -> str:
    """The body as plain text (for diffs, search and the API), one paragraph per line."""
    sin_marcas = re.sub(r"<(/p|br\s*/?|/li)>", "\n", texto or "")
    return html.unescape(re.sub(r"<[^>]+>", "", sin_marcas)).strip()
