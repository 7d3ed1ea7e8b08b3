"""Who in the article claims an event: cues from events/lexicons/attribution.yaml."""
from __future__ import annotations

from functools import lru_cache

from events.extract.lexicon import Matcher, entries, load


@lru_cache(maxsize=1)
def _matcher() -> Matcher:
    return Matcher([e for label, spec in load("attribution")["sources"].items() for e in entries(spec, label)])


def find(text: str, folded) -> list[tuple[int, int, str]]:
    """(start, end, label) of every source cue in the text."""
    return [(h.start, h.end, h.payload) for h in _matcher().find(text, folded)]


def for_sentence(cues: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    labels: list[str] = []
    for pos, _, label in cues:
        if start <= pos < end and label not in labels:
            labels.append(label)
    return "; ".join(labels) or None
