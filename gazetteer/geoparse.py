"""Find and resolve every place mention of a text.

1. Spot: tokens are folded once; n-grams of 1-5 tokens (with attached particles removed from
   the first one) are looked up in the index's key dict; the longest match wins. Cue words
   (بلدة, قرية, بلدتي X وY, حي, تل, جبل, ريف X, محافظة X, "X province") set the kind and let
   names the gazetteer lacks still become mentions.
2. Resolve: each mention's candidates are scored with its context: governorates named in the
   same sentence / paragraph (ريف حماة, in Idlib province), distance to the other resolved
   places (haversine), population, the cue's feature type. A mention whose candidates all lie
   outside the governorate the text names falls back to that area (precision 3, or 2 next to a
   known place), never to a same-named place elsewhere.
"""
from __future__ import annotations

import bisect
import math
import re
from itertools import accumulate
from dataclasses import dataclass
from functools import lru_cache

from . import normalize as nz
from .distance import geodesic_km
from .models import Mention
from .tables import governorates, stopwords

# --- cue words (folded, article kept) ---------------------------------------------------------
# role: single = one place follows; list = several places follow joined by و; nbhd = a
# neighbourhood follows; city = a city follows.
CUES_AR = {
    "بلده": ("single", "PPL"), "قريه": ("single", "PPL"), "مدينه": ("city", "PPL"), "بلدات": ("list", "PPL"),
    "بلدتي": ("list", "PPL"), "بلدت": ("list", "PPL"), "بلدتا": ("list", "PPL"), "قريتي": ("list", "PPL"), "قريتا": ("list", "PPL"),
    "قري": ("list", "PPL"), "مدن": ("list", "PPL"), "مدينتي": ("list", "PPL"), "حي": ("nbhd", "PPLX"),
    "حيي": ("nbhd-list", "PPLX"), "احياء": ("nbhd-list", "PPLX"), "منطقه": ("single", None),
    "ناحيه": ("single", "ADM3"), "مخيم": ("single", "CMP"), "بلدتها": ("single", "PPL"),
    "مزرعه": ("single", "FRM"), "مزارع": ("list", "FRM"), "منطقتي": ("list", None), "منطقتا": ("list", None),
    "ساحه": ("single", "SQR"), "حاجز": ("single", "CHKP"), "معبر": ("single", "BDRCRS"), "اوتستراد": ("single", "RD"),
    "اتوستراد": ("single", "RD"), "كراج": ("single", None), "العاصمه": ("city", "PPLC"), "عاصمه": ("city", "PPLC"),
    "معسكر": ("single", "CMP"), "معسكرات": ("list", "CMP"), "معسكري": ("list", "CMP"),
}
CUES_AR = {nz.fold_ar(k): v for k, v in CUES_AR.items()}     # keys compared with folded words (احياء -> احيا)
# words that are part of a name but also say its type: kept in the surface
NAME_HEADS_AR = {"تل": "HLL", "جبل": "MT", "سد": "DAM", "مطار": "AIRP", "قمه": "PK", "تله": "HLL", "تلال": "HLLS"}
AREA_HEADS_AR = {"ريف": "countryside", "محافظه": "governorate", "ارياف": "countryside"}
NEAR_AR = {"محيط": "around", "اطراف": "outskirts", "شمال": "north of", "جنوب": "south of", "شرق": "east of",
           "غرب": "west of", "شمالي": "north of", "جنوبي": "south of", "شرقي": "east of", "غربي": "west of",
           "قرب": "near", "بالقرب": "near", "ضواحي": "suburbs of"}
DIRECTIONS_AR = {"الشمالي", "الجنوبي", "الشرقي", "الغربي", "الشمالية", "الجنوبية", "الشرقية", "الغربية",
                 "الاوسط", "الشمالي الغربي", "الشمالي الشرقي", "الجنوبي الغربي", "الجنوبي الشرقي"}
DIRECTIONS_AR = {nz.fold_ar(d) for d in DIRECTIONS_AR}
NAME_HEADS_AR = {nz.fold_ar(k): v for k, v in NAME_HEADS_AR.items()}
AREA_HEADS_AR = {nz.fold_ar(k): v for k, v in AREA_HEADS_AR.items()}
NEAR_AR = {nz.fold_ar(k): v for k, v in NEAR_AR.items()}
# second words that make one unknown name out of two tokens (حوش حماد, عين X, كفر X ...)
COMPOUND_HEADS_AR = {nz.fold_ar(w) for w in ("حوش", "عين", "كفر", "دير", "خربة", "بيت", "ام", "أبو", "ابو", "راس",
                                             "رأس", "بئر", "جسر", "قصر", "تل", "جبل", "سد", "مطار", "معرة", "دوار",
                                             "تلة", "مزرعة", "عرب", "الشيخ", "شيخ", "بنش", "مرج", "وادي", "قمة", "نبع",
                                             "بني")}
QUALIFIERS_AR = {nz.fold_ar(w) for w in ("البلد", "المحطة", "القديمة", "الجديدة", "الغربي", "الشرقي", "الشمالي",
                                         "الجنوبي", "الغربية", "الشرقية", "الشمالية", "الجنوبية", "الكبير", "الصغير",
                                         "الكبرى", "الصغرى", "الفوقاني", "التحتاني", "الفوقا", "التحتا")}
# a word after a cue that is not a name (بلدة في..., قرى ريف ...)
NOT_NAMES_AR = {nz.fold_ar(w) for w in ("في", "من", "على", "الى", "إلى", "عن", "مع", "بين", "التي", "الذي", "التابعة",
                                        "ريف", "محافظة", "المحافظة", "المدينة", "البلدة", "القرية", "المنطقة", "هذه",
                                        "تلك", "اخرى", "أخرى", "عدة", "عدد", "بعض", "كل", "قرب", "شمال", "جنوب",
                                        "شرق", "غرب", "محيط", "داخل", "خارج", "وسط", "أطراف", "اطراف", "حول",
                                        "ريفي", "الواقعة", "تابعة", "سورية", "سورية", "السورية", "الحدودية",
                                        "المحاصرة", "المحررة", "الخاضعة", "الموالية", "المجاورة", "بريف", "القرى",
                                        "البلدات", "المدن", "الاحياء", "المناطق", "لها", "له", "فيها", "منها")}
# a governorate named after these words frames the sentence ("في ريف حماة", "بمحافظة درعا");
# after مع / حدود / نحو it is a neighbour or a direction, not where things happen
FRAME_PREV_AR = {nz.fold_ar(w) for w in ("في", "داخل", "وسط", "ضمن")}
NOT_FRAME_PREV_AR = {nz.fold_ar(w) for w in ("مع", "حدود", "نحو", "باتجاه", "الى", "إلى", "تجاه", "عن")}
AREA_WORDS_EN = {"province", "governorate", "countryside", "region", "suburbs", "countryside"}
AREA_PRE_EN = {"province of", "governorate of", "countryside of", "rural", "outskirts of", "suburbs of"}
# a governorate capital after these words frames the sentence ("in Hama", "parts of Aleppo",
# "the capital Damascus", "northern Damascus")
FRAME_PREV_EN = {"in", "inside", "of", "near", "around", "across", "capital", "northern", "southern", "eastern",
                 "western", "central", "northwestern", "northeastern", "southwestern", "southeastern", "northwest",
                 "northeast", "southwest", "southeast", "north", "south", "east", "west", "syria", "rural"}
NBHD_AFTER_EN = {"district", "neighborhood", "neighbourhood", "quarter", "districts", "neighborhoods"}
NBHD_BEFORE_EN = {"neighborhood of", "neighbourhood of", "district of", "quarter of", "districts of",
                  "neighborhoods of", "suburb of"}
CUE_OF_EN = {"village of": "PPL", "town of": "PPL", "city of": "PPL", "villages of": "PPL", "towns of": "PPL",
             "hamlet of": "PPL", "hill of": "HLL", "hills of": "HLL", "area of": None}
# a word after the name that says its type: "Tal Ghazal hill", "Tabqa airbase"
FEATURE_AFTER_EN = {"hill": "HLL", "hills": "HLL", "hilltop": "HLL", "mountain": "MT", "mountains": "MT", "dam": "DAM",
                    "dams": "DAM", "airbase": "AIRB", "airbases": "AIRB", "airport": "AIRP", "airports": "AIRP",
                    "airfield": "AIRF", "camp": "CMP", "camps": "CMP", "checkpoint": "CHKP", "checkpoints": "CHKP"}
PLURAL_FEATURES_EN = {"hills", "airbases", "airports", "dams", "mountains", "camps", "checkpoints"}
_LIST_SEP_EN = re.compile(r"\s*(?:,|,?\s+and)\s+")
# "Syria's Baghouz": the writer places the name in the country, not in the area named before it
_IN_SYRIA_EN = re.compile(r"\bSyria['’]s\s+(?:al-)?$", re.I)
_POSS_AREA_EN = re.compile(r"['’]s\s+(?:(?:north|south)?-?(?:north|south|east|west)(?:ern)?\s+)?"
                           r"(countryside|province|governorate|outskirts|suburbs)\b", re.I)
CUES_EN = {"village": "PPL", "town": "PPL", "city": "PPL", "district": "PPLX", "neighbourhood": "PPLX",
           "neighborhood": "PPLX", "villages": "PPL", "towns": "PPL", "districts": "PPLX"}

_FEATURE_WORD = {"HLL": "hill", "MT": "mountain", "DAM": "dam", "AIRP": "airport", "PK": "peak", "HLLS": "hills"}
SENT_SPLIT = re.compile(r"[.!?؟؛\n]+")
_GAP_OK = re.compile(r"^[\s\-–ـ]*$")
_GAP_QUOTE = re.compile(r"^[\s«»“”\"'‘’(]*$")
_GAP_COMMA = re.compile(r"^[\s«»“”\"'‘’]*[،,][\s«»“”\"'‘’]*$")


@lru_cache(maxsize=4096)
def _gap(between: str) -> str:
    """What separates two words: join (space/hyphen), quote, comma (a list), or other."""
    if between == " " or _GAP_OK.match(between):
        return "join"
    if _GAP_QUOTE.match(between):
        return "quote"
    if _GAP_COMMA.match(between):
        return "comma"
    return "other"


class Word:
    """The analysis of a word, shared by all its occurrences (see _word): the text's words are these,
    their offsets kept beside them (_Parser.tok_start, tok_end), so no object is made per occurrence."""
    __slots__ = ("raw", "ar", "folded", "key", "variants", "upper", "stem", "cue", "wa")

    def __init__(self, raw, ar, folded, key, variants, upper, stem, cue, wa):
        self.raw, self.ar, self.folded, self.key, self.variants = raw, ar, folded, key, variants
        self.upper, self.stem, self.cue, self.wa = upper, stem, cue, wa


@lru_cache(maxsize=200_000)
def _word(raw: str) -> Word:
    """Analysis of a word: arabic, folded, key, variants [(char shift, stem, key)], capitalised,
    stem without particles, is a cue word, starts with the particle و."""
    if nz.has_arabic(raw):
        f = nz.fold_ar(raw)
        key = nz.word_key_ar(f)
        variants = [(0, f, key)] + [(shift, stem, nz.word_key_ar(stem)) for shift, stem in _particle_variants(raw, f)]
        stem = variants[-1][1]
        cue = any(v[1] in CUES_AR or v[1] in AREA_HEADS_AR or v[1][2:] in AREA_HEADS_AR for v in variants)
        wa = len(f) >= 3 and f[0] == "و" and len(variants) > 1
        return Word(raw, True, f, key, tuple(variants), False, stem, cue, wa)
    low = raw.lower()
    key = " ".join(nz.fold_latin(raw))
    return Word(raw, False, low, key, ((0, low, key),), raw[:1].isupper(), low, False, False)


_POSSESSIVE_RE = re.compile("['’]s")
# a bracket or a comma between two words, as in "[another Homs neighborhood] Khaldiyeh", "another
# Homs neighborhood, Khaldiyeh" or "the Waer district (Homs)" (a plain space is no such gap: "the
# Waer district Sunday morning"). Which of the two names is the district: see _Parser._city.
_BRACKETS = re.compile(r"[\s\[\]()]*[\[\](),][\s\[\]()]*")
# transliterated articles that are English words too, lower-case and before a space
_EN_WORDS_LIKE_ARTICLES = frozenset({"at", "as", "an", "ad"})
_SEAT_CODES = ("PPLC", "PPLA", "PPLA2")   # the capital and the seats of governorates and districts


_TOKEN_SPLIT = re.compile("(" + nz.TOKEN_RE.pattern + ")")


def _tokens(text: str) -> tuple[list[Word], list[int], list[int]]:
    """The words of the text, their starts and their ends."""
    # split at the words (kept): gap, word, gap, word, ..., gap; the pieces' lengths add up to the
    # words' offsets, so no match object is made per word
    parts = _TOKEN_SPLIT.split(text)
    raws = parts[1::2]
    offsets = list(accumulate(map(len, parts)))
    ends = offsets[1::2]
    words = list(map(_word, raws))
    # "Hama's countryside", "Syria’s Baghouz": the name without 's (the words ending in 's found
    # from the few 's of the text rather than by testing every word)
    for m in _POSSESSIVE_RE.finditer(text):
        k = bisect.bisect_left(ends, m.end())
        if k < len(ends) and ends[k] == m.end() and len(raws[k]) > 4:
            words[k] = _word(raws[k][:-2])
            ends[k] -= 2
    return words, offsets[0:-1:2], ends


def _raw_shift(raw: str, letters: int) -> int:
    """Characters of raw covering its first `letters` letters (diacritics after a letter belong to it)."""
    i, seen = 0, 0
    while i < len(raw) and seen < letters:
        i += 1
        seen += 1
        while i < len(raw) and nz._AR_DIACRITICS.match(raw[i]):
            i += 1
    return i


def _particle_variants(raw: str, f: str) -> list[tuple[int, str]]:
    out = []
    w, n = f, 0
    if len(w) >= 3 and w[0] in "وف":
        w, n = w[1:], 1
        out.append((_raw_shift(raw, n), w))
    if len(w) >= 4 and w.startswith("لل"):
        out.append((_raw_shift(raw, n + 1), "ال" + w[2:]))   # لل = ل + ال
    elif len(w) >= 4 and w[0] in "بلك":
        out.append((_raw_shift(raw, n + 1), w[1:]))
    return out


@dataclass
class Spot:
    i: int                     # first token
    j: int                     # last token (inclusive)
    start: int
    end: int
    key: str | None            # matched key (None: a name the gazetteer lacks)
    ids: list[int]
    match: str = "exact"       # exact | fuzzy | head (named after the place in `key`) | unknown
    sim: float = 1.0
    cue: str | None = None     # role of the cue word before it
    feature: str | None = None # feature hinted by the cue
    area: str | None = None    # countryside | governorate | region: an area mention
    near: str | None = None    # around / north of ...: precision 2
    in_list: bool = False
    frame: bool = True         # an area that frames the sentence (not "border with X province")


class _Parser:
    def __init__(self, gaz, text: str, lang: str):
        self.gaz = gaz
        self.ix = gaz.index
        self.text = text
        self.toks, self.tok_start, self.tok_end = _tokens(text)
        self.lang = lang
        # per index: can this word start a name? (shared by all texts parsed with this index)
        self.starts = gaz.__dict__.setdefault("_starts_cache", {})
        if len(self.starts) > 500_000:
            self.starts.clear()
        self.quiet = gaz.__dict__.setdefault("_quiet_cache", {})
        if len(self.quiet) > 500_000:
            self.quiet.clear()
        sw = stopwords()
        self.stop_ar = _stop_set(tuple(sw.get("ar") or ()))
        self.stop_en = _stop_set(tuple(sw.get("en") or ()))
        n = len(self.toks)
        self._gaps: list[str | None] = [None] * n      # what separates word k and k+1, computed when asked
        # per record facts that never change, worked out once per index: record -> bool / float
        self._major_of = gaz.index.__dict__.setdefault("_major_of", {})
        self._importance_of = gaz.index.__dict__.setdefault("_importance_of", {})

    def _gap(self, k: int) -> str:
        g = self._gaps[k]
        if g is None:
            toks = self.toks
            g = self._gaps[k] = _gap(self.text[self.tok_end[k]:self.tok_start[k + 1]]) if k + 1 < len(toks) else "end"
        return g

    def _join(self, k: int) -> bool:
        return self._gap(k) == "join"

    # -- spotting -------------------------------------------------------------------------------
    def _longest(self, i: int, first_keys) -> tuple[int, int, str, int] | None:
        """Longest n-gram starting at token i whose key is in the index: (shift, last token, key, variant)."""
        keys, prefixes, toks = self.ix.keys, self.ix.prefixes, self.toks
        best = None
        for vi, (shift, _stem, k0) in enumerate(first_keys):
            if not k0:
                continue
            key, j = k0, i
            found = (j, key) if key in keys else None
            while key in prefixes and j + 1 < len(toks) and j - i < 5 and self._join(j):   # cheap tests first
                j += 1
                nk = toks[j].key
                if not nk:
                    continue
                key = key + " " + nk
                if key in keys:
                    found = (j, key)
            if found and (best is None or found[0] > best[1]):
                best = (shift, found[0], found[1], vi)
        return best

    def _starts_name(self, t: Word) -> bool:
        """Can the word (any of its variants) start a name of the index? Kept per distinct word."""
        starts = self.starts.get(t.raw)
        if starts is None:
            keys, prefixes = self.ix.keys, self.ix.prefixes
            starts = self.starts[t.raw] = any(v[2] in keys or v[2] in prefixes for v in t.variants)
        return starts

    def _quiet(self, t: Word) -> tuple[bool, bool]:
        """(the word starts no name and is no cue or head word, the word may cue the word after it),
        per distinct word and index like self.starts."""
        flags = self.quiet.get(t.raw)
        if flags is None:
            flags = self.quiet[t.raw] = (
                not (self._starts_name(t) or t.cue or t.stem in NAME_HEADS_AR or t.stem in COMPOUND_HEADS_AR),
                bool(t.cue or t.folded == "السوريه" or t.stem in NEAR_AR))
        return flags

    def _cue_of(self, k: int):
        """The cue role of token k (any particle removed); "العاصمة السورية دمشق" reads as "العاصمة دمشق"."""
        if k >= 1 and self.toks[k].folded == "السوريه" and self._join(k - 1):
            k -= 1
        if k < 0 or not self.toks[k].cue:
            return None
        for _shift, stem, _key in self.toks[k].variants:
            if stem in CUES_AR:
                return CUES_AR[stem]
        return None

    def _stem(self, k: int) -> str:
        return self.toks[k].stem

    def _has_particle_wa(self, k: int) -> bool:
        return self.toks[k].wa

    def _is_stop(self, key: str, t: Word) -> bool:
        return key in (self.stop_ar if t.ar else self.stop_en)

    def _major(self, ids) -> bool:
        """A well-known place: its name is worth spotting even when it is also a common word."""
        memo = self._major_of
        for x in ids:
            major = memo.get(x)
            if major is None:
                r = self.ix.places[x]
                major = memo[x] = bool(r["pop"] >= 20000 or r["fc"] in _SEAT_CODES or r.get("known")
                                       or r["src"] in ("alias", "governorate", "outside"))
            if major:
                return True
        return False

    def _city(self, key: str) -> bool:
        """Is the name a city (a capital, an administrative seat or a town of 50,000 people)?"""
        places = self.ix.places
        return any((places[x]["fc"] in _SEAT_CODES or places[x]["pop"] >= 50_000) and not places[x]["weak"]
                   for x in self.ix.keys.get(key, ()))

    def _is_cue_token(self, k: int) -> bool:
        return self.toks[k].cue

    def spot(self) -> list[Spot]:
        toks, out = self.toks, []
        n = len(toks)
        common = self.ix.common
        i = 0
        list_mode = False      # inside "بلدتي X وY" / "بلدات X وY وZ"
        chain = 0              # places spotted so far in the current و-chain
        skip_latin, skip_arabic = self.lang == "ar", self.lang == "en"
        quiet = self.quiet
        while i < n:
            t = toks[i]
            if (skip_latin and not t.ar) or (skip_arabic and t.ar):   # lang given: the other script is ignored
                i += 1
                continue
            if not t.ar:
                if not t.upper and t.key:      # a lower-case word starts no name (as _spot_latin says)
                    i += 1
                    continue
                sp = self._spot_latin(i)
                if sp:
                    if sp.feature and sp.j + 1 < n and toks[sp.j + 1].folded in PLURAL_FEATURES_EN:
                        # "Tal Ghazal and Tal Awar hills": the names listed before share the type
                        k = len(out) - 1
                        while k >= 0 and not out[k].feature and not out[k].area and \
                                _LIST_SEP_EN.fullmatch(self.text[out[k].end:(out[k + 1].start if k + 1 < len(out) else sp.start)]):
                            out[k].feature = sp.feature
                            k -= 1
                    out.append(sp)
                    i = sp.j + 1
                else:
                    i += 1
                continue
            # fastest path, outside lists and و-chains: a word that starts no name, is no cue or head
            # word, after a word that cues nothing (the tests of the fast path below, read per word)
            if not (list_mode or chain) and (quiet.get(t.raw) or self._quiet(t))[0] and \
                    (i == 0 or not (quiet.get(toks[i - 1].raw) or self._quiet(toks[i - 1]))[1]):
                i += 1
                continue
            prev_t = toks[i - 1] if i > 0 else None
            cue = self._cue_of(i - 1) if prev_t is not None and (prev_t.cue or prev_t.folded == "السوريه") \
                and self._gap(i - 1) in ("join", "quote") else None
            comma = bool(list_mode or chain) and i > 0 and self._gap(i - 1) == "comma"
            wa = t.wa
            # fast path: most words start no name and are not cued
            if not cue and not t.cue and not ((wa or comma) and (list_mode or chain)) and t.stem not in NAME_HEADS_AR \
                    and t.stem not in COMPOUND_HEADS_AR and not (i > 0 and toks[i - 1].stem in NEAR_AR):
                if not self._starts_name(t):
                    chain, list_mode = 0, False
                    i += 1
                    continue
            if list_mode and not (wa or cue or comma):
                list_mode = False
            if cue and cue[0] in ("list", "nbhd-list"):
                list_mode = True
            if chain and not (wa or comma):
                chain = 0
            in_list = list_mode and (wa or comma)
            cue_like = cue or in_list
            prev_stem = self._stem(i - 1) if i > 0 else ""
            # areas: ريف X [الشمالي], محافظة X, الريف الشمالي الغربي لمحافظة X
            sp = self._spot_area(i)
            if sp:
                out.append(sp)
                i, chain, list_mode = sp.j + 1, 0, False
                continue
            if self._is_cue_token(i):
                i += 1
                continue
            stem = self._stem(i)
            nxt_ok = i + 1 < n and self._join(i) and toks[i + 1].ar
            best = self._longest(i, t.variants)
            nb_cue = bool(cue and cue[0].startswith("nbhd"))
            ids: list[int] = []
            if best is not None:
                shift, j, key, vi = best
                ids = list(self.ix.keys[key])
                if j == i:
                    z = max(common.get(key, 0.0), _zipf_ar(t.raw[shift:]), _zipf_ar(t.raw) if shift else 0.0)
                    limit = 5.5 if cue else (4.7 if chain and wa else 3.5)
                    if (stem in NAME_HEADS_AR or stem in COMPOUND_HEADS_AR) and nxt_ok:
                        best = None      # جبل دورين, حوش حماد: the head alone is not the name
                    elif (z >= limit or key in self.stop_ar) and not (self._major(ids) and z < 5.5 and key not in self.stop_ar):
                        best = None
                    elif len(key.replace(" ", "")) <= 2 and not cue:
                        best = None
                if best is not None:
                    if all(self.ix.places[x]["weak"] for x in ids):
                        if not nb_cue and j == i:
                            best = None        # a one-word neighbourhood name needs حي / district before it
                    elif not nb_cue:
                        ids = [x for x in ids if not self.ix.places[x]["weak"]]
            if best is not None:
                shift, j, key, vi = best
                sp = Spot(i, j, self.tok_start[i] + shift, self.tok_end[j], key, ids, cue=cue[0] if cue else None,
                          feature=(cue[1] if cue else None), in_list=in_list or bool((wa or comma) and chain))
                if stem in NAME_HEADS_AR:
                    sp.feature = NAME_HEADS_AR[stem]
                if prev_stem in NEAR_AR:
                    sp.near = NEAR_AR[prev_stem]
                sp.frame = prev_stem in FRAME_PREV_AR or prev_stem in NEAR_AR or \
                    (t.variants[-1][1] != t.folded and t.folded[:1] in "ب")
                if cue and cue[0] == "city":     # "في مدينة درعا" frames; "الطريق إلى مدينة اللاذقية" does not
                    sp.frame = i < 2 or self._stem(i - 2) not in NOT_FRAME_PREV_AR
                # "حي درعا البلد": a city followed by a qualifier is a part of that city
                if nb_cue and j + 1 < n and self._join(j) and toks[j + 1].ar and toks[j + 1].folded in QUALIFIERS_AR:
                    sp.j, sp.end, sp.match, sp.near = j + 1, self.tok_end[j + 1], "part", "part of"
                out.append(sp)
                in_syria = any(self.ix.places[x]["kind"] == "place" for x in ids) and \
                    not any(self.ix.places[x]["kind"] == "area" for x in ids)    # regions and outside places end a chain
                chain = (chain + 1 if ((wa or comma) and chain) else 1) if in_syria else 0
                i = sp.j + 1
                continue
            # a head word with a remainder: جبل دورين (named after the village دورين), سد برادون (unknown)
            if stem in NAME_HEADS_AR and nxt_ok:
                j = i + 1
                inner = self._longest(j, toks[j].variants[:1])
                ids = list(self.ix.keys[inner[2]]) if inner and inner[1] == j else []
                ids = [x for x in ids if not self.ix.places[x]["weak"] and self.ix.places[x]["kind"] == "place"]
                if ids or (toks[j].key not in common or common[toks[j].key] < 4.0):
                    shift = t.variants[-1][0] if t.variants[-1][1] == stem else 0
                    sp = Spot(i, j, self.tok_start[i] + shift, self.tok_end[j], inner[2] if ids else None, ids,
                              match="head" if ids else "unknown", feature=NAME_HEADS_AR[stem],
                              cue=cue[0] if cue else "head", in_list=in_list)
                    if prev_stem in NEAR_AR:
                        sp.near = NEAR_AR[prev_stem]
                    out.append(sp)
                    chain = chain + 1 if (wa and chain) else 1
                    i = j + 1
                    continue
            # fuzzy (بصر الحرير -> بصرى الحريري, ناحتة -> نحتة) or a name the gazetteer lacks,
            # only where a cue word or a list says a name is here
            sp = None
            if cue_like:
                sp = self._spot_fuzzy(i, cue, in_list) or self._spot_unknown(i, cue, in_list)
            elif ((stem in COMPOUND_HEADS_AR and nxt_ok) or prev_stem in NEAR_AR) and stem not in NEAR_AR:
                # كفر رومة -> كفر روما, جنوبي جباثا الخشب: two-word names only
                sp = self._spot_fuzzy(i, None, False, min_sim=0.85, spans=(2,))
            elif chain >= 2 and wa:
                sp = self._spot_unknown(i, None, True, strict=True)   # "X وY والعطيرة"،
            if sp:
                out.append(sp)
                chain += 1
                i = sp.j + 1
                continue
            chain = 0
            i += 1
        return self._repeats(out)

    def _repeats(self, spots: list[Spot]) -> list[Spot]:
        """Every occurrence of a name is a mention: a name spotted thanks to a cue or a list ("بلدة حوش
        حماد", "the Waer district") is spotted again where it recurs without one. Names that are also
        ordinary words are not repeated (the cue was what made them a name)."""
        toks, ix = self.toks, self.ix
        templates: dict[str, list[tuple[tuple, Spot]]] = {}
        for sp in spots:
            if sp.area or not (sp.cue or sp.match != "exact" or any(ix.places[x]["weak"] for x in sp.ids)):
                continue
            seq = self._key_seq(sp)
            surface = self.text[sp.start:sp.end]
            if not seq or (len(seq) == 1 and (self._is_stop(seq[0], toks[sp.i]) or
                                              (_zipf_ar(surface) if toks[sp.i].ar else _zipf_en(surface)) >= 3.5)):
                continue
            templates.setdefault(seq[0], []).append((seq, sp))
        if not templates:
            return spots
        covered = set()
        for sp in spots:
            covered.update(range(sp.i, sp.j + 1))
        extra = []
        n = len(toks)
        # the words a template can start at: one of their keys (the first is t.key) starts one
        starts = [k for k, t in enumerate(toks) if t.key in templates
                  or (len(t.variants) > 1 and any(v[2] in templates for v in t.variants))]
        after = 0                  # the end of the last repeat found
        for k in starts:
            t = toks[k]
            if k < after or k in covered or (not t.ar and not t.upper):
                continue
            hit = None
            for shift, _stem, key in t.variants:
                for seq, sp in templates.get(key, ()):
                    q = k + len(seq) - 1
                    if q < n and not any(x in covered for x in range(k, q + 1)) and \
                            all(self._join(x - 1) and toks[x].key == seq[x - k] for x in range(k + 1, q + 1)):
                        hit = Spot(k, q, self.tok_start[k] + shift, self.tok_end[q], sp.key, list(sp.ids), match=sp.match,
                                   sim=sp.sim, cue=sp.cue, feature=sp.feature, frame=False)
                        break
                if hit:
                    break
            if hit is None or (not t.ar and k > 0 and self._join(k - 1) and toks[k - 1].upper
                               and _zipf_en(toks[k - 1].raw) < 4.0):
                continue
            extra.append(hit)
            after = hit.j + 1
        if not extra:
            return spots
        return sorted(spots + extra, key=lambda sp: sp.start)

    def _key_seq(self, sp: Spot) -> tuple:
        """The word keys of a spot's words (the first one without the particle the spot left out)."""
        toks = self.toks
        first = next((key for shift, _stem, key in toks[sp.i].variants if self.tok_start[sp.i] + shift == sp.start),
                     toks[sp.i].key)
        seq = [first] + [toks[x].key for x in range(sp.i + 1, sp.j + 1)]
        while seq and not seq[0]:      # "al-Baghouz": from the name on
            seq.pop(0)
        return tuple(seq) if seq and all(seq) else ()

    def _spot_area(self, i: int) -> Spot | None:
        toks, n = self.toks, len(self.toks)
        t = toks[i]
        if not t.cue:
            return None
        whole = self._longest(i, t.variants)       # "ريف دمشق" is itself a governorate's name
        if whole is not None and whole[1] > i:
            gids = [x for x in self.ix.keys[whole[2]] if self.ix.places[x]["src"] == "governorate"]
            if gids:
                end_j = whole[1]
                while end_j + 1 < n and self._join(end_j) and toks[end_j + 1].folded in DIRECTIONS_AR:
                    end_j += 1
                sp = Spot(i, end_j, self.tok_start[i] + whole[0], self.tok_end[end_j], whole[2], gids, area="governorate",
                          feature="ADM1")
                sp.frame = i == 0 or self._stem(i - 1) not in NOT_FRAME_PREV_AR
                return sp
        for shift, stem, _key in t.variants:
            head = stem[2:] if stem.startswith("ال") else stem
            if head not in AREA_HEADS_AR:
                continue
            j = i + 1
            # "الريف الشمالي الغربي لمحافظة حماة": directions, then ل + (محافظة) + name
            while j < n and toks[j].folded in DIRECTIONS_AR and self._join(j - 1):
                j += 1
            if j >= n or not self._join(j - 1):
                return None
            vs = toks[j].variants
            if stem.startswith("ال"):
                vs = [v for v in vs if v[0] > 0 and toks[j].folded[0] == "ل"]   # لمحافظة / لمدينة / لحماة
                if not vs:
                    return None
            inner_head = None
            for _s, st, _k in vs:
                if st in ("محافظه", "مدينه", "بلده", "قريه", "منطقه", "ناحيه") and j + 1 < n and self._join(j):
                    inner_head = st
            if inner_head:
                j += 1
                vs = toks[j].variants
            best = self._longest(j, vs)
            if best is None:
                return None
            inner_shift, jj, key, _vi = best
            ids = [x for x in self.ix.keys[key] if self.ix.places[x]["kind"] in ("place", "area")
                   and not self.ix.places[x]["weak"]]
            if not ids:
                return None
            area = AREA_HEADS_AR[head]
            if not any(self.ix.places[x]["src"] == "governorate" for x in ids):
                # the countryside of a town ("ريف جسر الشغور", "الريف الجنوبي الغربي لمدينة رأس العين"):
                # the mention is the town itself, near it (precision 2)
                ids = [x for x in ids if self.ix.places[x]["kind"] == "place"]
                if not ids:
                    return None
                sp = Spot(j, jj, self.tok_start[j] + inner_shift, self.tok_end[jj], key, ids, near=f"{area} of",
                          cue="city" if inner_head == "مدينه" else None)
                sp.frame = False
                return sp
            end_j = jj
            while end_j + 1 < n and self._join(end_j) and toks[end_j + 1].folded in DIRECTIONS_AR:
                end_j += 1
            sp = Spot(i, end_j, self.tok_start[i] + shift, self.tok_end[end_j], key, ids, area=area, feature="ADM1",
                      cue="city" if inner_head == "مدينه" else None)
            sp.frame = i == 0 or self._stem(i - 1) not in NOT_FRAME_PREV_AR
            return sp
        return None

    def _spot_fuzzy(self, i: int, cue, continuing: bool, min_sim: float = 0.7, spans=(2, 1)) -> Spot | None:
        toks, n = self.toks, len(self.toks)
        t = toks[i]
        shift, stem, k0 = t.variants[-1] if (continuing and len(t.variants) > 1) else t.variants[0]
        if not k0 or k0 in self.stop_ar or stem in NOT_NAMES_AR:
            return None
        for span in spans:
            j = i + span - 1
            if span == 1 and stem in COMPOUND_HEADS_AR and i + 1 < n and self._join(i):
                continue           # خربة / عين / كفر alone is not the name
            if j >= n or (span == 2 and not (self._join(i) and toks[j].ar)):
                continue
            key = " ".join([k0] + [toks[x].key for x in range(i + 1, j + 1)])
            if len(nz.skeleton_ar(key)) < 3:
                continue
            hits = [(x, sim) for x, sim in self.gaz._fuzzy(key) if sim >= min_sim and not self.ix.places[x]["weak"]
                    and self.ix.places[x]["kind"] == "place"]
            if hits and span == 1 and _zipf_ar(t.raw) >= 4.0:     # يذكر is a verb, not ذكير
                hits = []
            if hits:
                ids = [x for x, _ in hits]
                return Spot(i, j, self.tok_start[i] + shift, self.tok_end[j], key, ids, match="fuzzy", sim=hits[0][1],
                            cue=cue[0] if cue else "list", feature=cue[1] if cue else None, in_list=continuing)
        return None

    def _spot_unknown(self, i: int, cue, continuing: bool, strict: bool = False) -> Spot | None:
        """A name the gazetteer lacks, where a cue or a list of places says there is one."""
        toks, n = self.toks, len(self.toks)
        t = toks[i]
        if not t.ar:
            return None
        shift, stem, key = t.variants[-1] if (continuing and len(t.variants) > 1) else t.variants[0]
        if stem in NOT_NAMES_AR or self._is_cue_token(i) or key in self.stop_ar or \
                (len(stem) < 3 and stem not in COMPOUND_HEADS_AR):
            return None
        if stem not in COMPOUND_HEADS_AR and max(_zipf_ar(t.raw[shift:]), _zipf_ar(t.raw)) >= 3.3:  # an ordinary word (أكد, آمنة, استراتيجية), not a village name
            return None
        if strict:
            # only "…والعطيرة" directly followed by punctuation or the end
            if not stem.startswith("ال"):
                return None
            after = self.text[self.tok_end[i]:self.tok_end[i] + 3]
            if self.tok_end[i] < len(self.text) and not re.match(r"^\s*[\"”»،,.؛:)\n]", after + "\n"):
                return None
        j = i
        if i + 1 < n and self._join(i) and toks[i + 1].ar:
            nxt = toks[i + 1].folded
            if stem in COMPOUND_HEADS_AR or nxt in QUALIFIERS_AR:
                j = i + 1
        role = cue[0] if cue else "list"
        return Spot(i, j, self.tok_start[i] + shift, self.tok_end[j], None, [], match="unknown", cue=role,
                    feature=cue[1] if cue else None, in_list=continuing)

    def _spot_latin(self, i: int) -> Spot | None:
        toks, n = self.toks, len(self.toks)
        t = toks[i]
        if not (t.upper or (t.key == "" and i + 1 < n and toks[i + 1].upper and self._join(i))):
            return None
        prev = toks[i - 1].folded if i > 0 else ""
        prev2 = (toks[i - 2].folded + " " + prev) if i > 1 else ""
        cue_of = prev2 in CUE_OF_EN and self._join(i - 1)      # "the village of X", "the town of X"
        best = self._longest(i, t.variants) if t.key else None
        if t.key == "" and best is None:   # "al-Bab": start at the article
            if t.raw in _EN_WORDS_LIKE_ARTICLES and self.text[self.tok_end[i]:self.tok_start[i + 1]] == " ":
                return None     # "at Rastan", "as Homs": the English word; the name is spotted on its own
            nb = self._longest(i + 1, toks[i + 1].variants)
            if nb:
                best = (0, nb[1], nb[2], 0)
        if best is None:
            return self._spot_latin_unknown(i, CUE_OF_EN[prev2]) if cue_of else None
        _shift, j, key, _vi = best
        single = j == i or (t.key == "" and j == i + 1)     # one word, maybe after al-
        word = toks[j].raw
        if single and (key in self.stop_en or len(key) < 3):
            return None
        nxt = toks[j + 1].folded if j + 1 < n and self._join(j) else ""
        # "the Mezze district", "the neighborhood of Barzeh": a city district (a weak name) is allowed
        # ("the Waer district of Homs": Homs is the city around it, not a district). Around a bracket
        # or a comma the city is the one that is not the district: "another Homs neighborhood,
        # Khaldiyeh", "the Homs neighborhood (Khaldiyeh)", but "the Waer district (Homs)".
        after_word = j + 2 < n and toks[j + 2].upper and self._city(key) and \
            _BRACKETS.fullmatch(self.text[self.tok_end[j + 1]:self.tok_start[j + 2]])
        bracketed = i > 1 and toks[i - 2].upper and _BRACKETS.fullmatch(self.text[self.tok_end[i - 1]:self.tok_start[i]])
        nbhd = (nxt in NBHD_AFTER_EN and not after_word) or \
            (prev2 in NBHD_BEFORE_EN and not (i > 2 and toks[i - 3].upper)) or \
            (prev in NBHD_AFTER_EN and bracketed and self._city(toks[i - 2].key))
        ids = [x for x in self.ix.keys[key] if nbhd or not single or not self.ix.places[x]["weak"]]
        if not ids:
            return None
        if single and word.isupper() and len(word) > 1 and (len(key) <= 3 or not self._major(ids)):
            return None                      # an acronym (SANA, SOHR), not a village
        # a capitalised rare word before it makes it a person's surname ("Adnan Afrin", "Mervan Qamishlo");
        # common capitalised words ("In Afrin", "East Aleppo") do not
        prev_cap = i > 0 and self._join(i - 1) and toks[i - 1].upper and not toks[i - 1].ar \
            and _zipf_en(toks[i - 1].raw) < 4.0
        if single and prev_cap:
            return None
        if single and not self._major(ids) and not cue_of:
            if _zipf_en(word) >= 3.5:          # Now, Base, Jan, Iraqi: ordinary words
                return None
            # a capitalised word after it: an organisation or person ("Bashar al-Assad", "Rahman Hospital")
            k2 = j + 1
            if k2 < n and self._join(j) and toks[k2].key == "" and k2 + 1 < n:
                k2 += 1
            next_cap = k2 < n and self._join(k2 - 1) and toks[k2].upper and not toks[k2].ar
            if next_cap:
                return None
        sp = Spot(i, j, self.tok_start[i], self.tok_end[j], key, ids)
        poss = _POSS_AREA_EN.match(self.text, self.tok_end[j])     # "Hama's northwestern countryside"
        if nbhd:
            sp.cue, sp.feature = "nbhd", "PPLX"
        elif nxt == "front" and any(self.ix.places[x]["src"] == "governorate" for x in ids):
            # "the Hama front": the governorate's front line, a frame like "the Hama countryside"
            sp.ids = [x for x in ids if self.ix.places[x]["src"] == "governorate"]
            sp.area, sp.j, sp.end = "countryside", j + 1, self.tok_end[j + 1]
        elif nxt in AREA_WORDS_EN or prev == "rural" or prev2 in AREA_PRE_EN or poss:
            area_ids = [x for x in ids if self.ix.places[x]["kind"] == "area"] or ids
            word_after = poss.group(1).lower() if poss else nxt
            sp.ids, sp.area = area_ids, "governorate" if word_after in ("province", "governorate") else "countryside"
            if nxt in AREA_WORDS_EN:
                sp.j, sp.end = j + 1, self.tok_end[j + 1]
        elif cue_of:
            sp.cue, sp.feature = "single", CUE_OF_EN[prev2]
        elif prev in CUES_EN and not bracketed:     # not "the Waer district (Homs)"
            sp.cue, sp.feature = "single", CUES_EN[prev]
        elif nxt in FEATURE_AFTER_EN:        # "Tal Ghazal hill", "Taftanaz airbase"
            sp.feature = FEATURE_AFTER_EN[nxt]
        sp.frame = bool(sp.area) or prev in FRAME_PREV_EN
        return sp

    def _spot_latin_unknown(self, i: int, feature: str) -> Spot | None:
        """A name the gazetteer lacks after "the village of": capitalised words (al- joined), up to 3."""
        toks, n = self.toks, len(self.toks)
        j = i
        while j + 1 < n and j - i < 3 and self._join(j) and not toks[j + 1].ar and \
                (toks[j + 1].upper or (toks[j + 1].key == "" and j + 2 < n and toks[j + 2].upper)):
            j += 1
        if toks[j].key == "" or self._is_stop(toks[j].key, toks[j]) or _zipf_en(toks[i].raw) >= 4.0:
            return None
        return Spot(i, j, self.tok_start[i], self.tok_end[j], None, [], match="unknown", cue="single", feature=feature)

    # -- resolution -----------------------------------------------------------------------------
    def resolve(self, spots: list[Spot]) -> list[Mention]:
        text = self.text
        self.spots = spots
        # sentences and paragraphs
        bounds = [0] + [m.end() for m in SENT_SPLIT.finditer(text)]
        para_bounds = [0] + [m.end() for m in re.finditer(r"\n", text)]
        sent_of = [bisect.bisect_right(bounds, s.start) - 1 for s in spots]
        para_of = [bisect.bisect_right(para_bounds, s.start) - 1 for s in spots]
        self.para_of = para_of
        places = self.ix.places

        # Governorate frames: ريف X / محافظة X / X province, regions (سهل الغاب), governorate
        # capitals introduced by مدينة / في ("في مدينة درعا", "وفي السويداء", "in Hama").
        cues: list[tuple[int, int, set]] = []     # (start, end, governorates)
        article: dict[str, float] = {}
        for k, s in enumerate(spots):
            govs = set()
            gov_ids = [x for x in s.ids if places[x]["src"] == "governorate"]
            regions = [x for x in s.ids if places[x]["kind"] == "area" and places[x]["src"] == "alias"]
            if s.area and s.frame and gov_ids:
                govs = {places[gov_ids[0]]["a1"]}
            elif gov_ids and s.frame and not s.area:
                govs = {places[gov_ids[0]]["a1"]}
            elif regions and not any(places[x]["kind"] == "place" and self._major([x]) for x in s.ids):
                r = places[regions[0]]
                govs = {r["a1"], *r.get("straddles", [])}
            if govs:
                cues.append((s.start, s.end, govs))
                for g in govs:
                    article[g] = article.get(g, 0) + 1 / len(govs)
        mentions: list[Mention | None] = [None] * len(spots)
        chosen: list[int | None] = [None] * len(spots)
        lines = text.split("\n")

        def heading(p):   # a short line without a full stop frames the paragraph after it
            return 0 <= p < len(lines) and 0 < len(lines[p].strip()) < 120 and not lines[p].strip().endswith(".")

        def ctx_govs(k):
            """(sentence frame, paragraph frame) of spot k. In the sentence: cues before it, or after it
            within the same clause (no comma between). In the paragraph: the latest cue before the
            sentence, or the heading line above it."""
            s = spots[k]
            sent, para = set(), set()
            if not cues:
                return sent, para
            for cs, govs in cues_by_sent.get(sent_of[k], ()):
                if cs <= s.start or not re.search(r"[،,؛;:]", text[s.end:cs]):
                    sent |= govs
            p = para_of[k]
            for cs, govs in cues_by_para.get(p, ()):
                if cs < bounds[sent_of[k]]:
                    para = set(govs)          # the latest one wins
            if not para:
                q = p - 1
                while q >= 0 and not lines[q].strip():
                    q -= 1
                if heading(q):
                    for cs, govs in cues_by_para.get(q, ()):
                        para |= govs
            return sent, para

        def sent_of_pos(pos):
            return bisect.bisect_right(bounds, pos) - 1

        def para_of_pos(pos):
            return bisect.bisect_right(para_bounds, pos) - 1

        cues_by_sent: dict[int, list] = {}
        cues_by_para: dict[int, list] = {}
        for cs, _ce, govs in cues:
            cues_by_sent.setdefault(sent_of_pos(cs), []).append((cs, govs))
            cues_by_para.setdefault(para_of_pos(cs), []).append((cs, govs))

        # the article's frame: used for weak evidence only (a name the gazetteer lacks, a fuzzy
        # or head match, a name with several candidates none of which the nearer context decides)
        self.article_frame = set(article) if 0 < len(article) <= 2 else set()

        # The second round differs from the first only through the places resolved in the first
        # (anchors): a mention resolved without looking at them keeps its first answer.
        reads_anchors = [True] * len(spots)
        for rnd in range(2):
            # resolved places, by paragraph (context never reaches further) and in text order
            anchors: dict[int, list] = {}
            self._anchor_list = []
            for k in range(len(spots)):
                if chosen[k] is not None and places[chosen[k]]["kind"] == "place":
                    anchors.setdefault(para_of[k], []).append((k, chosen[k]))
                    self._anchor_list.append((spots[k].start, places[chosen[k]]["a1"]))
            self._anchor_starts = [a[0] for a in self._anchor_list]
            for k, s in enumerate(spots):
                if rnd == 1 and (s.area or not reads_anchors[k]):
                    continue
                sgov, pgov = ctx_govs(k)
                self._read_anchors = False      # set by every path below that reads anchors
                m, c = self._resolve_one(s, k, sgov, pgov, article, anchors, sent_of, para_of, chosen)
                reads_anchors[k] = self._read_anchors
                mentions[k], chosen[k] = m, c
        return [m for m in mentions if m is not None]

    def _resolve_one(self, s: Spot, k, sgov, pgov, article, anchors, sent_of, para_of, chosen):
        places = self.ix.places
        surface = self.text[s.start:s.end]
        # areas: ريف X / محافظة X / X province
        if s.area:
            govs = [x for x in s.ids if places[x]["kind"] == "area" and places[x]["src"] == "governorate"]
            rec = places[govs[0]] if govs else None
            if rec is not None:
                what = "governorate named" if s.area == "governorate" else f"{s.area} of the governorate"
                return self._area(s, surface, rec["a1"], f"{what} '{rec['name']}'", 0.9), None
            # countryside of a town: near that town
            best = self._rank(s, k, [x for x in s.ids if places[x]["kind"] == "place"], sgov, pgov, article, anchors,
                              sent_of, chosen)
            if best is None:
                return None, None
            x, _sc, why = best
            return self._mention(s, surface, x, precision=2, conf=0.7, reason=f"{s.area} of {places[x]['name']}; {why}",
                                 kind="area"), None
        ids = [x for x in s.ids if places[x]["kind"] in ("place", "outside")]
        regions = [x for x in s.ids if places[x]["kind"] == "area" and places[x]["src"] == "alias"]
        if regions and not s.cue:
            ids = []
        if not ids and s.ids:   # a governorate or region named on its own
            x0 = regions[0] if regions else s.ids[0]
            rec = places[x0]
            if rec["kind"] == "area":
                if rec["src"] == "governorate":
                    return self._area(s, surface, rec["a1"], f"governorate name '{rec['name']}'", 0.8), None
                return self._mention(s, surface, x0, precision=3, conf=0.8,
                                     reason=f"region '{rec['name']}' ({rec.get('note') or 'team alias'})",
                                     kind="area"), None
        if any(places[x]["kind"] == "outside" for x in ids):
            x = next(x for x in ids if places[x]["kind"] == "outside")
            if not any(places[y]["kind"] == "place" and places[y]["pop"] > 50000 for y in ids):
                return self._mention(s, surface, x, precision=1, conf=0.85, reason="place outside Syria",
                                     kind="outside"), x
            ids = [y for y in ids if places[y]["kind"] == "place"]
        frame, scope = (sgov, "sentence") if sgov else ((pgov, "paragraph") if pgov else (set(), ""))
        weak = s.match in ("head", "fuzzy", "unknown") or len(ids) >= 2 or not ids or s.in_list
        if not frame and weak and self.article_frame:
            frame, scope = self.article_frame, "article"
        in_syria = bool(ids) and _IN_SYRIA_EN.search(self.text, max(0, s.start - 12), s.start) is not None
        if in_syria:
            frame = set()
        if not ids and self.gaz.online and s.match == "unknown":
            m = self._online(s, surface, frame)
            if m is not None:
                return m, None
        if not ids:
            return self._fallback(s, surface, frame, scope, article, anchors, sent_of, k, "not in the gazetteer")
        best = self._rank(s, k, ids, sgov, pgov, article, anchors, sent_of, chosen)
        x, score, why = best
        if frame and not self._fits(x, frame) and not self._major([x]):
            return self._fallback(s, surface, frame, scope, article, anchors, sent_of, k,
                                  f"'{places[x]['name']}' ({places[x]['a1']}) is outside the governorate the text names")
        if not frame and not in_syria and self.article_frame and not self._fits(x, self.article_frame) and not self._major([x]):
            # a village listed with others lies near them: far from all of them and outside the
            # article's governorate, it is a namesake ("قرب تل كروم وجبا" in a Quneitra report)
            # (a village named alone in its sentence: far from every place the article names)
            r = places[x]
            self._read_anchors = True
            near = [_km(r["lat"], r["lon"], places[ax]["lat"], places[ax]["lon"])
                    for ak, ax in anchors.get(self.para_of[k], ()) if ak != k and sent_of[ak] == sent_of[k]]
            if not near:
                near = [_km(r["lat"], r["lon"], places[ax]["lat"], places[ax]["lon"])
                        for para in anchors.values() for ak, ax in para if ak != k and self.spots[ak].key != s.key]
            if near and min(near) > 80:
                return self._fallback(s, surface, self.article_frame, "article", article, anchors, sent_of, k,
                                      f"'{r['name']}' ({r['a1']}) is far from the places named with it")
        precision = 1
        reason = why
        if s.match in ("head", "part") or s.near:
            precision = 2
            if s.match == "head":
                reason = f"{_FEATURE_WORD.get(s.feature, 'feature')} named after {places[x]['name']}; " + why
            else:
                reason = f"{s.near} {places[x]['name']}; " + why
        conf = score
        return self._mention(s, surface, x, precision=precision, conf=conf, reason=reason), x

    def _online(self, s: Spot, surface: str, frame: set) -> Mention | None:
        """A name the offline data lacks, asked to the online geocoder (within the text's governorate)."""
        from .online import CONFIDENCE
        name = self.text[self.tok_start[s.i]:s.end] if s.match == "unknown" else surface
        for c in self.gaz._online_lookup(name, None):
            if frame and c.admin1_pcode not in frame:
                continue
            return Mention(surface, s.start, s.end, "place", None, c.name, None, c.lat, c.lon, s.feature,
                           c.admin1_pcode, c.admin1_name, c.admin2_pcode, c.admin2_name, c.admin3_pcode,
                           c.admin3_name, 1, CONFIDENCE, "not in the offline gazetteer; online geocoder (Nominatim)",
                           "online")
        return None

    def _fits(self, x: int, govs: set) -> bool:
        r = self.ix.places[x]
        if r["a1"] in govs:
            return True
        return any(_gov_within_km(self.gaz, r["lat"], r["lon"], g, 12) for g in govs)

    def _rank(self, s: Spot, k, ids, sgov, pgov, article, anchors, sent_of, chosen):
        places = self.ix.places
        if not ids:
            return None
        total = sum(article.values()) or 1
        best = None
        p0 = self.para_of[k]
        # distances only matter when there is a choice to make; the resolved places nearby are the
        # same for every candidate, so they are gathered once
        near_anchors = ()
        if len(ids) > 1:
            self._read_anchors = True
            near_anchors = [a for p in range(p0 - 3, p0 + 4) for a in anchors.get(p, ())
                            if not (a[0] == k or (s.key and self.spots[a[0]].key == s.key))]
        for x in ids:
            r = places[x]
            sc = 0.55 if s.match != "fuzzy" else 0.4 * s.sim
            why = ["exact name" if s.match != "fuzzy" else f"spelling variant ({s.sim:.2f})"]
            if sgov and self._fits(x, sgov):
                sc += 0.3
                why.append(f"governorate {r['a1']} named in sentence")
            elif pgov and self._fits(x, pgov):
                sc += 0.2
                why.append(f"governorate {r['a1']} named in paragraph")
            elif article.get(r["a1"]):
                sc += 0.1 * article[r["a1"]] / total
            dmin = None
            for ak, ax in near_anchors:
                # another mention of the same name proves nothing (two namesakes would pull each other;
                # other mentions of the same key are left out above)
                if ax == x:
                    continue
                a = places[ax]
                if abs(a["lat"] - r["lat"]) > 1.5 or abs(a["lon"] - r["lon"]) > 1.5:
                    continue
                # the same sentence pulls hardest, then the paragraph, then nearby paragraphs
                w = 1.0 if sent_of[ak] == sent_of[k] else (0.5 if self.para_of[ak] == p0 else 0.25)
                d = _km(a["lat"], a["lon"], r["lat"], r["lon"])
                if dmin is None or d / w < dmin[0]:
                    dmin = (d / w, a["name"])
            if dmin is not None and dmin[0] < 60:
                sc += 0.2 * (1 - dmin[0] / 60)
                why.append(f"{dmin[0]:.0f} km from {dmin[1]}")
            importance = self._importance_of.get(x)
            if importance is None:
                importance = self._importance_of[x] = _importance(r)
            sc += (0.3 if s.cue == "city" else 0.2) * importance
            if self._major([x]):
                sc += 0.15           # a well-known town (population, admin seat, team alias) beats a hamlet namesake
            if s.cue and s.cue.startswith("nbhd") and r["src"] == "neighbourhood":
                sc += 0.15
            if r["fc"] in _SEAT_CODES:
                sc += 0.04
            if s.feature and r["fc"] and r["fc"][:2] == s.feature[:2] and s.feature not in ("PPL",):
                sc += 0.05
            if len(ids) == 1:
                sc += 0.1
            elif s.key and s.key in r.get("mk", ()):
                sc += 0.08           # its main name, not one of many alternate names (Baghuz vs Kasān)
            if best is None or sc > best[1]:
                best = (x, sc, "; ".join(why))
        x, sc, why = best
        return x, round(min(0.99, sc), 3), why

    def _fallback(self, s, surface, frame, scope, article, anchors, sent_of, k, why):
        """The area the text names: next to a resolved place of the same sentence (precision 2) or the
        governorate's representative point (precision 3)."""
        self._read_anchors = True
        places = self.ix.places
        if not frame:
            if s.match == "unknown" and not s.cue:
                return None, None
            return Mention(surface, s.start, s.end, "place", None, None, None, None, None, s.feature, None, None,
                           None, None, None, None, 3, 0.1, f"{why}; no area named", None), None
        # the nearest resolved place in the same sentence inside the named governorate
        for ak, ax in sorted(anchors.get(self.para_of[k], ()), key=lambda a: abs(a[0] - k)):
            if ak != k and sent_of[ak] == sent_of[k] and self._fits(ax, frame) and places[ax]["kind"] == "place" \
                    and abs(self.spots[ak].start - s.start) < 60:
                m = self._mention(s, surface, ax, precision=2, conf=0.45 if scope == "sentence" else 0.35, kind="place",
                                  reason=f"{why}; placed at {places[ax]['name']} named next to it")
                m.geonameid, m.name, m.name_ar = None, None, None
                return m, None
        g = sorted(frame)[0] if len(frame) == 1 else max(sorted(frame), key=lambda g: article.get(g, 0))
        if len(frame) > 1:   # several governorates named: the one of the latest place resolved before it
            pos = bisect.bisect_left(self._anchor_starts, s.start)
            for start, a1 in reversed(self._anchor_list[max(0, pos - 50):pos]):
                if a1 in frame:
                    g = a1
                    break
        conf = {"sentence": 0.5, "paragraph": 0.4}.get(scope, 0.3)
        return self._area(s, surface, g, f"{why}; governorate {g} named in {scope}", conf, kind="place"), None

    def _area(self, s, surface, pcode, reason, conf, kind="area") -> Mention:
        g = governorates()[pcode]
        return Mention(surface, s.start, s.end, kind, None, g["name_en"], g["name_ar"], g["lat"], g["lon"],
                       s.feature or "ADM1", pcode, g["name_en"], None, None, None, None, 3, conf, reason, "governorate")

    def _mention(self, s, surface, x, precision, conf, reason, kind=None) -> Mention:
        r = self.ix.places[x]
        kind = kind or r["kind"]
        outside = kind == "outside"
        # the feature follows the cue word: تل أعور is a hill even where the gazetteer has the village
        fc = s.feature if s.feature and s.feature not in ("PPL", "ADM1") and kind != "outside" \
            and r["src"] != "military" else r["fc"]
        return Mention(surface, s.start, s.end, kind, None if kind == "area" else r["gid"], r["name"], r["name_ar"],
                       r["lat"], r["lon"], fc, None if outside else r["a1"], None if outside else r["a1n"],
                       None if outside else r["a2"], None if outside else r["a2n"], None if outside else r["a3"],
                       None if outside else r["a3n"], precision, round(conf, 3), reason, r["src"])


def load_word_frequencies() -> None:
    """Load the Arabic and English word-frequency tables now rather than on the first word that
    needs them (~1 s). See Gazetteer.warm()."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return
    for lang in ("ar", "en"):
        zipf_frequency("x", lang)


@lru_cache(maxsize=4096)
def _zipf_ar(word: str) -> float:
    """Frequency of an Arabic word as an ordinary word (wordfreq Zipf scale); 0 without wordfreq."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 0.0
    stem = word[2:] if word.startswith("ال") else word
    return max(zipf_frequency(word, "ar"), zipf_frequency(stem, "ar") if len(stem) > 2 else 0.0)


@lru_cache(maxsize=4096)
def _zipf_en(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 0.0
    return zipf_frequency(word.lower(), "en")


@lru_cache(maxsize=8)
def _stop_set(words: tuple) -> frozenset:
    return frozenset(nz.key(w) for w in words)


def _importance(r: dict) -> float:
    """0..1: population, or for places without one the number of names it is known by."""
    if r.get("known"):
        return 1.0
    return max(min(1.0, math.log10(r["pop"] + 1) / 6), min(1.0, math.log(r.get("nalt", 1)) / math.log(40)))


def _km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance for ranking (haversine; the ellipsoid's geodesic is used where precision matters)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def _gov_distance_km(gaz, lat, lon, pcode) -> float:
    """Distance from a point to a governorate polygon (0 inside); inf without polygons.
    Cached on the index object (never by id(): a freed index's id can be reused)."""
    cache = gaz.index.__dict__.setdefault("_gov_dist", {})
    key = (round(lat, 4), round(lon, 4), pcode)
    if key in cache:
        return cache[key]
    d = math.inf
    admin = gaz.index.admin
    if admin is not None and 1 in admin.layers and pcode in admin.layers[1]["codes"]:
        from shapely.geometry import Point
        from shapely.ops import nearest_points
        tree, geoms = admin._tree(1)
        g = geoms[admin.layers[1]["codes"].index(pcode)]
        pt = Point(lon, lat)
        if g.intersects(pt):
            d = 0.0
        else:
            p = nearest_points(g, pt)[0]
            d = geodesic_km(lat, lon, p.y, p.x)
    if len(cache) > 100000:
        cache.clear()
    cache[key] = d
    return d


def _gov_within_km(gaz, lat, lon, pcode, km: float) -> bool:
    """``_gov_distance_km(gaz, lat, lon, pcode) <= km``, without the geodesic (~0.4 ms) when a lower
    bound already says no (see _beyond_km). Both answers are cached on the index like the distances."""
    key = (round(lat, 4), round(lon, 4), pcode)
    if key not in gaz.index.__dict__.setdefault("_gov_dist", {}):
        far = gaz.index.__dict__.setdefault("_gov_far", {})
        beyond = far.get((key, km))
        if beyond is None:
            if len(far) > 100000:
                far.clear()
            beyond = far[(key, km)] = _beyond_km(gaz, lat, lon, pcode, km)
        if beyond:
            return False
    return _gov_distance_km(gaz, lat, lon, pcode) <= km


def _beyond_km(gaz, lat, lon, pcode, km: float) -> bool:
    """True when the point is surely more than ``km`` from the governorate polygon: the planar
    distance in degrees times the fewest km a degree spans up to the northernmost latitude involved
    (+1 degree for the bulge of a geodesic) exceeds the limit by 100 m, far more than the ~10 m
    between points that share a cache entry (so the answer never depends on which was asked first)."""
    admin = gaz.index.admin
    if admin is None or 1 not in admin.layers or pcode not in admin.layers[1]["codes"]:
        return False
    import shapely
    _tree, geoms = admin._tree(1)
    g = geoms[admin.layers[1]["codes"].index(pcode)]
    pt = shapely.Point(lon, lat)
    if g.intersects(pt):
        return False
    _x0, y0, _x1, y1 = g.bounds
    north = min(89.0, max(abs(lat), abs(y0), abs(y1)) + 1.0)
    return shapely.distance(g, pt) * 111.32 * math.cos(math.radians(north)) > km + 0.1


def geoparse(gaz, text: str, lang: str = "auto") -> list[Mention]:
    """Every place mention of text, in text order, non-overlapping. lang: "ar" or "en" reads only
    names in that script; "auto" (default) reads both."""
    if not text or not text.strip():
        return []
    if lang not in ("ar", "en", "auto"):
        raise ValueError(f"lang must be 'ar', 'en' or 'auto', not {lang!r}")
    p = _Parser(gaz, text, lang)
    spots = p.spot()
    mentions = p.resolve(spots)
    mentions.sort(key=lambda m: m.start)
    # non-overlapping, in text order
    out, last_end = [], -1
    for m in mentions:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out
