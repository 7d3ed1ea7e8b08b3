"""The team's lexicons (events/lexicons/*.yaml) and the matcher that finds their aliases in a text.

A Matcher finds every alias of a lexicon in a text at once: Arabic on the folded text (clitics
و ف ب ل ك and the article allowed in front, any ending after; literal aliases, read word by word),
English on the original text (regular expressions, tried at the word starts whose first letters
can begin one), case-insensitive, whole words. Longer aliases win over shorter ones at the same
position.
"""
from __future__ import annotations

import re
import re._constants as re_const
import re._parser as re_parser
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from events.extract.text import IGNORECASE_TRAPS, fold, fold_plain, has_arabic

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
# An Arabic match: at a word start, the clitics, then an alias, then any ending (Matcher.ar)
_AR_PREFIX = r"(?<!\w)(?P<pre>(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?)"


@dataclass(slots=True)   # not frozen: a frozen dataclass's __init__ costs three times as much, ~50 hits an article
class Hit:
    start: int  # offsets into the original text (Arabic: clitics and article included)
    end: int
    payload: Any
    prefix: str  # the Arabic clitics matched in front ("" for English)
    lang: str


class Matcher:
    """All aliases of one lexicon, each carrying a payload (an entry of the lexicon)."""

    def __init__(self, entries: list[tuple[str, str, Any]]):
        # entries: (lang, pattern, payload). Arabic aliases are literal: one trie-shaped regex says
        # what matches, found word by word. English aliases are regexes: one named group each.
        self.payloads: list[Any] = []
        self.ar_payload: dict[str, Any] = {}
        en_parts: list[tuple[int, str]] = []
        for lang, pattern, payload in entries:
            if lang == "ar":
                plain = fold_plain(pattern.strip())
                if plain.startswith("ال") and len(plain) > 4:
                    plain = plain[2:]  # the article is part of the optional clitics ("للمصدر")
                if not _WORD_CHAR.match(plain):   # the word-by-word reading needs a word to start at
                    raise ValueError(f"Arabic alias {pattern!r} does not start with a word character once folded ({plain!r})")
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
        self._ar_one_word = {a for a in self.ar_payload if not _NON_WORD.search(a)}
        self._ar_one_word_starts = {a[:n] for a in self._ar_one_word for n in range(1, len(a) + 1)}
        self._ar_by_first: dict[str, list[str]] = {}       # first word -> aliases of several words
        for a in sorted(self.ar_payload, key=len, reverse=True):
            if _NON_WORD.search(a):
                self._ar_by_first.setdefault(_NON_WORD.split(a, 1)[0], []).append(a)
        self._ar_options: dict[str, tuple] = {}            # word -> where an alias can start in it
        self._ar_hit_words: set[str] = set()                # the words with any such option
        self.en = re.compile(r"(?<![\w-])(?=[a-z0-9])(?:" + en_alt + r")(?![\w])", re.I) if en_parts else None
        # Word index of the English patterns: the first three letters each can start with (two for
        # a pattern that can match two letters) -> the patterns, in the order of the alternation
        # above. A text's word starts are looked up there and only the few patterns of a word's
        # first letters are tried at it (one big alternation tried at every word cost ~1 ms per
        # lexicon and article; two letters let every "the" and "in" through).
        self._en_order = [part for parts in groups.values() for part in parts]
        self._en_by_start: dict[str, list[int]] | None = {}   # two letters -> patterns
        self._en_by_start3: dict[str, list[int]] = {}         # three letters -> patterns
        for n, part in enumerate(self._en_order):
            body = part[part.index(">") + 1:-1]
            index, starts = self._en_by_start3, _first_letters(body, 3)
            if starts is None:
                index, starts = self._en_by_start, _first_letters(body, 2)
            if starts is None:  # a shape the index cannot read: plain search for the whole lexicon
                self._en_by_start = None
                break
            for key in starts:
                index.setdefault(key, []).append(n)
        # the alternation of each index entry's patterns, compiled up front (~240 entries, ~20 ms
        # for all lexicons; compiled on first use they made new articles slower); a three-letter
        # entry includes the patterns of its first two letters
        if self._en_by_start is not None:
            by2 = self._en_by_start
            self._en_rx2 = {k: self._alternation(v) for k, v in by2.items()}
            self._en_rx3 = {k: self._alternation(sorted({*v, *by2.get(k[:2], ())})) for k, v in self._en_by_start3.items()}

    def find(self, text: str, folded: tuple[str, list[int]] | None = None) -> list[Hit]:
        hits: list[Hit] = []
        if self.ar_payload:
            ftext, index = folded if folded is not None else fold(text)
            if _has_arabic(ftext):
                for start, end, alias, pre in self._ar_matches(ftext):
                    hits.append(Hit(index[start], index[end], self.ar_payload[alias], pre, "ar"))
        if self.en is not None:
            for m in self._en_matches(text):
                hits.append(Hit(m.start(), m.end(), self.payloads[int(m.lastgroup[1:])], "", "en"))
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits

    @cached_property
    def ar(self) -> re.Pattern | None:
        """The regex that defines the Arabic matches. find() does not run it (~0.9 M instructions
        per lexicon and article): _ar_matches reads the words instead, and a test holds the two
        equal. Compiled on first use (~15 ms for the five lexicons)."""
        return re.compile(_AR_PREFIX + "(?P<core>" + _trie(self.ar_payload) + r")\w*") if self.ar_payload else None

    def _ar_matches(self, ftext: str):
        """(start, end, alias, clitics) of the matches of ``self.ar`` in ftext, in the order of its
        finditer. The regex is tried at every word start; here only the words that can hold an
        alias are looked at, each word's options (which clitics to strip, which aliases then fit)
        worked out once per process and shared by the lexicons of an article."""
        words, starts, ends, distinct = _words(ftext)
        options, hit_words = self._ar_options, self._ar_hit_words
        unseen = distinct.difference(options)      # set.difference(dict) walks the set, not the dict
        if unseen:
            if len(options) > 200_000:   # new objects rather than clear(): another thread may be reading these
                options, hit_words = self._ar_options, self._ar_hit_words = {}, set()
                unseen = distinct
            for w in unseen:
                options[w] = opts = self._word_options(w)
                if opts:
                    hit_words.add(w)
        after = 0
        for k in [k for k, w in enumerate(words) if w in hit_words]:
            p, q = starts[k], ends[k]
            if p < after:
                continue               # inside the last match (an alias of several words)
            for pre, multi, single in options[words[k]]:
                c = p + len(pre)
                for alias in multi:
                    if ftext.startswith(alias, c):
                        e = _WORD_REST.match(ftext, c + len(alias)).end()   # the rest of its last word
                        break
                else:
                    if single is None:
                        continue
                    alias, e = single, q
                yield p, e, alias, pre
                after = e
                break

    def _word_options(self, w: str) -> tuple:
        """((clitics, aliases of several words starting with the rest, the longest one-word alias the
        rest allows or None), ...) for the clitic readings of the word in the regex's order of trying."""
        out = []
        for pre in _clitic_readings(w):
            rest = w[len(pre):]
            if not rest:
                continue
            # the longest one-word alias the rest starts with (any ending may follow it): grow the
            # start while it is the start of an alias (most words stop after a letter or two)
            single, n = None, 1
            while n <= len(rest) and rest[:n] in self._ar_one_word_starts:
                if rest[:n] in self._ar_one_word:
                    single = rest[:n]
                n += 1
            multi = tuple(self._ar_by_first.get(rest, ()))
            if multi or single is not None:
                out.append((pre, multi, single))
            if single is not None:
                break                # a one-word alias always matches: later readings are never tried
        return tuple(out)

    def _en_matches(self, text: str):
        """The matches of ``self.en`` in ``text`` (same matches, same order as its finditer)."""
        if self._en_by_start is None:
            yield from self.en.finditer(text)
            return
        by2, by3, end = self._en_by_start, self._en_by_start3, 0
        groups = _word_starts(text)
        keys = groups.keys() & by3.keys()
        if by2:
            keys |= {k for k in groups if k is not None and k[:2] in by2}
        if None in groups:
            keys.add(None)
        for pos, key in sorted((pos, key) for key in keys for pos in groups[key]):
            if pos < end:
                continue
            rx = self.en if key is None else self._en_rx3.get(key) or self._en_rx2[key[:2]]
            m = rx.match(text, pos)
            if m is not None:
                end = m.end()
                yield m

    def _alternation(self, patterns) -> re.Pattern:
        """The English patterns numbered ``patterns`` (in that order) as one whole-word regex."""
        return re.compile(r"(?:" + "|".join(self._en_order[n] for n in patterns) + r")(?![\w])", re.I)


# where self.en can start a match: a letter or digit (re.IGNORECASE lets İ ı ſ K stand for i, i,
# s, k too) not after a word character or a hyphen. The class comes first, so the regex engine
# jumps from one such character to the next instead of trying the lookbehind at every position.
_WORD_START = re.compile(f"[0-9A-Za-z{IGNORECASE_TRAPS}]" + r"(?<![\w-].)")


@lru_cache(maxsize=4)  # the lexicons of one article look at the same text one after another
def _word_starts(text: str) -> dict[str | None, list[int]]:
    """The offsets of the word starts, in text order, by their first three characters lowercased
    (None when not plain ASCII: case folding beyond ASCII is left to the full regex)."""
    groups: dict[str | None, list[int]] = {}
    for m in _WORD_START.finditer(text):
        pos = m.start()
        key = text[pos:pos + 3]
        groups.setdefault(key.lower() if key.isascii() else None, []).append(pos)
    return groups


def _first_letters(pattern: str, k: int = 2) -> set[str] | None:
    """Every lowercased string of ``k`` characters a match of ``pattern`` (case-insensitive) can
    start with; None when the pattern can match fewer characters or has a shape not read here."""
    try:
        done, partial = _expand(re_parser.parse(pattern, re.I), {""}, k)
    except ValueError:
        return None
    return None if partial else done


def _expand(items, partial: set[str], k: int) -> tuple[set[str], set[str]]:
    """Walk a parsed pattern, growing the prefixes read so far: (complete ones, shorter ones)."""
    done: set[str] = set()
    for op, av in items:
        if not partial:
            break
        if op is re_const.LITERAL:
            partial = {p + chr(av).lower() for p in partial}
        elif op is re_const.IN:
            chars = set()
            for o, a in av:
                if o is re_const.LITERAL:
                    chars.add(chr(a))
                elif o is re_const.RANGE and a[1] - a[0] < 64:
                    chars |= {chr(c) for c in range(a[0], a[1] + 1)}
                else:
                    raise ValueError("class")
            partial = {p + c.lower() for p in partial for c in chars}
        elif op is re_const.BRANCH:
            grown: set[str] = set()
            for alt in av[1]:
                d, g = _expand(alt, partial, k)
                done |= d
                grown |= g
            partial = grown
        elif op is re_const.SUBPATTERN:
            d, partial = _expand(av[3], partial, k)
            done |= d
        elif op in (re_const.MAX_REPEAT, re_const.MIN_REPEAT):
            lo, hi, sub = av
            options, cur = (set(partial) if lo == 0 else set()), partial
            for i in range(1, min(hi, k) + 1):
                d, cur = _expand(sub, cur, k)
                done |= d
                if i >= lo:
                    options |= cur
            if hi > k and cur:
                raise ValueError("long repeat")
            partial = options
        elif op in (re_const.AT, re_const.ASSERT, re_const.ASSERT_NOT):
            continue  # zero width: the prefixes found stay a superset
        else:
            raise ValueError(str(op))
        if any(not p.isascii() for p in partial):
            raise ValueError("non-ASCII")  # its case folding is the full regex's business
        done |= {p for p in partial if len(p) >= k}
        partial = {p for p in partial if len(p) < k}
        if len(done) + len(partial) > 4096:
            raise ValueError("too many")
    return done, partial


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


# the lexicons of one article ask about the same text one after another
_has_arabic = lru_cache(maxsize=4)(has_arabic)

_NON_WORD = re.compile(r"\W")
_WORD_CHAR = re.compile(r"\w")
_WORD_SPLIT = re.compile(r"(\w+)")
_WORD_REST = re.compile(r"\w*")


@lru_cache(maxsize=4)
def _words(ftext: str) -> tuple[list[str], list[int], list[int], set[str]]:
    """The words (runs of \\w) of a folded text: the words, their starts, their ends, the distinct
    words. Split at the words (kept), the pieces' lengths add up to the offsets: no match objects."""
    parts = _WORD_SPLIT.split(ftext)
    offsets = list(accumulate(map(len, parts)))
    words = parts[1::2]
    return words, offsets[0:-1:2], offsets[1::2], set(words)


@lru_cache(maxsize=65536)
def _clitic_readings(w: str) -> tuple[str, ...]:
    """The clitics _AR_PREFIX can take from the front of the word, in the order the regex tries
    them (each optional group first taken, then left out), without repeats."""
    out: list[str] = []
    for a in ((w[0],) if w[:1] in ("و", "ف") else ()) + ("",):
        r1 = w[len(a):]
        for b in ((r1[0],) if r1[:1] in ("ب", "ل", "ك") else ()) + ("",):
            r2 = r1[len(b):]
            for c in ("ال", "ل", ""):
                if r2.startswith(c) and a + b + c not in out:
                    out.append(a + b + c)
    return tuple(out)


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    with open(LEXICON_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def entries(spec: dict, payload: Any) -> list[tuple[str, str, Any]]:
    """Matcher entries of a lexicon's {ar: [...], en: [...]} word lists, all with one payload."""
    return [("ar", w, payload) for w in spec.get("ar", [])] + [("en", w, payload) for w in spec.get("en", [])]
