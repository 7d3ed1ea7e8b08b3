"""Event words in the text -> triggers carrying an ACLED type, sub-type and weapon.

A trigger preceded by a negation, a denial, an intent or a future marker ("لم", "نفت", "بهدف",
"يستعدون", "will", "to retake") is kept but flagged, so it neither makes an event nor bounds the
places of its neighbours. A masdar with the purpose clitic ل ("لاقتحام", "للسيطرة") is an intent,
unless the clause says the place was exposed to it ("تعرض ... للقصف").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from events.extract.lexicon import Hit, Matcher, entries, load
from events.extract.text import fold_plain

_WORD = re.compile(r"[\w'’-]+")
_CLAUSE_CUT = re.compile(r"[،,;؛:.!?؟\"“”«»()\n]")
# everything up to the last clause cut (greedy: found from the end)
_UP_TO_LAST_CUT = re.compile(r"[\s\S]*[،,;؛:.!?؟\"“”«»()\n]")
_ANOTHER_AR = {fold_plain(w) for w in ["آخر", "أخرى", "ثان", "ثاني", "ثانية", "جديد", "جديدة"]}
_ANOTHER_EN = re.compile(r"\b(?:another|a second|a new|a further)\s+$", re.I)


@dataclass
class Trigger:
    start: int
    end: int
    id: str
    event_type: str
    sub_event_type: str
    weapon: str | None
    rank: int
    weak: bool = False
    territory: bool = False
    loss: bool = False
    negated: bool = False
    casualty: bool = False
    similar: bool = False
    meta: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def _lexicon():
    data = load("event_words")
    casualty = {"id": "casualty", "event_type": "Battles", "sub_event_type": "Armed clash", "rank": 0, "casualty": True}
    return {
        "triggers": Matcher([e for entry in data["triggers"] for e in entries(entry, entry)] + entries(data["casualties"], casualty)),
        "weapons": Matcher([e for name, spec in data["weapons"].items() for e in entries(spec, name)]),
        # air words and raids in one matcher: "air strikes" is a raid, not the air word "air"
        "air": Matcher(entries(data["air_words"], "air") + entries(data["air_raids"], "raid")),
        "neg_ar": {fold_plain(w) for w in data["negation"]["ar"]},
        "neg_en": _word_test("|".join(f"(?:{w})" for w in data["negation"]["en"])),
        "bg_ar": {fold_plain(w) for w in data["background"]["ar"]},
        "bg_en": _word_test("|".join(f"(?:{w})" for w in data["background"]["en"])),
        "bg2_ar": {fold_plain(w) for w in data["background2"]["ar"]},
        "bg2_en": _word_test("|".join(f"(?:{w})" for w in data["background2"]["en"])),
        "exposure": {fold_plain(w) for w in data["passive_exposure"]["ar"]},
        "loss_ar": {fold_plain(w) for w in data["loss_verbs"]["ar"]},
        "qad_verbs": {fold_plain(w) for w in data["loss_verbs"]["after_qad"]},
        "similar_ar": {fold_plain(w) for w in data["similar"]["ar"]},
        "generic": {e["id"] for e in data["triggers"] if e.get("generic")},
        "similar_en": _word_test("|".join(data["similar"]["en"])),
    }


def _word_test(pattern: str):
    """Does a whole word match ``pattern`` (case-insensitive)? Answered once per distinct word:
    the same few hundred words come back around every trigger."""
    rx = re.compile(pattern, re.I)
    return lru_cache(maxsize=4096)(lambda word: rx.fullmatch(word) is not None)


def _clause_words_before(text: str, pos: int, limit: int = 80, folded=None) -> list[str]:
    """Words of the clause before ``pos`` (within ``limit`` characters), folded. ``folded``: the
    article's fold(text), sliced instead of folding the window again (see find)."""
    if folded is None:
        window = fold_plain(text[max(0, pos - limit):pos])  # diacritics would split words
    else:
        index = folded[1]
        window = folded[0][bisect.bisect_left(index, max(0, pos - limit)):bisect.bisect_left(index, pos)]
    cut = _UP_TO_LAST_CUT.match(window)
    if cut is not None:
        window = window[cut.end():]
    return _WORD.findall(window)


def _strip_pronoun(w: str) -> str:
    """The word without a final pronoun (ها, هم, ه): "محاولاتها" -> "محاولات"."""
    if w.endswith(("ها", "هم")):
        return w[:-2]
    return w[:-1] if w.endswith("ه") else w


def _without_wa_fa(words: list[str]) -> list[str]:
    """The folded words without a leading و or ف ("وقصفت" -> "قصفت")."""
    return [w[1:] if w.startswith(("و", "ف")) and len(w) > 2 else w for w in words]


def _is_negated(hit: Hit, lex, words: list[str]) -> bool:
    """``words``: the clause before the trigger (_clause_words_before)."""
    if hit.lang == "ar":
        folded = words  # _clause_words_before folds already
        stripped = _without_wa_fa(folded)
        bare = [_strip_pronoun(w) if len(w) > 5 else w for w in stripped]  # "محاولاتها" -> "محاولات"
        bare += [w[:-1] + "ه" for w in bare if w.endswith("ت")]  # "محاولتها" -> "محاوله"
        # set tests (isdisjoint) rather than any() over generators: same answers, no Python loop
        if not lex["neg_ar"].isdisjoint(folded[-3:] + stripped[-3:] + bare[-6:]):
            return True
        if not lex["bg2_ar"].isdisjoint(stripped[-2:]):
            return True
        if stripped[-1:] and (stripped[-1] in lex["bg_ar"] or folded[-1] in lex["bg_ar"]):
            return True
        if not lex["exposure"].isdisjoint(folded) or not lex["exposure"].isdisjoint([w[1:] for w in folded]):
            return False  # "تعرض مناطق ... للقصف": was shelled
        # the purpose clitic ل on a verbal noun: "لاقتحام", "للسيطرة"
        return "ل" in hit.prefix.lstrip("وف")[:1] and not hit.payload.get("casualty")
    lowered = [w.lower() for w in words]
    if any(map(lex["neg_en"], lowered[-3:])) or any(map(lex["bg2_en"], lowered[-2:])):
        return True
    return bool(lowered[-1:] and lex["bg_en"](lowered[-1]))


def _lost_before(words: list[str], trigger: str, lex) -> bool:
    """A verb of losing among the words before a taking of control (``trigger``, folded): "خسرت
    قوات النظام السيطرة على". "فقد" is also ف + قد ("so ... indeed"): not "lost" before a verb
    ("فقد سيطرت القوات", "فقد تمكن الجيش من السيطرة")."""
    if not lex["loss_ar"].isdisjoint(words + _without_wa_fa(words)):
        return True
    for i, w in enumerate(words):
        if w in ("فقد", "وفقد"):
            if i + 1 == len(words):   # right before the trigger: "فقد السيطرة", "فقد سيطرته" (nouns), not "فقد سيطرت"
                return trigger.startswith("ال") or trigger.endswith(("ه", "ها", "هم"))
            return words[i + 1] not in lex["qad_verbs"]
    return False


def find(text: str, folded) -> list[Trigger]:
    """Every trigger of the text, in text order, with negation and weapon resolved."""
    lex = _lexicon()
    # The clause before a trigger is read from the article's folded copy. It equals folding the
    # window itself unless lower() depends on context or grows a letter: final sigma, dotted I.
    window_fold = folded if "\u03a3" not in text and "\u0130" not in text else None
    weapons = lex["weapons"].find(text, folded)
    air: list[Hit] = []
    raids: list[Hit] = []
    for h in lex["air"].find(text, folded):
        (raids if h.payload == "raid" else air).append(h)
    out: list[Trigger] = []
    for hit in lex["triggers"].find(text, folded):
        entry = hit.payload
        trig = Trigger(
            start=hit.start, end=hit.end, id=entry["id"], event_type=entry["event_type"],
            sub_event_type=entry["sub_event_type"], weapon=entry.get("weapon"), rank=entry.get("rank", 0),
            weak=bool(entry.get("weak")), territory=bool(entry.get("territory")), loss=bool(entry.get("loss")), casualty=bool(entry.get("casualty")),
        )
        words = _clause_words_before(text, hit.start, folded=window_fold)
        trig.negated = _is_negated(hit, lex, words)
        if trig.territory and not trig.loss and hit.lang == "ar":
            trig.loss = _lost_before(words[-5:], fold_plain(text[hit.start:hit.end]).lstrip("وف"), lex)
        after_words = _WORD.findall(text, hit.end, hit.end + 20)[:2]
        if any(_fold_word(w) in lex["similar_ar"] for w in after_words) or any(map(lex["similar_en"], after_words)):
            trig.similar = True
        # "انفجار آخر", "another explosion", "a second blast": an event of its own, never a summary
        if any(_fold_word(w) in _ANOTHER_AR for w in after_words[:1]) or _ANOTHER_EN.search(text, max(0, hit.start - 12), hit.start):
            trig.meta["distinct"] = True
        if entry.get("air_context") and (_near(air, hit, text) or _raid_beside(raids, hit, text)):
            trig.sub_event_type = "Air/drone strike"
        if trig.weapon is None and not trig.casualty:
            trig.weapon = _weapon_near(weapons, hit, text)
        out.append(trig)
    _resolve_similar(out, lex["generic"])
    return out


_fold_word = lru_cache(maxsize=8192)(fold_plain)  # words recur across articles


def _same_clause(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return not _CLAUSE_CUT.search(text, lo, hi)


def _near(hits: list[Hit], hit: Hit, text: str, before: int = 25, after: int = 45) -> bool:
    for h in hits:
        if hit.start - before <= h.start and h.end <= hit.end + after and _same_clause(text, h.start, hit.start):
            return True
    return False


_AND = re.compile(r"(?<!\w)و\s|\band\b", re.I)   # a standalone "و" or "and"


def _raid_beside(raids: list[Hit], hit: Hit, text: str, before: int = 25) -> bool:
    """A raid right after the trigger ("استهدفت بغارتين") or before it in its clause with no "and"
    between ("غارة استهدفت", "an airstrike with two missiles"). "غارة على بلدة كفرنبل وقصفت" and
    "قصفت ... بالمدفعية وشنت غارات" are two strikes."""
    for h in raids:
        if 0 <= h.start - hit.end <= 1:
            return True
        if 0 <= hit.start - h.end <= before and _same_clause(text, h.start, hit.start) \
                and not hit.prefix.startswith("و") and not _AND.search(text, h.end, hit.start):
            return True
    return False


def _weapon_near(weapons: list[Hit], hit: Hit, text: str) -> str | None:
    best, best_d = None, 10**9
    for w in weapons:
        d = w.start - hit.end if w.start >= hit.end else hit.start - w.end
        if -1 <= d <= 60 and d < best_d and _same_clause(text, w.start, hit.start):
            best, best_d = w.payload, d
    return best


def _resolve_similar(triggers: list[Trigger], generic: set[str]) -> None:
    """"قصف مماثل" (a similar bombardment) takes the type of the previous real trigger. Only a word
    whose type depends on its context (a bombardment, an attack) does: "انفجار مماثل" stays an explosion.
    ``generic``: the ids of those words."""
    previous = None
    for trig in triggers:
        if trig.similar and previous is not None and (trig.weak or trig.id in generic):
            trig.event_type, trig.sub_event_type, trig.weapon = previous.event_type, previous.sub_event_type, previous.weapon
            trig.rank = previous.rank
        if not trig.negated and not trig.casualty and not trig.weak:
            previous = trig
