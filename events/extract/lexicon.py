"""The team's lexicons (events/lexicons/*.yaml) compiled into one regular expression per language.

A Matcher finds every alias of a lexicon in a text at once: Arabic on the folded text (clitics
و ف ب ل ك and the article allowed in front, any ending after), English on the original text,
case-insensitive, whole words. Longer aliases win over shorter ones at the same position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from events.extract.text import fold, fold_plain

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
_AR_PREFIX = r"(?<![\w])(?P<pre>(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?)"


@dataclass(frozen=True)
class Hit:
    start: int  # offsets into the original text (Arabic: clitics and article included)
    end: int
    payload: Any
    prefix: str  # the Arabic clitics matched in front ("" for English)
    lang: str


class Matcher:
    """All aliases of one lexicon, each carrying a payload (an entry of the lexicon)."""

    def __init__(self, entries: list[tuple[str, str, Any]], ar_suffix: bool = True):
        # entries: (lang, pattern, payload). Arabic aliases are literal: one trie-shaped regex, the
        # matched alias looked up in a dict. English aliases are regexes: one named group each.
        self.payloads: list[Any] = []
        self.ar_payload: dict[str, Any] = {}
        en_parts: list[tuple[int, str]] = []
        for lang, pattern, payload in entries:
            if lang == "ar":
                plain = fold_plain(pattern.strip())
                if plain.startswith("ال") and len(plain) > 4:
                    plain = plain[2:]  # the article is part of the optional clitics ("للمصدر")
                self.ar_payload.setdefault(plain, payload)
            else:
                name = f"p{len(self.payloads)}"
                self.payloads.append(payload)
                en_parts.append((len(pattern), f"(?P<{name}>{pattern})"))
        en_parts.sort(key=lambda p: -p[0])
        # group English patterns by their first letter so that a position tries few branches
        groups: dict[str, list[str]] = {}
        for _, part in en_parts:
            body = part[part.index(">") + 1:]
            first = body[0].lower() if body[:1].isalnum() and body[1:2] not in ("?", "*", "{") else ""
            groups.setdefault(first, []).append(part)
        en_alt = "|".join((f"(?={c})" if c else "") + "(?:" + "|".join(parts) + ")" for c, parts in groups.items())
        suffix = r"\w*" if ar_suffix else r"(?!\w)"
        self.ar = re.compile(_AR_PREFIX + "(?P<core>" + _trie(self.ar_payload) + ")" + suffix) if self.ar_payload else None
        self.en = re.compile(r"(?<![\w-])(?=[a-z0-9])(?:" + en_alt + r")(?![\w])", re.I) if en_parts else None

    def find(self, text: str, folded: tuple[str, list[int]] | None = None) -> list[Hit]:
        hits: list[Hit] = []
        if self.ar is not None:
            ftext, index = folded if folded is not None else fold(text)
            if _has_arabic(ftext):
                for m in self.ar.finditer(ftext):
                    payload = self.ar_payload[m.group("core")]
                    hits.append(Hit(index[m.start()], index[m.end()], payload, m.group("pre"), "ar"))
        if self.en is not None:
            for m in self.en.finditer(text):
                hits.append(Hit(m.start(), m.end(), self.payloads[int(m.lastgroup[1:])], "", "en"))
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits


_ARABIC = re.compile("[\u0600-\u06ff]")


def _trie(words) -> str:
    """One regex matching any of the literal words, shaped as a trie so that each position tries
    a handful of branches instead of every word; longer words win (greedy optional tails)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(root)


def _has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    with open(LEXICON_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def word_list_matcher(spec: dict, payload: Any = True, ar_suffix: bool = True) -> Matcher:
    """A matcher for a plain {ar: [...], en: [...]} list of words, all with one payload."""
    entries = [("ar", w, payload) for w in spec.get("ar", [])] + [("en", w, payload) for w in spec.get("en", [])]
    return Matcher(entries, ar_suffix=ar_suffix)
