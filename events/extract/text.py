"""Input cleaning (bytes, HTML, binary) and the folded copy of the text that every matcher reads.

Matching runs on a folded copy (Arabic hamza forms, ta marbuta and alef maqsura unified,
diacritics and tatweel dropped, Latin lower-cased, Arabic-Indic digits made ASCII). The copy keeps
a map back to the original offsets so that everything reported points into the original text.
"""
from __future__ import annotations

import hashlib
import html
import re
from html.parser import HTMLParser

from events.extract.errors import ExtractionError

_DROP = set(chr(c) for c in range(0x610, 0x61B)) | set(chr(c) for c in range(0x64B, 0x660)) | {"\u0670", "\u0640"}
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي",
         "’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'}
_FOLD.update({chr(0x660 + i): str(i) for i in range(10)})
_FOLD.update({chr(0x6F0 + i): str(i) for i in range(10)})
_ARABIC = re.compile("[\u0600-\u06ff]")
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")  # control characters but tab, newlines, form feed
_TABLE = str.maketrans({**{ch: None for ch in _DROP}, **_FOLD})
_LATIN = re.compile("[A-Za-z]")
# Letters re.IGNORECASE equates with an ASCII letter that lower() does not turn into it: dotted
# and dotless I, long s, Kelvin sign.
IGNORECASE_TRAPS = "\u0130\u0131\u017f\u212a"
_TRAPS_RE = re.compile(f"[{IGNORECASE_TRAPS}]")
_TRAPS_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def has_arabic(text: str) -> bool:
    """Does the text hold a character of the Arabic block (U+0600..U+06FF)?"""
    return _ARABIC.search(text) is not None


def ignorecase_lower(text: str) -> str:
    """The text lower-cased so that lower-case patterns and words, matched case-sensitively, match
    where re.IGNORECASE would match them in the original: the trap letters become the ASCII letter
    IGNORECASE takes them for. Same length and offsets (dotted I would grow under lower())."""
    if not text.isascii() and _TRAPS_RE.search(text):
        text = text.translate(_TRAPS_TO_ASCII)
    return text.lower()


# str.translate looks every non-ASCII character up in the table one by one (slow on Arabic and on
# curly quotes); dropping the marks with one regex and replacing the few folded letters with
# str.replace gives the same text several times faster, except on short words.
_FOLD_ITEMS = tuple(_FOLD.items())  # no output is itself folded or dropped: the order is free
_ASCII_FOLDS = any(ord(ch) < 128 for ch in [*_FOLD, *_DROP])  # False: ASCII text only lower-cases
# what folds in a text without a character of the Arabic block (U+0600..U+06FF): quotes. One
# search for the block costs a quarter of the mark-dropping regex that would find nothing.
_OUTSIDE_ARABIC_ITEMS = tuple((ch, f) for ch, f in _FOLD_ITEMS if not _ARABIC.match(ch))


def _fold_chars(text: str) -> str:
    """``text.translate(_TABLE)``, faster."""
    if text.isascii() and not _ASCII_FOLDS:
        return text
    if len(text) < 32:
        return text.translate(_TABLE)
    if not has_arabic(text):
        items = _OUTSIDE_ARABIC_ITEMS
    else:
        text, items = _DROP_RE.sub("", text), _FOLD_ITEMS
    for ch, folded in items:
        if ch in text:
            text = text.replace(ch, folded)
    return text


def fold(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the offset of the original character."""
    if "\u0130" not in text:  # lower() keeps the length of every other letter
        folded = _fold_chars(text).lower()
        if len(folded) == len(text):
            index = list(range(len(text) + 1))
        else:  # the offsets of the kept characters: whole runs between the (few) dropped ones
            index, kept_from = [], 0
            for m in _DROP_RE.finditer(text):
                index.extend(range(kept_from, m.start()))
                kept_from = m.end()
            index.extend(range(kept_from, len(text) + 1))
        return folded, index
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        mapped = _FOLD.get(ch)
        if mapped is None:
            low = ch.lower()
            mapped = low if len(low) == 1 else ch
        out.append(mapped)
        index.append(i)
    index.append(len(text))  # one past the end, so match.end() maps too
    return "".join(out), index


def fold_plain(text: str) -> str:
    """The folded text alone (no offset map): the same folding as fold(), through one translate()."""
    return _fold_chars(text).lower()


# In UTF-8 every character of U+0600..U+06FF, and only those, starts with one of these bytes; an
# ASCII letter is one byte of its own. Counting bytes is ~20 times faster than matching runs.
_ARABIC_LEAD_BYTES = (0xD8, 0xD9, 0xDA, 0xDB)
_NOT_LATIN_BYTES = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def detect_language(text: str) -> str:
    """"ar" or "en" by script: Arabic letters (U+0600..U+06FF) against Latin letters (A-Z, a-z)."""
    data = text.encode("utf-8", "surrogatepass")
    arabic = sum(data.count(b) for b in _ARABIC_LEAD_BYTES)
    latin = len(data.translate(None, _NOT_LATIN_BYTES))
    return "ar" if arabic >= latin else "en"


def article_id(text: str) -> str:
    normalised = " ".join(text.split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:16]


_HTML_HINT = re.compile(r"<\s*(?:html|body|head|p|div|br|span|article|section|h[1-6]|a|table|script|style|meta|!doctype)\b[^>]*>", re.I)


class _TextCollector(HTMLParser):
    """Fallback for fragments that trafilatura does not treat as a page: keep text, drop markup."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """Plain text of an HTML page or fragment: trafilatura for pages, html.parser otherwise."""
    extracted = None
    try:
        import trafilatura

        extracted = trafilatura.extract(text, include_comments=False, include_tables=False, favor_recall=True)
    except Exception:  # trafilatura fails on some fragments; the parser below handles them
        extracted = None
    if not extracted or len(extracted) < 0.2 * len(_visible(text)):
        extracted = _visible(text)
    # Leftover tags or entities never reach the table.
    extracted = re.sub(r"<[^>]{0,200}>", " ", html.unescape(extracted))
    return extracted


def _visible(text: str) -> str:
    parser = _TextCollector()
    parser.feed(text)
    parser.close()
    return re.sub(r"[ \t]+", " ", "".join(parser.parts))


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT.findall(text[:20000])) >= 1


def decode(data: bytes) -> str:
    """Text of a file's bytes; binary content raises ExtractionError."""
    if b"\x00" in data[:65536]:
        raise ExtractionError("binary content (NUL bytes): expected a UTF-8 text or HTML article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1256")  # older Arabic pages
    except UnicodeDecodeError:
        raise ExtractionError("not UTF-8 text: expected a UTF-8 text or HTML article") from None


def clean(text: str | bytes) -> str:
    """The article text to extract from: decoded, HTML stripped, checked for emptiness and binary."""
    if isinstance(text, (bytes, bytearray)):
        text = decode(bytes(text))
    if not isinstance(text, str):
        raise ExtractionError(f"expected article text (str), got {type(text).__name__}")
    if "\x00" in text:
        raise ExtractionError("binary content (NUL characters): expected a UTF-8 text or HTML article")
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > 0.02:
        raise ExtractionError("binary content (control characters): expected a UTF-8 text or HTML article")
    if looks_like_html(text):
        text = strip_html(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ExtractionError("empty article: the text holds no words")
    if not (has_arabic(text) or _LATIN.search(text)):
        raise ExtractionError("no Arabic or English words in the text")
    return text
