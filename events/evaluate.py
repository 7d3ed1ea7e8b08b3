"""Recall and precision of the extractor against an annotated folder (annotations.jsonl + articles/).

A gold event is found when a row of its article has the same ACLED type and one of its places
(surfaces compared after folding, one containing the other, or the same geonameid). A row is
correct when it matches some gold event of its article that way. Among found events: the share
whose row has the right governorate, the right date (gold dates given) and the right actor1
(gold actor named by the actor lexicon).
"""
from __future__ import annotations

import json
from pathlib import Path

GOLD_TYPES = {
    "control-change": ("Battles", {"Government regains territory", "Non-state actor overtakes territory"}),
    "battle": ("Battles", {"Armed clash"}),
    "airstrike": ("Explosions/Remote violence", {"Air/drone strike"}),
    "shelling": ("Explosions/Remote violence", {"Shelling/artillery/missile attack"}),
    "barrel-bomb": ("Explosions/Remote violence", {"Air/drone strike"}),
    "explosion": ("Explosions/Remote violence", {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    "violence-against-civilians": ("Violence against civilians", {"Attack", "Abduction/forced disappearance", "Sexual violence"}),
    "protest": ("Protests", {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    "other": ("Strategic developments", None),
}


class EvaluationError(ValueError):
    pass


def _fold(s) -> str:
    from events.extract.text import fold_plain

    out = fold_plain(str(s or "")).replace("ال", "")
    return "".join(ch for ch in out if ch.isalnum())


def place_matches(row, surface: str, gold_place: dict | None) -> bool:
    a, b = _fold(row["location_surface"]), _fold(surface)
    if a and b and (a in b or b in a):
        return True
    gid = (gold_place or {}).get("geonameid")
    return gid is not None and row["geonameid"] is not None and str(row["geonameid"]) == str(gid)


def type_matches(row, gold_type: str) -> bool:
    event_type, _ = GOLD_TYPES.get(gold_type, (None, None))
    return row["event_type"] == event_type


def subtype_matches(row, gold_type: str) -> bool:
    _, subs = GOLD_TYPES.get(gold_type, (None, None))
    ok = subs is None or row["sub_event_type"] in subs
    if gold_type == "barrel-bomb":
        ok = ok and row["weapon"] == "barrel bomb"
    return ok


def _article_path(folder: Path, ann: dict) -> Path:
    path = folder / "articles" / f"{ann['id']}.{ann.get('lang', 'ar')}.txt"
    if not path.exists():
        raise EvaluationError(f"article file missing: {path}")
    return path


def evaluate(folder: Path) -> dict:
    import events
    from events.extract import actors

    ann_path = Path(folder) / "annotations.jsonl"
    if not ann_path.exists():
        raise EvaluationError(f"{ann_path} not found: expected a folder like ../shared/dev with annotations.jsonl and articles/")
    annotations = [json.loads(line) for line in ann_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    totals = dict(gold=0, found=0, rows=0, correct_rows=0, gov_n=0, gov_ok=0, date_n=0, date_ok=0, actor_n=0, actor_ok=0,
                  sub_ok=0, fat_n=0, fat_ok=0, pub_date_n=0, pub_date_ok=0)
    articles, missed, wrong, wrong_dates, wrong_actors, wrong_fatalities = [], [], [], [], [], []
    for ann in annotations:
        text = _article_path(folder, ann).read_text(encoding="utf-8")
        gdf = events.extract(text, published=ann.get("published"), source=ann.get("outlet"), url=ann.get("url"))
        rows = gdf.to_dict("records")
        places = {p["surface"]: p for p in ann.get("places", [])}
        found = 0
        matched_rows: set[int] = set()
        for ev in ann.get("events", []):
            hits = [(i, r, s) for i, r in enumerate(rows) for s in ev["places"]
                    if type_matches(r, ev["type"]) and place_matches(r, s, places.get(s))]
            totals["gold"] += 1
            if not hits:
                missed.append(f"{ann['id']} {ev['type']} {ev['places']}")
                continue
            found += 1
            matched_rows |= {i for i, _, _ in hits}
            same_day = [h for h in hits if ev.get("date") and h[1]["event_date"] == ev["date"]]
            hits = same_day or hits  # two events at one place: compare with the one of the gold's day
            totals["sub_ok"] += any(subtype_matches(r, ev["type"]) for _, r, _ in hits)
            totals["gov_n"] += 1
            totals["gov_ok"] += any(r["admin1_pcode"] in _govs(places.get(s)) for _, r, s in hits)
            if ev.get("date"):
                totals["date_n"] += 1
                date_ok = any(r["event_date"] == ev["date"] for _, r, _ in hits)
                totals["date_ok"] += date_ok
                if ann.get("published"):
                    totals["pub_date_n"] += 1
                    totals["pub_date_ok"] += date_ok
                if not date_ok:
                    wrong_dates.append(f"{ann['id']} {ev['type']} {ev['places']}: gold {ev['date']}, rows {sorted({str(r['event_date']) for _, r, _ in hits})}")
            if ev.get("actor1"):
                gold_actors = set(actors.canonical(ev["actor1"]))
                if gold_actors:
                    totals["actor_n"] += 1
                    actor_ok = any(r["actor1"] in gold_actors for _, r, _ in hits)
                    totals["actor_ok"] += actor_ok
                    if not actor_ok:
                        wrong_actors.append(f"{ann['id']} {ev['type']} {ev['places']}: gold {ev['actor1']!r}, rows {sorted({str(r['actor1']) for _, r, _ in hits})}")
            if ev.get("fatalities") is not None:
                totals["fat_n"] += 1
                fat = sum(int(r["fatalities"]) for _, r, _ in {(i, 0, 0): (i, r, s) for i, r, s in hits}.values()
                          if r["fatalities"] is not None and str(r["fatalities"]) != "<NA>")
                totals["fat_ok"] += fat == ev["fatalities"]
                if fat != ev["fatalities"]:
                    wrong_fatalities.append(f"{ann['id']} {ev['type']} {ev['places']}: gold {ev['fatalities']}, rows {fat}")
        totals["found"] += found
        totals["rows"] += len(rows)
        totals["correct_rows"] += len(matched_rows) + sum(
            1 for i, r in enumerate(rows) if i not in matched_rows and _matches_any(r, ann, places))
        for i, r in enumerate(rows):
            if i not in matched_rows and not _matches_any(r, ann, places):
                wrong.append(f"{ann['id']} {r['event_type']} / {r['sub_event_type']} @ {r['location_surface']} ({r['admin1_pcode']})")
        articles.append({"id": ann["id"], "lang": ann.get("lang"), "gold": len(ann.get("events", [])), "found": found, "rows": len(rows)})
    t = totals
    ratio = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
    return {
        "articles": articles,
        "totals": t,
        "recall": ratio(t["found"], t["gold"]),
        "precision": ratio(t["correct_rows"], t["rows"]),
        "sub_event_type_right": ratio(t["sub_ok"], t["found"]),
        "governorate_right": ratio(t["gov_ok"], t["gov_n"]),
        "date_right": ratio(t["date_ok"], t["date_n"]),
        "date_right_published": ratio(t["pub_date_ok"], t["pub_date_n"]),
        "actor1_right": ratio(t["actor_ok"], t["actor_n"]),
        "fatalities_right": ratio(t["fat_ok"], t["fat_n"]),
        "missed": missed,
        "unmatched_rows": wrong,
        "wrong_dates": wrong_dates,
        "wrong_actors": wrong_actors,
        "wrong_fatalities": wrong_fatalities,
    }


def _govs(place: dict | None) -> set[str]:
    if not place:
        return set()
    return {place.get("governorate")} | set(place.get("also_ok", []))


def _matches_any(row, ann, places) -> bool:
    return any(type_matches(row, ev["type"]) and place_matches(row, s, places.get(s)) for ev in ann.get("events", []) for s in ev["places"])


def format_report(report: dict, details: bool = False) -> str:
    t = report["totals"]
    lines = ["article  lang  gold  found  rows"]
    for a in report["articles"]:
        lines.append(f"{a['id']:<8} {a['lang']:<5} {a['gold']:>4} {a['found']:>6} {a['rows']:>5}")
    lines += [
        "",
        f"events recall    {report['recall']}  ({t['found']}/{t['gold']} gold events found, matched by place and ACLED type)",
        f"events precision {report['precision']}  ({t['correct_rows']}/{t['rows']} rows match a gold event)",
        f"sub-type right   {report['sub_event_type_right']}  (of found events)",
        f"governorate right {report['governorate_right']}  ({t['gov_ok']}/{t['gov_n']})",
        f"date right       {report['date_right']}  ({t['date_ok']}/{t['date_n']} found events with a gold date)",
        f"  in articles with a publication date {report['date_right_published']}  ({t['pub_date_ok']}/{t['pub_date_n']}; "
        "the others' gold dates mostly come from knowledge)",
        f"actor1 right     {report['actor1_right']}  ({t['actor_ok']}/{t['actor_n']} found events whose gold actor1 the lexicon names)",
        f"fatalities right {report['fatalities_right']}  ({t['fat_ok']}/{t['fat_n']} found events with a gold count)",
    ]
    if details:
        lines += ["", "missed gold events:"] + [f"  {m}" for m in report["missed"]]
        lines += ["", "rows matching no gold event:"] + [f"  {w}" for w in report["unmatched_rows"]]
        lines += ["", "found events with another date than the gold:"] + [f"  {w}" for w in report["wrong_dates"]]
        lines += ["", "found events with another actor1 than the gold:"] + [f"  {w}" for w in report["wrong_actors"]]
        lines += ["", "found events with another death toll than the gold:"] + [f"  {w}" for w in report["wrong_fatalities"]]
    return "\n".join(lines)
