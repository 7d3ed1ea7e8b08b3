"""Folding of Arabic and Latin place names into lookup keys.

Two keys per name and script:
- ``key``: spelling variants folded (hamza forms, ta marbuta, article, diacritics...),
  so that an exact key match means "the same name written another way";
- ``skeleton``: the consonants only, a coarse key used to find fuzzy candidates
  (ناحتة / نحتة, Kamishli / Qamishli) which are then ranked with rapidfuzz.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- Arabic ---------------------------------------------------------------

_AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, superscript alef, tatweel
_AR_MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ء": None,
    "ک": "ك", "ی": "ي", "ڤ": "ف", "گ": "ك", "چ": "ج", "پ": "ب",
})
ARABIC_RE = re.compile("[\u0600-\u06ff]")
# One "word" of text: a run of Arabic letters (with their marks) or of Latin letters/digits.
TOKEN_RE = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06d5-\u06ff\u0610-\u061a\u064b-\u065f\u0670\u0640]+|[^\W_]+(?:['’‘ʿʾ`][^\W_]+)*", re.UNICODE)


def has_arabic(text: str) -> bool:
    return bool(ARABIC_RE.search(text))


def fold_ar(word: str) -> str:
    """Letter-level folding of one Arabic word or phrase (no particle stripping)."""
    return _AR_DIACRITICS.sub("", word).translate(_AR_MAP)


def strip_article_ar(folded: str) -> str:
    """Drop the article ال from a folded word when a real stem (>= 2 letters) remains."""
    if folded.startswith("ال") and len(folded) >= 4:
        return folded[2:]
    return folded


_GLUED_HEADS = ("كفر", "دير")   # written glued to the next word in news: كفرنبودة, ديرالزور


def _split_glued(w: str) -> str:
    for head in _GLUED_HEADS:
        if w.startswith(head) and len(w) >= len(head) + 3:
            return head + " " + strip_article_ar(w[len(head):])
    return w


def word_key_ar(folded: str) -> str:
    """Key of one folded Arabic word (article removed, glued head split)."""
    return _split_glued(strip_article_ar(folded))


def key_ar(name: str) -> str:
    """Exact-match key of an Arabic name: folded letters, article removed from every word,
    كفر / دير split from a glued name."""
    return " ".join(_split_glued(strip_article_ar(w)) for w in fold_ar(name).split())


# long vowels and spaces dropped; interdentals merged as Levantine speech and spelling do (جباثا / جباتا)
_AR_VOWELS = str.maketrans({"ا": None, "و": None, "ي": None, " ": None, "ث": "ت", "ذ": "د", "ظ": "ض"})


def skeleton_ar(key: str) -> str:
    """Consonant skeleton of an Arabic key: long vowels, final ه (ta marbuta) and spaces removed."""
    words = [w[:-1] if w.endswith("ه") and len(w) > 2 else w for w in key.split()]
    return "".join(words).translate(_AR_VOWELS)


# --- Latin ----------------------------------------------------------------

_APOSTROPHES = re.compile(r"[ʿʾ‘’'`´ʻʼ′\u02bf\u02be]")
_ARTICLES = {"al", "el", "ul", "ar", "as", "ash", "ad", "adh", "az", "at", "ath", "an", "ad",
             "ed", "es", "esh", "ez", "er", "et", "en", "ech", "ach", "l"}
_WORD_MAP = {
    "tal": "tal", "tell": "tal", "tall": "tal", "tel": "tal", "til": "tal",
    "ain": "ain", "ayn": "ain", "ein": "ain", "aen": "ain", "ayin": "ain",
    "deir": "deir", "dayr": "deir", "dair": "deir", "der": "deir", "dir": "deir",
    "kafr": "kafr", "kafar": "kafr", "kfar": "kafr", "kefr": "kafr", "kafer": "kafr", "kfr": "kafr",
    "jabal": "jabal", "jebel": "jabal", "jabel": "jabal", "djebel": "jabal", "jbel": "jabal",
    "ras": "ras", "rass": "ras",
    "abu": "abu", "abou": "abu", "abo": "abu",
    "umm": "umm", "um": "umm", "om": "umm",
    "khirbat": "khirbet", "khirbet": "khirbet", "khirbit": "khirbet", "kherbet": "khirbet",
    "beit": "beit", "bayt": "beit", "bait": "beit", "bet": "beit",
    "sheikh": "sheikh", "shaykh": "sheikh", "shaikh": "sheikh", "cheikh": "sheikh", "sheik": "sheikh",
}


_DOUBLE = re.compile(r"(.)\1+")
_DIPHTHONG = re.compile(r"([ae])y(?=[^aeiou]|$)")
_ENDING = re.compile(r"(ah|eh|a|e|é)$")
_IYA = re.compile(r"(iya|iyya|ia)$")


@lru_cache(maxsize=200_000)
def _fold_latin_word(w: str) -> str:
    w = _WORD_MAP.get(w, w)
    w = w.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    # a sub() with a group reference in its replacement costs a call into Python's re module even
    # when nothing matches: searched first (most words have no double letter, no ay/ey)
    if _DOUBLE.search(w):
        w = _DOUBLE.sub(r"\1", w)             # doubled consonants/vowels
    if "y" in w and _DIPHTHONG.search(w):
        w = _DIPHTHONG.sub(r"\1i", w)         # diphthongs: Qusayr/Qusair, Zeyd/Zeid
        w = _DOUBLE.sub(r"\1", w)
    if len(w) > 3:
        w = _ENDING.sub("a", w)               # -ah / -a / -eh endings
        w = _IYA.sub("iya", w)
    return w


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold_latin(name: str) -> list[str]:
    """Folded Latin words of a name, articles dropped (al-/el-/ash-/ez-...)."""
    if name.isascii():
        # ASCII has no decompositions nor combining marks, and none of the letters replaced below:
        # the same result without the per-character Unicode work (most words of English text)
        s = _APOSTROPHES.sub("", name).lower() if "'" in name or "`" in name else name.lower()
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(c for c in s if not unicodedata.combining(c))
        s = _APOSTROPHES.sub("", s).lower()
        s = s.replace("ı", "i").replace("ş", "s").replace("ç", "c").replace("ğ", "g")
    words = _NOT_ALNUM.split(s)
    out = []
    for w in words:
        if not w or w in _ARTICLES:
            continue
        out.append(_fold_latin_word(w))
    return out


def key_latin(name: str) -> str:
    return " ".join(fold_latin(name))


_LATIN_SKEL = str.maketrans({"q": "k", "c": "k", "a": None, "e": None, "i": None, "o": None,
                             "u": None, "y": None, "w": None, "h": None, " ": None, "'": None})


def skeleton_latin(key: str) -> str:
    s = key.translate(_LATIN_SKEL)
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=200_000)
def key(name: str) -> str:
    return key_ar(name) if has_arabic(name) else key_latin(name)


def skeleton(k: str) -> str:
    return skeleton_ar(k) if has_arabic(k) else skeleton_latin(k)
