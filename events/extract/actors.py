"""Actors from the team's lexicon (events/lexicons/actors.yaml), period-aware, and the choice
of actor1 / actor2 for an event from their positions around its trigger."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from events.extract.lexicon import Matcher, load
from events.extract.text import fold_plain


GENERIC = "Opposition Rebels (Syria)"


@dataclass(frozen=True)
class Actor:
    name: str
    inter: int
    air: bool = False
    victim: bool = False
    start: dt.date | None = None
    until: dt.date | None = None
    fights: tuple[str, ...] = ()  # the enemies it exists to fight: its target when a sentence names them


@dataclass
class ActorHit:
    start: int
    end: int
    candidates: tuple[Actor, ...]

    def resolve(self, date: dt.date | None) -> Actor | None:
        """The actor this alias names on ``date``; with no date, the earliest period."""
        if date is None:
            return min(self.candidates, key=lambda a: a.start or dt.date.min)
        for actor in self.candidates:
            if (actor.start is None or date >= actor.start) and (actor.until is None or date < actor.until):
                return actor
        return None


@lru_cache(maxsize=1)
def _lexicon():
    by_alias: dict[tuple[str, str], list[Actor]] = {}
    for entry in load("actors")["actors"]:
        actor = Actor(entry["name"], int(entry["inter"]), bool(entry.get("air")), bool(entry.get("victim")),
                      entry.get("from"), entry.get("until"), tuple(entry.get("fights", ())))
        for lang in ("ar", "en"):
            for alias in entry.get(lang, []):
                key = (lang, fold_plain(alias) if lang == "ar" else alias)
                by_alias.setdefault(key, []).append(actor)
    entries = [(lang, alias, tuple(actors)) for (lang, alias), actors in by_alias.items()]
    return Matcher(entries), {a.name: a for actors in by_alias.values() for a in actors}


def by_name(name: str) -> Actor | None:
    return _lexicon()[1].get(name)


def find(text: str, folded) -> list[ActorHit]:
    hits = _lexicon()[0].find(text, folded)
    out: list[ActorHit] = []
    for h in hits:  # keep the longest of overlapping aliases
        if out and h.start < out[-1].end:
            continue
        # 'إرهابيي "جبهة النصرة"', 'مسلحي تنظيم داعش': the generic word gives way to the named group
        if out and all(a.name == GENERIC for a in out[-1].candidates) and h.start - out[-1].end <= 3 \
                and not text[out[-1].end:h.start].strip(' "“”«»\'') and not any(a.victim for a in h.payload):
            out.pop()
        out.append(ActorHit(h.start, h.end, h.payload))
    return out


def canonical(phrase: str, date: dt.date | None = None) -> list[str]:
    """Canonical names of the actors named in a free-text phrase (used to compare with annotations)."""
    text = phrase
    return [name for hit in find(text, None) if (actor := hit.resolve(date)) for name in [actor.name]]


_TARGET_BEFORE = re.compile(r"(?<!\w)(?:على|علي|ضد|لـ?|مع|صفوف|مواقع|تمركزات|مواقعها|تجمعات|أوكار|اوكار|معاقل|استهدفت?|against|on|at|with|targeting|hit|to)\s*[\"“«]?\s*(?:ل|لـ)?$", re.I)
# The actor's men counted ("ثمانية من القوات النظامية", "12 عنصرا من قوات النظام", "العشرات من
# مقاتلي داعش") after a kill, capture or injury word in the clause: they are the side that lost them
# ("قتل الجيش السوري خمسة من مقاتلي داعش"; a count alone is no victim: "شن العشرات من مقاتلي داعش هجوما").
_COUNT_OF = re.compile(r"(?<!\w)(?:\d+|[اإ]ثن[اي]ن|ثلاث|ثلاثة|أربع|أربعة|خمس|خمسة|ست|ستة|سبع|سبعة|ثماني|ثمانية|تسع|تسعة|عشر|عشرة"
                       r"|عشرين|عشرون|مئة|مائة|مئات|عشرات|العشرات)(?:\s+(?:عنصرا|عناصر|مقاتلا|مقاتلين|جنديا|جنود))?"
                       r"\s+من(?:\s+(?:عناصر|مقاتلي|جنود|أفراد|مسلحي))?\s*[\"“«]?$")
_KILLED = re.compile(r"(?<!\w)[وب]?(?:قتل|قتلت|مقتل|أسر|اسر|أسرت|اسرت|مصرع|استشهاد|استشهد|إصابة|اصابة|أصيب|اصيب|جرح)(?!\w)")
_CLAUSE_CUT = re.compile(r"[،,.؛;:!?؟\n]")


def _counted_victim(text: str, sent_start: int, start: int) -> bool:
    """Is the actor starting at ``start`` counted as men lost (see _COUNT_OF)?"""
    before = text[max(sent_start, start - 25):start]
    if "من" not in before or not _COUNT_OF.search(before):
        return False
    clause = _CLAUSE_CUT.split(text[max(sent_start, start - 80):start])[-1]
    return _KILLED.search(clause) is not None


# SANA's word for its enemies: "إرهابيي جبهة النصرة" is always the target
_TARGET_ALIAS = re.compile(r"^(?:ل|ب)?(?:ال)?[إا]رهابي")
_AGENT_BEFORE = re.compile(r"(?:من قبل|قبل|بيد|by|from)\s*[\"“«]?$", re.I)
_BETWEEN = re.compile(r"(?:بين|between)\s", re.I)
_SIDES = re.compile(r"من جهة|on (?:the )?one side")  # "بين X وY من جهة و Z": the sides are marked
_JOIN = re.compile(r"^\s*[\"”»]?\s*(?:و|and|,|،)\s*[\"“«]?\s*(?:ال)?$", re.I)


@dataclass
class Roles:
    actor1: Actor | None = None
    assoc1: list[Actor] | None = None
    actor2: Actor | None = None
    assoc2: list[Actor] | None = None


def assign(text: str, hits: list[ActorHit], trig_start: int, trig_end: int, sent_start: int, sent_end: int,
           date: dt.date | None, fighting: bool = True, air: bool = False) -> Roles:
    """actor1 (the one acting) and actor2 (the one acted on) among the sentence's actor mentions.
    ``air``: an air strike, which an air force named anywhere in the sentence ("طائرات التحالف") carries out."""
    resolved = [(h, a) for h in hits if sent_start <= h.start < sent_end and (a := h.resolve(date)) is not None]
    if not resolved:
        return Roles()
    roles = Roles()
    # "fighting between X and Y" / "اشتباكات بين X و Y"
    between = _BETWEEN.search(text, trig_end, min(sent_end, trig_end + 120)) if fighting else None
    if between:
        after = [(h, a) for h, a in resolved if h.start >= between.end() and not a.victim]
        if after:
            first = after[0]
            roles.actor1 = first[1]
            # "بين X وY": the و separates the two sides, unless the sides are marked ("X وY من جهة و Z")
            sides = _SIDES.search(text, between.end(), sent_end)
            roles.assoc1 = _joined(text, after, 0) if sides else None
            rest = [(h, a) for h, a in after[1 + len(roles.assoc1 or []):] if a.name != roles.actor1.name]
            if rest:
                roles.actor2 = rest[0][1]
            return roles

    def agent_score(h: ActorHit, a: Actor):
        if a.victim:
            return None
        before_text = text[max(sent_start, h.start - 25):h.start]
        if _AGENT_BEFORE.search(before_text) and h.start >= trig_end:
            return -1000  # passive agent: "by government forces", "من قبل قوات الجيش"
        if _TARGET_BEFORE.search(before_text) or _TARGET_ALIAS.match(text[h.start:h.end]) or \
                _counted_victim(text, sent_start, h.start):
            return None
        if h.start >= trig_end:  # Arabic verb-subject order: the subject follows closely; English: an object
            gap = h.start - trig_end
            return gap * 1.5 if gap <= 40 and not text[h.start:h.end].isascii() else None
        return trig_start - h.end if trig_start - h.end <= 160 else None

    scored = [(s, h, a) for h, a in resolved if (s := agent_score(h, a)) is not None and s < 250]
    if scored:
        scored.sort(key=lambda x: x[0])
        _, h1, a1 = scored[0]
        roles.actor1 = a1
        idx = [h for h, _ in resolved].index(h1)
        roles.assoc1 = _joined(text, resolved, idx)
    if roles.actor1 is None and air:
        flying = [(h, a) for h, a in resolved if a.air and not _TARGET_BEFORE.search(text[max(sent_start, h.start - 25):h.start])]
        if flying:
            roles.actor1 = flying[0][1]
    used = {roles.actor1.name} if roles.actor1 else set()
    used |= {a.name for a in roles.assoc1 or []}
    others = [(h, a) for h, a in resolved if a.name not in used]
    if others:
        # the target: the enemy actor1 exists to fight when the sentence names it, else the
        # nearest other actor after the trigger, else the nearest before it
        after = [(h, a) for h, a in others if h.start >= trig_end]
        enemies = [(h, a) for h, a in others if roles.actor1 is not None and a.name in roles.actor1.fights]
        pick = enemies[0] if enemies else after[0] if after else others[-1]
        roles.actor2 = pick[1]
        idx = [h for h, _ in resolved].index(pick[0])
        roles.assoc2 = [a for a in _joined(text, resolved, idx) or [] if a.name not in used] or None
    return roles


def _joined(text: str, resolved, idx: int) -> list[Actor] | None:
    """Actors joined to resolved[idx] by "و" / "and": "الجيش ومجموعات الدفاع الشعبية"."""
    out: list[Actor] = []
    name = resolved[idx][1].name
    for j in range(idx + 1, len(resolved)):
        prev_end = resolved[j - 1][0].end
        h, a = resolved[j]
        gap = text[prev_end:h.start]
        joined = _JOIN.match(gap) or (not gap.strip().strip('"“”«»') and text[h.start:h.start + 1] == "و")
        if h.start - prev_end > 8 or not joined or a.victim:
            break
        if a.name != name and a not in out:
            out.append(a)
    return out or None
