"""Article text -> ACLED-style event rows (one per event and place) in a GeoDataFrame.

Per sentence: triggers (event words) claim the places that follow them up to the next trigger,
or, when none follow, the places between the previous trigger and them ("... بلدات ناحتة والحراك
بالبراميل المتفجرة"). Weak words (attack, destroyed, advance) only take places nobody else took.
At one place in one sentence, triggers of the same ACLED type collapse into the most specific.
Regions (governorates, countrysides) are event places only when the sentence names no village.
Where forces stand ("المتمركزة في X") is no target of their bombardment; a sentence naming no place
refers with "the town", "المدينة" to the place named last.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

import geopandas as gpd

from events import schema
from events.extract import actors as actors_mod
from events.extract import attribution, dates, fatalities, places, sentences, table, text as textmod, types
from events.extract.errors import ExtractionError
from events.extract.merge import merge_rows

# Barrel bombs and helicopters belong to one air force in this war (until December 2024).
_DEFAULT_AIR_ACTOR = "Military Forces of Syria (2000-2024)"
_REGIME_END = dt.date(2024, 12, 8)


@dataclass
class Event:
    trigger: types.Trigger
    sentence: sentences.Sentence
    places: list = field(default_factory=list)


def extract(text, published=None, source=None, url=None, lang: str = "auto") -> gpd.GeoDataFrame:
    """Events of one article; see the module docstring of ``events``."""
    rows = article_rows(text, published, source, url, lang)
    return table.from_rows(rows) if rows else schema.empty()


def extract_many(articles) -> gpd.GeoDataFrame:
    """Events of many articles in one table: the rows of ``extract()`` of each article, in order
    (not merged across articles: ``events.merge`` does that). Building one table instead of one
    per article saves the table's fixed cost: about 0.5 ms per article on its own, about 1 ms amid
    the rest of an extraction (measured with benchmarks/bench_extract.py).

    ``articles``: texts, or mappings with "text" and optionally "published", "source", "url",
    "lang". An article that cannot be read raises ExtractionError naming its position."""
    rows: list[dict] = []
    for i, item in enumerate(articles):
        if isinstance(item, (str, bytes, bytearray)):
            item = {"text": item}
        elif not hasattr(item, "get") or "text" not in item:
            raise ExtractionError(f"article {i}: expected a text or a mapping with a 'text' key, got {type(item).__name__}")
        try:
            rows += article_rows(item["text"], item.get("published"), item.get("source"), item.get("url"),
                                 item.get("lang") or "auto")
        except ExtractionError as exc:
            raise ExtractionError(f"article {i}: {exc}") from exc
    return table.from_rows(rows) if rows else schema.empty()


def article_rows(text, published=None, source=None, url=None, lang: str = "auto") -> list[dict]:
    """The event rows of one article as dicts (column name -> value, coordinates under "_lon"/"_lat")."""
    pub = dates.parse_published(published)
    body = textmod.clean(text)
    if lang not in ("auto", "ar", "en"):
        raise ExtractionError(f"language {lang!r} not supported: expected 'auto', 'ar' or 'en'")
    language = textmod.detect_language(body) if lang == "auto" else lang
    aid = textmod.article_id(body)
    folded = textmod.fold(body)
    anchor = pub or dates.first_full_date(body, folded[0])

    sents = sentences.split(body)
    triggers = types.find(body, folded)
    actor_hits = actors_mod.find(body, folded)
    cues = attribution.find(body, folded)
    # names inside actor names or source names ("Rami Abdel Rahman", "al-Mayadeen TV") are no places
    mentions = places.mentions(body, language, [(h.start, h.end) for h in actor_hits] + [(s, e) for s, e, _ in cues])

    rows: list[dict] = []
    last_rows: list[dict] = []
    stationed = any(w in folded[0] for w in _STATIONED_STEMS)   # forces "stationed in" a place: rare
    para_attr: dict[int, str] = {}
    para_date: dict[int, tuple[dt.date, int]] = {}
    # triggers and places are in text order: a sentence's own are a slice found by bisection
    trig_starts, place_starts = [t.start for t in triggers], [m.start for m in mentions]
    for sent in sents:
        s_trig = triggers[bisect.bisect_left(trig_starts, sent.start):bisect.bisect_left(trig_starts, sent.end)]
        s_places = mentions[bisect.bisect_left(place_starts, sent.start):bisect.bisect_left(place_starts, sent.end)]
        fs, fe = bisect.bisect_left(folded[1], sent.start), bisect.bisect_left(folded[1], sent.end)
        fold_sent = (folded[0][fs:fe], folded[1][fs:fe + 1])
        date, precision = _sentence_date(sent, fold_sent[0], language, anchor, para_date)
        attr = attribution.for_sentence(cues, sent.start, sent.end) or para_attr.get(sent.paragraph)
        if attr:
            para_attr[sent.paragraph] = attr
        kills, injured = fatalities.find(fold_sent[0] if language == "ar" else sent.text, language)
        kill_pos = [(fold_sent[1][k.start] if language == "ar" else k.start + sent.start, k.count) for k in kills]
        if not s_places:
            # "Fighting then spread into the town": the town named last before the sentence
            s_places = _anaphor(sent, s_trig, body, mentions, bisect.bisect_left(place_starts, sent.start))
        if not s_places:
            # "وأسفرت العمليات عن مقتل 40 إرهابيا": a toll for the events of the sentence before
            counts = [c for _, c in kill_pos if c is not None]
            if counts and last_rows:
                _distribute(last_rows, sum(counts), only_empty=True)
            continue
        events = _assign(sent, s_trig, s_places, body, any(k.count for k in kills),
                         _positions(s_places, body) if stationed else ())
        if not events:
            continue
        sent_rows = []
        for ev in events:
            sent_rows += _rows(ev, body, actor_hits, date, precision, attr, language, aid, source, url,
                               any(k.count for k in kills))
        _attach_fatalities(sent_rows, s_places, kill_pos, injured and not kills, body)
        rows += sent_rows
        last_rows = sent_rows
    rows = _drop_summaries(merge_rows(rows))
    for row in rows:
        row["notes"] = _notes(row)
    return rows


# "the town", "the prison", "المدينة", "البلدة": a place named before, when the sentence names none.
# The kind of place each word names; English uses city and town for one another, Arabic does not.
_KINDS = {"city": "town", "town": "town", "village": "village", "prison": "prison", "jail": "prison",
          "airport": "airport", "airbase": "airport", "air base": "airport", "neighborhood": "district",
          "neighbourhood": "district", "مدينة": "city", "مدينه": "city", "بلدة": "town", "بلده": "town",
          "قرية": "village", "قريه": "village", "مطار": "airport", "سجن": "prison"}
_KIND_WORD = r"(city|town|village|prison|jail|airport|air\s?base|neighbou?rhood|مدينة|مدينه|بلدة|بلده|قرية|قريه|مطار|سجن)"
_ANAPHOR = re.compile(r"\bthe\s+" + _KIND_WORD + r"\b(?!\s+of\b)|(?<!\w)(?:و|ف)?(?:(?:ب|ل)?ال|لل)" + _KIND_WORD + r"(?!\w)", re.I)
# "from the airport", "طريق المطار": another place than the one named before
_NOT_ANAPHOR_BEFORE = re.compile(r"(?:\bfrom|\broad\s+to|(?<!\w)من|(?<!\w)(?:ال)?طريق)\s+$", re.I)
# the kind named with a place: "the town of X", "مدينة X", "X prison", "مطار X العسكري"
_KIND_BEFORE = re.compile(r"(?<!\w)(?:و|ف)?(?:ب|ل)?(?:ال)?" + _KIND_WORD + r"\s+(?:of\s+)?$", re.I)
_KIND_AFTER = re.compile(r"\s+(?:military\s+)?" + _KIND_WORD + r"\b", re.I)
_ANAPHOR_REACH = 600


def _kind(word: str | None) -> str | None:
    return _KINDS.get(re.sub(r"\s+", " ", word.lower())) if word else None


def _anaphor(sent, s_trig, body, before: list, k: int) -> list:
    """The place a sentence without names refers to with "the town", "المدينة": the place of that
    kind named last before it (``before[:k]``), within _ANAPHOR_REACH characters, its row written
    at the words that refer to it. A place named without its kind fits any settlement; regions and
    governorates are not referred to this way."""
    if not any(not t.negated and not t.casualty and not t.weak for t in s_trig):
        return []
    m = _ANAPHOR.search(body, sent.start, sent.end)
    if m is None or _NOT_ANAPHOR_BEFORE.search(body, max(0, m.start() - 12), m.start()):
        return []
    wanted = _kind(m.group(1) or m.group(2))
    # the row's surface: the words without the clitics ("بالمدينة" -> "المدينة")
    start = m.start() if m.group(1) else m.start(2) - 2 if body.startswith("ال", m.start(2) - 2) else m.start(2)
    while k > 0 and sent.start - before[k - 1].end <= _ANAPHOR_REACH:
        k -= 1
        place = before[k]
        if place.kind != "place":
            continue
        named = (_KIND_AFTER.match(body, place.end) or _KIND_BEFORE.search(body, max(0, place.start - 20), place.start))
        kind = _kind(named.group(1)) if named else next(
            (_kind(w) for w in re.findall(_KIND_WORD, place.surface, re.I)), None)
        if kind == wanted or (kind is None and wanted in ("city", "town", "village")):
            return [dataclasses.replace(place, start=start, end=m.end())]
    return []


def _drop_summaries(rows: list[dict]) -> list[dict]:
    """A region-level or whole-city row ("قصف لقرى بريف تل تمر", "براميل على مناطق في مدينة حلب")
    repeats the article's village- or district-level rows of the same type, governorate and day:
    keep those only."""
    specific = {(r["event_type"], r["admin1_pcode"], r["event_date"]) for r in rows if not r["_area"]}
    return [r for r in rows if not (r["_area"] and (r["event_type"], r["admin1_pcode"], r["event_date"]) in specific)]


def _sentence_date(sent, folded_sentence, language, anchor, para_date):
    source = folded_sentence if language == "ar" else sent.text
    hits = dates.find(source, language, anchor)
    if hits:
        # a dateline repeating the publication date gives way to the sentence's own "Thursday"
        own = [h for h in hits if not (h.explicit and h.date == anchor)] or hits
        best = next((h for h in own if h.explicit), own[0])
        para_date[sent.paragraph] = (best.date, best.precision)
        return best.date, best.precision
    if sent.paragraph in para_date:
        return para_date[sent.paragraph]
    if anchor is None:
        return None, None
    return anchor, 2


def _assign(sent, s_trig, s_places, body, counted: bool = False, posts=()) -> list[Event]:
    """The events of a sentence with their places. ``posts``: ids of the places named as where
    forces stand (see _positions)."""
    live = [t for t in s_trig if not t.negated]
    strong = [t for t in live if not t.casualty and not t.weak]
    weak = [t for t in live if t.weak and not t.casualty]
    casualty = [t for t in live if t.casualty]
    # a death report is an event of its own when no fighting or explosion in the sentence explains it
    if casualty and counted and not any(t.event_type in ("Battles", "Explosions/Remote violence") for t in strong):
        strong = sorted(strong + [casualty[0]], key=lambda t: t.start)
    bounds = sorted(strong + weak, key=lambda t: t.start)

    def targets(t, found):
        # where the shooter stands is no target when the event has another place (a clash
        # between forces "stationed in X" and "in Y" is fought there)
        if not posts or t.event_type != "Explosions/Remote violence":
            return found
        return [m for m in found if id(m) not in posts] or found

    def following(t):
        nxt = next((b.start for b in bounds if b.start > t.start), sent.end)
        return targets(t, [m for m in s_places if t.end <= m.start < nxt])

    def preceding(t, skip=()):
        prv = max((b.end for b in bounds if b.end <= t.start and not any(b is s for s in skip)), default=sent.start)
        return targets(t, [m for m in s_places if prv <= m.start < t.start])

    events: list[Event] = []
    taken: set[int] = set()
    homeless = []
    for group in (strong, weak):
        for t in group:
            found = following(t) or preceding(t)
            if t.weak:
                found = [m for m in found if id(m) not in taken]
            if found:
                events.append(Event(t, sent, found))
            elif not t.weak:
                homeless.append(t)
        taken |= {id(m) for ev in events for m in ev.places}
    # a weak word that found no place of its own ("دخلت المدينة") does not cut a strong word off
    # from the places before it ("داهمت منازل في مدينة حماة ... دخلت المدينة ... إطلاق الرصاص بشكل عشوائي")
    idle = [t for t in weak if not any(ev.trigger is t for ev in events)]
    for t in homeless:
        found = preceding(t, skip=idle) if idle else []
        if found:
            events.append(Event(t, sent, found))
    # Regions only where the sentence names no village or town; a governorate's main city next to
    # places of its own governorate only frames them ("حي الشعار في شرق مدينة حلب"). A region of a
    # governorate where the sentence names no village is a place of its own when the sentence puts
    # an attack or a battle in it ("slain in Homs and in Hama province").
    specific_govs = {m.admin1_pcode for ev in events for m in ev.places if m.kind != "area"}
    out = []
    for ev in events:
        spots = [m for m in ev.places if m.kind != "area"]
        inner = [m for m in spots if not places.is_main_city(m)]
        spots = [m for m in spots if not (places.is_main_city(m) and any(o.admin1_pcode == m.admin1_pcode for o in inner))]
        elsewhere = [m for m in ev.places if not ev.trigger.casualty and m.kind == "area" and m.admin1_pcode and m.admin1_pcode not in specific_govs
                     and _LOCATIVE_BEFORE.search(body, max(0, m.start - 12), m.start)]
        if spots:
            ev.places = spots + _most_precise(elsewhere)
        elif specific_govs:
            if not elsewhere:
                continue
            ev.places = _most_precise(elsewhere)
        else:  # regions only: the most precise ("بريف بلدة تل تمر" rather than "شمال الحسكة")
            best = min(m.precision or 3 for m in ev.places)
            ev.places = [m for m in ev.places if (m.precision or 3) == best]
        out.append(ev)
    return _collapse(out)


_STATIONED_STEMS = ("متمركز", "متواجد", "منتشر", "stationed", "based", "positioned", "deployed")   # folded
_STATIONED_BEFORE = re.compile(r"(?:(?<!\w)(?:و|ف)?(?:ال)?(?:متمركزة|متمركزه|متمركزين|متمركز|متواجدة|متواجده|متواجدين|منتشرة|منتشره)"
                               r"\s+(?:في|فى|ب)\s*(?:\w+\s+)?"
                               r"|\b(?:stationed|based|positioned|deployed)\s+(?:in|at)\s+(?:the\s+)?(?:\w+\s+of\s+)?)$", re.I)
# the next place of the list: "في بلدة معان وقرية الطليسية", "in Maan and the village of Tleisiyeh"
_AND_BETWEEN = re.compile(r"\s*(?:(?:و|and)\s*(?:(?:ال)?(?:بلدة|بلده|قرية|قريه|مدينة|مدينه|حي|معسكر|مطار)\s+"
                          r"|(?:the\s+)?(?:town|village|city)\s+of\s+)?|[,،]\s*)", re.I)


def _positions(s_places, body) -> set[int]:
    """ids of the places named as where forces stand ("قوات النظام المتمركزة في الكلية الحربية
    والمزارع"), with those listed after them."""
    out: set[int] = set()
    last = None
    for m in s_places:
        if _STATIONED_BEFORE.search(body, max(0, m.start - 30), m.start) or \
                (last is not None and _AND_BETWEEN.fullmatch(body, last.end, m.start)):
            out.add(id(m))
            last = m
        else:
            last = None
    return out


_LOCATIVE_BEFORE = re.compile(r"(?:\b(?:in|inside|across)\s+(?:the\s+)?|(?<!\w)(?:في|فى)\s+|(?<!\w)و?ب)$", re.I)


def _most_precise(areas: list) -> list:
    best = min((m.precision or 3 for m in areas), default=None)
    return [m for m in areas if (m.precision or 3) == best]


def _collapse(events: list[Event]) -> list[Event]:
    """At one place in one sentence keep, per ACLED type, the most specific trigger."""
    best: dict[tuple, Event] = {}
    for ev in events:
        for m in ev.places:
            key = (_place_key(m), ev.trigger.event_type)
            if key not in best or ev.trigger.rank > best[key].trigger.rank:
                best[key] = ev
    out: list[Event] = []
    for ev in events:
        keep = [m for m in ev.places if best[(_place_key(m), ev.trigger.event_type)] is ev]
        seen = set()
        keep = [m for m in keep if not (_place_key(m) in seen or seen.add(_place_key(m)))]
        if keep:
            out.append(Event(ev.trigger, ev.sentence, keep))
    return out


def _place_key(m) -> str:
    return str(m.geonameid) if getattr(m, "geonameid", None) else f"{m.admin1_pcode}:{textmod.fold_plain(m.surface)}"


def _rows(ev: Event, body, actor_hits, date, precision, attr, language, aid, source, url, killing=False) -> list[dict]:
    t = ev.trigger
    roles = actors_mod.assign(body, actor_hits, t.start, t.end, ev.sentence.start, ev.sentence.end, date,
                              fighting=t.event_type == "Battles", air=t.sub_event_type == "Air/drone strike")
    event_type, sub = t.event_type, t.sub_event_type
    actor1, actor2 = roles.actor1, roles.actor2
    if actor1 is None and (t.weapon in ("barrel bomb", "helicopter") or t.id == "barrel_bomb") and (date is None or date < _REGIME_END):
        actor1 = actors_mod.by_name(_DEFAULT_AIR_ACTOR)
    if (actor1 is not None and actor1.victim) or t.loss:
        actor1, actor2 = actor2, actor1
    if t.casualty:
        event_type, sub = ("Violence against civilians", "Attack") if actor2 is not None and actor2.victim and actor1 is not None else ("Battles", "Armed clash")
    if killing and event_type == "Battles" and sub == "Armed clash" and actor2 is not None and actor2.inter in (6, 7) and actor1 is not None:
        event_type, sub = "Violence against civilians", "Attack"  # an armed attack on civilians or protesters
    if event_type == "Protests" and (actor1 is None or actor1.inter != 6):
        # ACLED names the demonstrators as actor1; security forces met there are the other side
        actor2 = actor1 if actor1 is not None and actor1.inter in (1, 3) else actor2
        actor1 = actors_mod.by_name("Protesters (Syria)")
    if t.territory:
        sub = "Government regains territory" if actor1 is not None and actor1.inter == 1 else "Non-state actor overtakes territory"
    if event_type == "Explosions/Remote violence" and sub == "Shelling/artillery/missile attack" and actor1 is not None and actor1.air:
        sub = "Air/drone strike"
    civ = "Civilian targeting" if actor2 is not None and actor2.inter == 7 and event_type in ("Violence against civilians", "Explosions/Remote violence") else None
    out = []
    for m in ev.places:
        event_date = date.isoformat() if date else None
        place_key = _place_key(m)
        eid = hashlib.sha1("|".join([aid, event_type, sub, place_key, event_date or ""]).encode("utf-8")).hexdigest()[:16]
        out.append({
            "event_id": eid, "event_date": event_date, "time_precision": precision if date else None,
            "event_type": event_type, "sub_event_type": sub, "weapon": t.weapon,
            "actor1": actor1.name if actor1 else None, "assoc_actor_1": _names(roles.assoc1),
            "actor2": actor2.name if actor2 else None, "assoc_actor_2": _names(roles.assoc2),
            "inter1": actor1.inter if actor1 else None, "inter2": actor2.inter if actor2 else None,
            "civilian_targeting": civ, "fatalities": None,
            "location": m.name or m.surface, "location_ar": m.name_ar, "location_surface": body[m.start:m.end],
            "geonameid": m.geonameid, "admin1": m.admin1_name, "admin1_pcode": m.admin1_pcode,
            "admin2": m.admin2_name, "admin2_pcode": m.admin2_pcode, "admin3": m.admin3_name, "admin3_pcode": m.admin3_pcode,
            "geo_precision": m.precision, "source": source, "source_url": url, "source_attribution": attr,
            "source_sentence": ev.sentence.text, "language": language, "article_id": aid,
            "_lat": m.lat, "_lon": m.lon, "_start": m.start, "_trigger": t.start, "_key": place_key,
            "_area": (m.kind == "area" or places.is_main_city(m)) and not t.meta.get("distinct"),
        })
    return out


def _names(actors) -> str | None:
    return "; ".join(a.name for a in actors) if actors else None


def _attach_fatalities(rows, s_places, kill_pos, injured, body) -> None:
    """Each kill phrase goes to the places named right after it in its clause ("مقتل مواطنتين من
    بلدتي الكحيل وبصر الحرير": one each), else to the places of the event whose trigger is
    nearest. Two events at one named place do not share a toll: the nearest trigger's takes it."""
    for pos, count in kill_pos:
        if count is None:
            continue
        clause_end = _clause_end(body, pos)
        named = {_place_key(m) for m in s_places if pos < m.start < clause_end}
        by_place: dict[str, dict] = {}     # named place -> its row of the trigger nearest the phrase
        for r in rows:
            if r["_key"] in named:
                best = by_place.get(r["_key"])
                if best is None or abs(r["_trigger"] - pos) < abs(best["_trigger"] - pos):
                    by_place[r["_key"]] = r
        victims = list(by_place.values())
        if not victims:
            nearest = min(rows, key=lambda r: abs(r["_trigger"] - pos))
            victims = [r for r in rows if r["_trigger"] == nearest["_trigger"]]
        _distribute(victims, count)
    if injured:
        for r in rows:
            if r["fatalities"] is None:
                r["fatalities"] = 0


def _clause_end(body: str, pos: int) -> int:
    for i in range(pos, min(len(body), pos + 200)):
        if body[i] in "،,;؛.\n":
            return i
    return min(len(body), pos + 200)


def _distribute(rows, count: int, only_empty: bool = False) -> None:
    """Split a toll over the rows of its places (ACLED's practice), remainder to the first."""
    targets = [r for r in rows if not only_empty or r["fatalities"] in (None, 0)]
    if not targets:
        return
    share, rest = divmod(count, len(targets))
    for i, r in enumerate(targets):
        r["fatalities"] = (r["fatalities"] or 0) + share + (1 if i < rest else 0)


def _notes(row) -> str:
    what = row["sub_event_type"] or row["event_type"]
    if row["weapon"]:
        what += f" ({row['weapon']})"
    who = row["actor1"] or "unidentified actor"
    line = f"{row['event_type']}: {what} by {who}"
    if row["actor2"]:
        line += f" against {row['actor2']}"
    line += f" in {row['location']}"
    if row["admin1"]:
        line += f", {row['admin1']}"
    line += f" on {row['event_date']}" if row["event_date"] else " (date unknown)"
    if row["fatalities"]:
        line += f"; {row['fatalities']} killed"
    if row["source_attribution"]:
        line += f"; according to {row['source_attribution']}"
    return line + "."
