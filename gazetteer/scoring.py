"""Score geoparse against annotated articles (shared/dev/annotations.jsonl format).

For each annotated place (surface as written, governorate P-code or 'outside-Syria',
optional geonameid / wrong_geonameids / also_ok) the mentions overlapping its occurrences count:
found = any mention; right governorate = one with an accepted admin1; right id = one with the
annotated geonameid; wrong id = one carrying a listed wrong geonameid. Mentions overlapping no
annotated surface are counted as extra (a rough measure of false alarms).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Score:
    places: int = 0
    found: int = 0
    right_governorate: int = 0
    with_id: int = 0
    right_id: int = 0
    wrong_ids: int = 0
    outside: int = 0
    outside_placed_in_syria: int = 0
    mentions: int = 0
    extra_mentions: int = 0
    misses: list = field(default_factory=list)

    def figures(self) -> dict:
        d = asdict(self)
        d.pop("misses")
        d["share_found"] = round(self.found / self.places, 3) if self.places else 0.0
        d["share_right_governorate"] = round(self.right_governorate / self.places, 3) if self.places else 0.0
        d["share_right_id"] = round(self.right_id / self.with_id, 3) if self.with_id else 0.0
        return d


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``surface`` in ``text``."""
    out, i = [], text.find(surface)
    while i >= 0:
        out.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return out


def score_articles(gaz, articles: list[tuple[str, dict]]) -> Score:
    """articles: (text, annotation) pairs."""
    sc = Score()
    for text, ann in articles:
        mentions = gaz.geoparse(text, lang=ann.get("lang", "auto"))
        sc.mentions += len(mentions)
        covered = set()
        for place in ann["places"]:
            spans = occurrences(text, place["surface"])
            over = [m for m in mentions if any(m.start < e and s < m.end for s, e in spans)]
            covered.update(id(m) for m in over)
            if place["governorate"] == "outside-Syria":
                sc.outside += 1
                if any(m.admin1_pcode for m in over):
                    sc.outside_placed_in_syria += 1
                continue
            sc.places += 1
            ok_govs = {place["governorate"], *place.get("also_ok", [])}
            if over:
                sc.found += 1
            good = [m for m in over if m.admin1_pcode in ok_govs]
            if good:
                sc.right_governorate += 1
            if place.get("geonameid"):
                sc.with_id += 1
                if any(m.geonameid == place["geonameid"] for m in over):
                    sc.right_id += 1
            wrong = set(place.get("wrong_geonameids", []))
            sc.wrong_ids += sum(1 for m in over if m.geonameid in wrong)
            if not good:
                sc.misses.append({"id": ann["id"], "surface": place["surface"], "governorate": place["governorate"],
                                  "got": [(m.surface, m.admin1_pcode, m.geonameid, m.reason) for m in over]})
        sc.extra_mentions += sum(1 for m in mentions if id(m) not in covered)
    return sc


def score_dev(gaz, shared: Path) -> Score:
    articles = []
    with open(shared / "dev" / "annotations.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                ann = json.loads(line)
                path = shared / "dev" / "articles" / f"{ann['id']}.{ann['lang']}.txt"
                articles.append((path.read_text(encoding="utf-8"), ann))
    return score_articles(gaz, articles)
