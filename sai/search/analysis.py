"""Spanish text analysis in Python, matching the Elasticsearch index's `sai_es` analyzer.

The database backend tokenizes, folds and stems here, at index and query time alike, so both backends treat
"búsqueda", "Busquedas" and "BÚSQUEDA" as one word without any database extension (unaccent, pg_trgm).
The stemmer is a port of Lucene's SpanishLightStemmer, the `light_spanish` filter the ES index uses.
"""

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
# Characters NFKD does not decompose but asciifolding maps (the common ones in Spanish/English text).
_EXTRA_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "ı": "i"})


def fold(text: str) -> str:
    """Lowercase without diacritics: "Año Búsqueda" -> "ano busqueda" (what ES lowercase + asciifolding give)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_EXTRA_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_key(value) -> str:
    """A filter or clave value compared exactly but case- and accent-insensitively (ES `sai_norm` normalizer)."""
    return fold(str(value)).strip()


def stem(token: str) -> str:
    """Lucene's SpanishLightStemmer (light_spanish) on a folded token."""
    n = len(token)
    if n < 5:
        return token
    last = token[-1]
    if last in "oae":
        return token[:-1]
    if last == "s":
        if token.endswith("eses"):
            return token[:-2]
        if token[-2] == "e" and token[-3] == "c":
            return token[:-3] + "z"
        if token[-2] in "oae":
            return token[:-2]
    return token


def tokens(text: str) -> list[str]:
    """The indexed terms of `text`, in order (positions matter for phrases)."""
    return [stem(t) for t in _WORD.findall(fold(text))]


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term) for every word of the original text: lets snippets mark the words that matched.

    Folding may change a string's length, so each word is folded on its own and offsets stay on the original.
    """
    return [(m.start(), m.end(), stem(fold(m.group()))) for m in _WORD.finditer(text)]


def fuzziness(term: str) -> int:
    """Edit distance allowed for a term, as Elasticsearch's fuzziness AUTO: 0 up to 2 chars, 1 up to 5, else 2."""
    if len(term) <= 2:
        return 0
    return 1 if len(term) <= 5 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up past `limit` (returns limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
