"""Dates of events, resolved against the article's publication date (the anchor).

Arabic: اليوم, أمس, أول أمس, weekdays (يوم/ليلة/صباح/مساء ... الماضي), "الخميس 4 يونيو/حزيران [2015]" with
Egyptian/MSA and Levantine month names, Hijri dates with a year, ISO dates. English: today,
yesterday, last night, overnight, (on|last) Thursday, "March 18", "Jan. 21, 2022", ISO dates.
"""
from __future__ import annotations

import datetime as dt
import re
import re._constants as re_const
import re._parser as re_parser
from dataclasses import dataclass

from events.extract.errors import ExtractionError
from events.extract.text import fold_plain, ignorecase_lower

AR_WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}
EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
AR_MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "آذار": 3, "أبريل": 4, "ابريل": 4, "نيسان": 4,
    "مايو": 5, "أيار": 5, "يونيو": 6, "يونيه": 6, "حزيران": 6, "يوليو": 7, "يوليه": 7, "تموز": 7, "أغسطس": 8, "آب": 8,
    "سبتمبر": 9, "أيلول": 9, "أكتوبر": 10, "تشرين الأول": 10, "نوفمبر": 11, "تشرين الثاني": 11, "ديسمبر": 12, "كانون الأول": 12,
}
HIJRI_MONTHS = {"محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الثاني": 4, "ربيع الآخر": 4, "جمادى الأولى": 5, "جمادى الآخرة": 6,
                "جمادى الثانية": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12}
EN_MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6,
             "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10,
             "november": 11, "nov": 11, "december": 12, "dec": 12}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_F_WEEK = {fold_plain(k): v for k, v in AR_WEEKDAYS.items()}
_F_MONTH = {fold_plain(k): v for k, v in AR_MONTHS.items()}
_F_HIJRI = {fold_plain(k): v for k, v in HIJRI_MONTHS.items()}
_AR_MONTH = f"(?:{_alt(_F_MONTH)})"
# The words are whole words: a clitic (و ف ب ل) and the article may come before them ("وأمس",
# "بالأمس"), no letter after them ("الخامس" holds no أمس, "الأحدث" no الأحد, "5 أبناء" no آب).
# (Only the feminine "الماضية" after a weekday may go on: الماضي stays a prefix.)
_AR_WORD_START = (r"(?:(?<!\w)|(?<=(?<!\w)[وفبل])|(?<=(?<!\w)[وف][بل])"
                  r"|(?<=(?<!\w)ال)|(?<=(?<!\w)[وفبل]ال)|(?<=(?<!\w)[وف][بل]ال))")
_AR_PATTERN = (fold_plain(  # fold the Arabic words of the pattern like the text; restore (?P<
    r"(?P<iso>\b(?:19|20)\d\d-\d\d-\d\d\b)"
    rf"|(?P<hday>\d{{1,2}})\s+(?:من\s+)?(?P<hmonth>{_alt(_F_HIJRI)})(?!\w)\s+(?P<hyear>1[34]\d\d)"
    rf"|(?P<day>\d{{1,2}})\s+(?:من\s+)?(?P<month>{_AR_MONTH})(?!\w)(?:\s*/\s*{_AR_MONTH}(?!\w))?(?:\s+(?:عام\s+|سنة\s+)?(?P<year>(?:19|20)\d\d))?"
    rf"|{_AR_WORD_START}(?:"
    r"(?P<before>اول\s+امس|امس\s+الاول)(?!\w)"
    r"|(?P<night>(?:ليلة|ليل|مساء|الليلة)\s+)?(?P<yest>امس|البارحة)(?!\w)"
    rf"|(?P<nightw>ليلة\s+)?(?:(?:يوم|صباح|مساء|فجر|ظهر|ليل)\s+)?(?P<wd>{_alt(_F_WEEK)})(?!\w)(?P<past>\s+(?:الماضي|الفائت|المنصرم))?"
    r"|(?P<today>اليوم|الليلة|هذا\s+الصباح|صباح\s+اليوم|فجر\s+اليوم)(?!\w)"
    r"|(?P<lastweek>الاسبوع\s+الماضي))"
).replace("(?p<", "(?P<"))


def _starts(items) -> tuple[set[str] | None, bool]:
    """The characters a match of the parsed pattern ``items`` can start with (as regex class
    items; None: not worked out) and whether it can match the empty string."""
    chars: set[str] = set()
    for op, av in items:
        if op in (re_const.AT, re_const.ASSERT, re_const.ASSERT_NOT):  # \b, lookarounds: zero width
            continue
        if op is re_const.LITERAL:
            return chars | {re.escape(chr(av))}, False
        if op is re_const.IN:
            for o, a in av:
                if o is re_const.LITERAL:
                    chars.add(re.escape(chr(a)))
                elif o is re_const.CATEGORY and a is re_const.CATEGORY_DIGIT:
                    chars.add(r"\d")
                else:
                    return None, False
            return chars, False
        if op is re_const.SUBPATTERN:
            subs, empty = [av[3]], False
        elif op is re_const.BRANCH:
            subs, empty = av[1], False
        elif op in (re_const.MAX_REPEAT, re_const.MIN_REPEAT):
            subs, empty = [av[2]], av[0] == 0
        else:
            return None, False
        for sub in subs:
            first, can_be_empty = _starts(sub)
            if first is None:
                return None, False
            chars |= first
            empty |= can_be_empty
        if not empty:
            return chars, False
    return chars, True


def _quick_reject(pattern: str) -> str:
    """The pattern behind a lookahead for the characters its matches start with: the regex engine
    then rejects most positions of a text at once instead of trying every branch there (the
    Arabic date pattern: half the cost). Same matches, same groups."""
    first, empty = _starts(re_parser.parse(pattern))
    return pattern if first is None or empty else f"(?=[{''.join(sorted(first))}])(?:{pattern})"


_AR = re.compile(_quick_reject(_AR_PATTERN))
_EN_MONTH = rf"(?:{_alt(EN_MONTHS)})(?:\.|\b)"  # a whole word: "2 decades" holds no "2 dec"
_EN_PATTERN = (
    r"(?P<iso>\b(?:19|20)\d\d-\d\d-\d\d\b)"
    rf"|\b(?P<month>{_EN_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_EN_MONTH})(?:,?\s+(?P<year2>(?:19|20)\d\d))?"
    r"|\b(?P<before>the day before yesterday)\b"
    r"|\b(?P<night>last night|overnight|late on \w+ night)\b"
    r"|\b(?P<yest>yesterday)\b"
    rf"|\b(?P<last>last |since last |on |early |late )?(?P<wd>{_alt(EN_WEEKDAYS)})(?P<wdnight> night| evening)?\b"
    r"|\b(?P<today>today|this morning|tonight|earlier in the day)\b"
    r"|\b(?P<lastweek>last week)\b"
)


# English is matched case-sensitively on the sentence lower-cased by ignorecase_lower():
# re.IGNORECASE makes these patterns twice as slow.
_EN_LOWER = re.compile(_EN_PATTERN)
# Most sentences hold no date: plain substring tests say so several times faster than the
# patterns. Without one of the relative date words a sentence can only match a calendar date,
# which needs a digit and a month name or an ISO date's dash: most sentences with a number (a
# death toll) have neither.
_AR_WORDS = tuple(fold_plain(w) for w in ["امس", "البارحة", "اليوم", "الليلة", "الصباح", "الاسبوع", *AR_WEEKDAYS])
_AR_MONTH_NAMES = (*_F_MONTH, *_F_HIJRI)
_EN_WORDS = ("day", "night", "morning", "last week")  # yesterday, today, weekdays, tonight, overnight...
_EN_MONTH_NAMES = tuple(sorted({m[:3] for m in EN_MONTHS}))
_DIGIT = re.compile(r"\d")


def _may_hold_date(text: str, lang: str) -> bool:
    """False when none of the patterns can match ``text`` (folded Arabic or lower-cased English)."""
    words, months = (_AR_WORDS, _AR_MONTH_NAMES) if lang == "ar" else (_EN_WORDS, _EN_MONTH_NAMES)
    if any(w in text for w in words):
        return True
    return _DIGIT.search(text) is not None and ("-" in text or any(m in text for m in months))


@dataclass(slots=True)
class DateHit:
    start: int  # offsets into the folded (ar) or original (en) sentence
    end: int
    date: dt.date | None
    precision: int
    explicit: bool  # a calendar date (day and month) rather than a relative word


def parse_published(value) -> dt.date | None:
    """The publication date from a date, datetime or 'YYYY-MM-DD' string; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) else _bad(value)
        except ValueError:
            _bad(value)
    _bad(value)


def _bad(value):
    raise ExtractionError(f"published date {value!r} not understood: expected YYYY-MM-DD (e.g. 2015-06-05)")


def _weekday_before(anchor: dt.date, weekday: int, strictly: bool) -> dt.date:
    delta = (anchor.weekday() - weekday) % 7
    if delta == 0 and strictly:
        delta = 7
    return anchor - dt.timedelta(days=delta)


def _calendar(day: int, month: int, year: int | None, anchor: dt.date | None) -> dt.date | None:
    if year is None:
        if anchor is None:
            return None
        year = anchor.year
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate > anchor + dt.timedelta(days=7):  # "28 August" read in January is last year's
            year -= 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Tabular Islamic calendar (civil epoch): within a day of the observed calendar."""
    jd = day + int((29.5 * (month - 1)) + 0.99) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439 - 1
    return dt.date.fromordinal(jd - 1721425 + 1 - 1)


# Every English pattern starts at a word start, with a digit or with one of these three-letter
# beginnings (months, weekdays, the day before..., last/late/overnight, on/early/since, yesterday,
# today/this/tonight, earlier): tried only there, the patterns find what finditer finds, without
# trying every position (most words starting with t, o, s... are no date; a try costs about 2 µs).
_EN_PREFIXES = frozenset(w[:3] for w in [*EN_MONTHS, *EN_WEEKDAYS, "the day before", "last", "overnight", "late",
                                         "yesterday", "since last", "on ", "early", "earlier", "today", "this morning",
                                         "tonight"])
_EN_START = re.compile(r"\b[\d" + "".join(sorted({p[0] for p in _EN_PREFIXES})) + "]")


def _en_matches(lowered: str):
    """``_EN_LOWER.finditer(lowered)``, tried at the positions a match can start."""
    end = 0
    for start in _EN_START.finditer(lowered):
        s = start.start()
        if s >= end and (lowered[s:s + 3] in _EN_PREFIXES or lowered[s].isdecimal()):
            m = _EN_LOWER.match(lowered, s)
            if m is not None:
                end = m.end()
                yield m


def find(text: str, lang: str, anchor: dt.date | None) -> list[DateHit]:
    """Date expressions of one sentence (Arabic: pass the folded sentence), resolved against anchor."""
    hits: list[DateHit] = []
    if lang != "ar":
        text = ignorecase_lower(text)  # same offsets
    if not _may_hold_date(text, lang):
        return hits
    for m in (_AR.finditer(text) if lang == "ar" else _en_matches(text)):
        g = m.groupdict()
        date, precision, explicit = None, 1, False
        if g.get("iso"):
            try:
                date, explicit = dt.date.fromisoformat(g["iso"]), True
            except ValueError:
                continue
        elif lang == "ar" and g.get("hday"):
            date, explicit = hijri_to_gregorian(int(g["hyear"]), _F_HIJRI[g["hmonth"]], int(g["hday"])), True
        elif g.get("day") or g.get("day2"):
            day = int(g.get("day") or g.get("day2"))
            if lang == "ar":
                month = _F_MONTH[g["month"]]
                year = g.get("year")
            else:
                month = EN_MONTHS[(g.get("month") or g.get("month2")).lower().rstrip(".")]
                year = g.get("year") or g.get("year2")
            date, explicit = _calendar(day, month, int(year) if year else None, anchor), True
        elif anchor is None:
            continue
        elif g.get("before"):
            date = anchor - dt.timedelta(days=2)
        elif g.get("yest"):
            date = anchor - dt.timedelta(days=1)
        elif lang == "en" and g.get("night"):
            date = anchor - dt.timedelta(days=1)
        elif g.get("wd"):
            weekday = (_F_WEEK if lang == "ar" else EN_WEEKDAYS)[g["wd"].lower()]
            last = (g.get("last") or "").strip().lower()
            strictly = bool(g.get("past")) or last in {"last", "since last"}
            date = _weekday_before(anchor, weekday, strictly)
            if lang == "ar" and g.get("nightw"):  # ليلة الجمعة: the evening before Friday
                date -= dt.timedelta(days=1)
        elif g.get("today"):
            date = anchor
        elif g.get("lastweek"):
            date, precision = anchor - dt.timedelta(days=7), 2
        if date is None:
            continue
        hits.append(DateHit(m.start(), m.end(), date, precision, explicit))
    return hits


def first_full_date(text: str, folded: str) -> dt.date | None:
    """The first calendar date with a year in the text: the anchor of articles without a publication date."""
    for lang, source in (("ar", folded), ("en", text)):
        for hit in find(source, lang, None):
            if hit.explicit and hit.date is not None:
                return hit.date
    return None
