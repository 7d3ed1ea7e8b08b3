"""Places of the text through the gazetteer's geoparse, filtered for event locations."""
from __future__ import annotations

import bisect
import functools
import gc
import itertools
import re
import threading

from events.extract.errors import ExtractionError
from events.extract.text import ignorecase_lower

_LOCK = threading.Lock()
_GAZ = None


class _Guarded:
    """An end-anchored context regex behind a cheap pre-check: ``hint`` (lower-case words, one of
    which every branch of ``pattern`` contains) rules out most windows before the slow search.
    The hint is searched case-sensitively in the window lowered by ignorecase_lower(): without
    re.IGNORECASE the regex engine jumps to the first letters of its words, several times faster."""

    def __init__(self, pattern: re.Pattern, hint: str):
        self.pattern, self.hint = pattern, re.compile(hint)

    def search(self, window: str) -> bool:
        return self.hint.search(ignorecase_lower(window)) is not None and self.pattern.search(window) is not None


# A place right after "the border with", "the road to", "towards" is a reference point, not where
# the event happened.
_BORDER_BEFORE = _Guarded(re.compile(r"(?:(?:الحدود|حدود|الحدوديه|الحدودية|border|borders)\W+(?:\w+\W+){0,4}"
                            r"|(?:الطريق|طريق)\s+(?:الواصل|المؤدي|الدولي)?\s*(?:إلى|الى|نحو)\s+(?:\w+\s+)?"
                            r"|(?:باتجاه|نحو|towards?|road to|way to)\s+(?:\w+\s+)?|(?:إلى|الى)\s+(?:مدينة|بلدة|قرية|محافظة)\s+"
                            r"|(?:fled|fleeing|flee|escaped|displaced)\s+(?:from|to|towards?)\s+(?:the\s+)?(?:\w+\s+)?|(?:فروا|نزحوا|لجؤوا|هربوا)\s+(?:إلى|الى|من)\s+(?:\w+\s+)?"
                            r"|(?:من مواقعها|من مواقعه|من مواقعهم|انطلاقا من|from (?:its|their) positions)\s+(?:في|in)\s+(?:\w+\s+)?)$", re.I),
    # hint: a word every branch above contains
    hint=r"حدود|border|طريق|باتجاه|نحو|toward|road to|way to|إلى|الى|fled|flee|escaped|displaced|فروا|نزحوا|لجؤوا|هربوا"
         r"|من مواقع|انطلاقا من|from its positions|from their positions")
# "Latakia and neighbouring Tartous provinces": names followed by "provinces" are regions.
_FRAME_AFTER = re.compile(r"^\s*(?:and\s+(?:neighbou?ring\s+)?\w+\s+)?(?:provinces?|governorates?|region|countryside)\b", re.I)
_AREA_WORD = re.compile(r"(?:\b(?:provinces?|governorates?|region|countryside)$|^(?:ريف|محافظة|بريف|ومحافظة))", re.I)
# The next names of a list that began with a reference place: "بين محافظات إدلب (شمال غرب) وحماة (وسط)".
_LIST_GAP = re.compile(r"^\s*(?:\([^()]{0,25}\))?\s*(?:[،,]|و|and)?\s*(?:\([^()]{0,25}\))?\s*$")
# A place after "ريف", "شمالي", "45 كم جنوب شرق", "north of", "outskirts of" frames the event: it counts
# as a region (kept only when the sentence names no other place).
_FRAME_BEFORE = _Guarded(re.compile(r"(?:ريف|بريف|وريف|ريفي|بريفي|[وب]?(?:شمال|جنوب|شرق|غرب)(?:ي|ا)?|"
                           r"التابعة ل|تابعة ل|تابعة لـ|محافظات|محافظة|بمحافظة|لمحافظة|province of|"
                           r"countryside of|(?:north|south|east|west)(?:ern)? of|km from|parts of|districts of|areas of|syria's|syria’s)\s+(?:(?:شرق|غرب)(?:ي)?\s+)?(?:بلدة|مدينة|قرية)?\s*$"
                           r"|(?:التابعة|تابعة)\s+لـ?$", re.I),
    hint=r"ريف|شمال|جنوب|شرق|غرب|تابعة|محافظ|province of|countryside of|north|south|east|west"
         r"|km from|parts of|districts of|areas of|syria")
# "حي درعا البلد في مدينة درعا", "حي الصالحين بحلب", "Salaheddine district in Aleppo": the second
# place only frames the first ("of" is left out: "the Damascus neighborhood of Barzeh").
_CONTAINER_GAP = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:في|ب|in)\s*(?:مدينة|مدينه|بلدة|بلده|محافظة|محافظه|the city of|the town of|the province of)?\s*$", re.I)


def gazetteer():
    """The gazetteer, loaded once per process."""
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                try:
                    from gazetteer import Gazetteer
                except ImportError as exc:
                    raise ExtractionError(f"the gazetteer package is not available: {exc}") from exc
                gaz = Gazetteer.load()
                # the word-frequency tables geoparse reads, loaded now to be frozen below with the
                # index (loaded by the first article instead, they were walked by the collections
                # of the next articles: ~1-2 ms per new article)
                gaz.warm()
                # The index is about a million long-lived objects: every full collection of the
                # cyclic garbage collector walked them all (~0.2 s), and the caches that grow on
                # new articles set one off every few articles. Frozen, collections skip them
                # (they are still freed as usual when no longer referenced).
                gc.collect()  # garbage left now would stay frozen for good
                gc.freeze()
                _GAZ = gaz
    return _GAZ


def _as_area(m):
    """The same mention, marked as a frame (region) rather than the event's place."""
    try:
        import dataclasses

        return dataclasses.replace(m, kind="area")
    except TypeError:  # not a dataclass: copy what we read
        import copy

        m = copy.copy(m)
        m.kind = "area"
        return m


def is_main_city(m) -> bool:
    """The city that gives its governorate its name (Aleppo, حماة, Raqa...)."""
    return m.kind == "place" and m.admin1_pcode is not None and _governorate_of_name(m.surface) == m.admin1_pcode


@functools.lru_cache(maxsize=4096)
def _governorate_of_name(name: str) -> str | None:
    """P-code of the governorate called ``name`` (cached: the gazetteer's lookup is fuzzy and slow)."""
    try:
        gov = gazetteer().governorate(name)
    except Exception:  # an unknown name is simply not a governorate
        return None
    return gov.pcode if gov is not None else None


def mentions(text: str, lang: str, actor_spans: list[tuple[int, int]]) -> list:
    """Event-location candidates: no "outside" places, no names inside actor names, no datelines,
    no border reference points, no containers of a neighbouring place."""
    raw = sorted(gazetteer().geoparse(text, lang=lang), key=lambda m: m.start)
    # a mention overlaps an actor span when a span starting before its end reaches past its start:
    # spans sorted by start, with the furthest end reached so far
    spans = sorted(actor_spans)
    span_starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))
    kept = []
    reference_end = -1
    for m in raw:
        if m.kind == "outside":
            continue
        before_end = bisect.bisect_left(span_starts, m.end)
        if before_end and reach[before_end - 1] > m.start:
            continue
        surface = text[m.start:m.end]
        if surface.isupper() and len(surface) >= 4 and surface.isascii():  # dateline: "BEIRUT", "AMMAN"
            continue
        before = text[max(0, m.start - 40):m.start]
        if _BORDER_BEFORE.search(before) or (
                reference_end >= 0 and m.start - reference_end < 40 and _LIST_GAP.match(text[reference_end:m.start])):
            reference_end = m.end
            continue
        if m.kind == "place" and (_AREA_WORD.search(m.surface) or _FRAME_BEFORE.search(before) or _FRAME_AFTER.match(text[m.end:m.end + 30])):
            m = _as_area(m)
        kept.append(m)
    out = []
    for i, m in enumerate(kept):
        prev = out[-1] if out else None
        if prev is not None and m.start - prev.end < 40 and _CONTAINER_GAP.match(text[prev.end:m.start]) \
                and prev.admin1_pcode == m.admin1_pcode and "\n" not in text[prev.end:m.start]:
            continue
        out.append(m)
    return out
