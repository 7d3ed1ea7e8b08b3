"""Death counts stated in a sentence: the most conservative number of each kill phrase.

"40 إرهابيا على الأقل" -> 40, "مواطنتين" -> 2, "عشرات" / "dozens" -> 10 (ACLED's rule),
"عدد من" / "several" -> unknown. Only injuries or material damage -> 0 (as the team's annotations).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from events.extract.text import fold_plain, ignorecase_lower

AR_NUMBERS = {
    "واحد": 1, "واحدة": 1, "اثنين": 2, "اثنان": 2, "اثنتين": 2, "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5,
    "ستة": 6, "ست": 6, "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
    "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "أربعين": 40, "أربعون": 40, "خمسين": 50, "خمسون": 50,
    "ستين": 60, "سبعين": 70, "ثمانين": 80, "تسعين": 90, "مئة": 100, "مائة": 100, "عشرات": 10, "العشرات": 10, "مئات": 100,
}
EN_NUMBERS = {
    "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozens": 10, "dozen": 12, "scores": 20, "hundreds": 100,
}
_F_AR = {fold_plain(k): v for k, v in AR_NUMBERS.items()}
# Dual nouns of people: "مواطنتين", "عنصرين", "شخصين" (not "مدنيين", which is also a plural).
_AR_DUAL = re.compile(r"^(?:\w+تين|شخصين|عنصرين|عنصريين|طفلين|جنديين|رجلين|قتيلين|شابين|مقاتلين اثنين)$")
# One person named in the singular right by the kill word: "قتل شخص", "a man was killed".
_ONE_AR = {fold_plain(w) for w in ["شخص", "شخصا", "رجل", "رجلا", "امرأة", "سيدة", "طفل", "طفلا", "طفلة", "عنصر", "عنصرا", "جندي", "جنديا",
                                   "مدني", "مدنيا", "مواطن", "مواطنا", "مواطنة", "شاب", "شابا", "مقاتل", "مقاتلا"]}
_ONE_EN = {"man", "woman", "child", "boy", "girl", "soldier", "civilian", "person", "fighter", "one"}
_UNKNOWN_AR = {fold_plain(w) for w in ["عدد", "العديد", "أعداد", "عددا", "عدداً", "بعض"]}
_UNKNOWN_EN = {"several", "some", "many", "number", "scores of"}

_KILL_AR_WORDS = "مقتل|قتل|قتلوا|قتلت|قتلى|قتيل|قتيلا|قتيلًا|استشهد|استشهاد|شهداء|شهيد|شهيدا|ضحيته|ضحاياه|مصرع|لقي|لقوا|وفاة|قضوا|سقط|سقوط|مقتلهم|مقتلها"
_INJ_AR_WORDS = "إصابة|اصابة|إصابات|جرح|جرحى|جريحا|جريح|أصيب|اصيب|أضرار|اضرار|أضراراً|إلحاق أضرار|حريق|تلف|بجروح|خسائر مادية"
_KILL_EN_WORDS = "killed|killing|kill|kills|dead|died|death toll|slain|executed|lost their lives|deaths"
_INJ_EN_WORDS = "injured|wounded|injuries|damage|damaged|burns|casualties"
_KILL_AR = re.compile(fold_plain(r"(?<!\w)(و|ف|ب|ل)?(?:" + _KILL_AR_WORDS + r")(?!\w)"))
_INJ_AR = re.compile(fold_plain(r"(?<!\w)(?:و|ف|ب|ل)?(?:" + _INJ_AR_WORDS + ")"))
_KILL_EN = re.compile(r"\b(?:" + _KILL_EN_WORDS + r")\b", re.I)
_INJ_EN = re.compile(r"\b(?:" + _INJ_EN_WORDS + r")\b", re.I)
# The words themselves (folded / lower-cased like the text they are looked for in): a sentence
# holding none of them cannot match, and plain substring tests say so much faster than the regexes.
_KILL_AR_LIT = tuple(fold_plain(_KILL_AR_WORDS).split("|"))
_INJ_AR_LIT = tuple(fold_plain(_INJ_AR_WORDS).split("|"))
_KILL_EN_LIT = tuple(_KILL_EN_WORDS.split("|"))
_INJ_EN_LIT = tuple(_INJ_EN_WORDS.split("|"))
_HEDGES = {"ما", "لا", "يقل", "عن", "نحو", "حوالي", "قرابه", "اكثر", "من", "at", "least", "more", "than", "over", "some",
           "about", "nearly", "almost", "the", "toll", "to", "put"}
_TOKEN = re.compile(r"\d[\d,]*|\w+")


@dataclass
class Kill:
    start: int  # offset in the sentence (folded for Arabic)
    count: int | None


def _number(tokens: list[str], lang: str) -> tuple[int | None, bool]:
    """(number, found) from the first tokens after/before a kill word."""
    for tok in tokens:
        if tok[0].isdigit():
            value = int(tok.replace(",", ""))
            return (value if value < 1000 else None), True
        low = tok.lower()
        if lang == "ar":
            bare = low[1:] if low[:1] in ("و", "ب") and low[1:] in _F_AR else low
            if bare in _F_AR:
                return _F_AR[bare], True
            if bare in _UNKNOWN_AR:
                return None, True
            if _AR_DUAL.match(bare):
                return 2, True
            if bare in _ONE_AR:
                return 1, True
        else:
            if low in EN_NUMBERS and low != "a":
                return EN_NUMBERS[low], True
            if low in _ONE_EN:
                return 1, True
            if low in _UNKNOWN_EN:
                return None, True
    return None, False


def find(sentence: str, lang: str) -> tuple[list[Kill], bool]:
    """Kill phrases of a sentence (Arabic: the folded sentence) and whether it reports injuries or damage."""
    kills: list[Kill] = []
    kill_re, inj_re = (_KILL_AR, _INJ_AR) if lang == "ar" else (_KILL_EN, _INJ_EN)
    kill_lit, inj_lit = (_KILL_AR_LIT, _INJ_AR_LIT) if lang == "ar" else (_KILL_EN_LIT, _INJ_EN_LIT)
    plain = sentence if lang == "ar" else ignorecase_lower(sentence)
    injured = any(w in plain for w in inj_lit) and inj_re.search(sentence) is not None
    if not any(w in plain for w in kill_lit):
        return kills, injured
    taken: set[int] = set()
    for m in kill_re.finditer(sentence):
        # a number just before the kill word ("11 قتيلا", "57 civilians dead"), else just after it
        before = re.split(r"[.،,؛;:]|\b(?:and|wounded|injured)\b|\sو", sentence[max(0, m.start() - 50):m.start()])[-1]
        btokens = _TOKEN.findall(before)[-(4 if lang == "ar" else 7):]
        if lang == "ar" and m.group(1) in ("و", "ف"):   # group 1: the clitic
            btokens = []   # "أصيب 20 شخصا وقتل طفل": و starts a clause of its own, its count follows it
        value, found = None, False
        for k in range(len(btokens) - 1, -1, -1):
            value, found = _number([btokens[k]], lang)
            if found:
                if value == 1 and k > 0:   # "20 شخصاً فقط تأكد مقتلهم": the noun is counted by the number before it
                    counted, is_number = _number([btokens[k - 1]], lang)
                    if is_number and counted is not None and counted > 1:
                        value = counted
                break
        if not found:
            after = sentence[m.end():m.end() + 60]
            after = re.split(r"[.،,؛;:]|\s(?:و|ف)|\b(?:and|wounded|injured)\b", after)[0]
            tokens = _TOKEN.findall(after)[:6]
            # "ما لا يقل عن", "at least", "more than", "نحو" keep the number that follows them
            tokens = [t for t in tokens if t.lower() not in _HEDGES]
            value, found = _number(tokens[:2], lang)
        if found:
            key = value if value is not None else -m.start()
            if key in taken:  # "45 مدنيا قتلوا ... استشهد 45 مدنيا": one count said twice
                continue
            taken.add(key)
            kills.append(Kill(m.start(), value))
    return kills, injured
