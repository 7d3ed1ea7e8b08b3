"""The extractor's fast paths give the answers of the plain computations they stand in for."""
from __future__ import annotations

import datetime
import random
import re

import pytest

from events.extract import actors, attribution, dates, fatalities, sentences, text as textmod, types

# letters re.IGNORECASE equates with ASCII letters (dotted I, dotless i, long s, Kelvin sign),
# curly apostrophes, hyphens: where a shortcut could part from the regex
_ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "’", "-", " ", "'s"]


def _english_texts(dev):
    texts = [p.read_text(encoding="utf-8") for p in sorted((dev / "articles").glob("*.en.txt"))]
    rng = random.Random(4)
    out = list(texts)
    for _ in range(60):
        chars = list(rng.choice(texts)[:1500])
        for _ in range(60):
            i = rng.randrange(len(chars))
            chars[i] = rng.choice(_ODD + [chars[i].upper(), chars[i].swapcase()])
        out.append("".join(chars))
    return out


def test_english_alias_index_finds_what_the_full_regex_finds(dev):
    matchers = [types._lexicon()[k] for k in ("triggers", "weapons", "air")] + [actors._lexicon()[0], attribution._matcher()]
    # every lexicon has the index (a pattern shape it cannot read sends the whole lexicon back to the slow search)
    assert all(m._en_by_start is not None for m in matchers)
    found = 0
    for text in _english_texts(dev):
        for m in matchers:
            expected = [(x.span(), x.lastgroup) for x in m.en.finditer(text)]
            assert [(x.span(), x.lastgroup) for x in m._en_matches(text)] == expected
            found += len(expected)
    assert found > 100  # the texts do name events, actors and sources


def test_kill_words_shortcut_agrees_with_the_patterns(dev, monkeypatch):
    plain_kill = re.compile(fatalities._KILL_EN.pattern, re.I)
    sentences_ = [s for text in _english_texts(dev) for s in re.split(r"[.\n]", text)]
    found = [fatalities.find(sentence, "en") for sentence in sentences_]
    for sentence, (kills, injured) in zip(sentences_, found):
        assert bool(kills) <= bool(plain_kill.search(sentence))
        assert injured == bool(fatalities._INJ_EN.search(sentence))
    # without the word pre-check (every sentence passes it) the answers are the same
    monkeypatch.setattr(fatalities, "_KILL_EN_LIT", ("",))
    monkeypatch.setattr(fatalities, "_INJ_EN_LIT", ("",))
    assert [fatalities.find(sentence, "en") for sentence in sentences_] == found
    assert sum(bool(kills) for kills, _ in found) > 20
    # a long s matches "s" under IGNORECASE: the shortcut must not hide it
    assert fatalities.find("Five people were \u017flain in Homs.", "en")[0][0].count == 5


def test_language_by_letter_count():
    assert textmod.detect_language("قصف على حماة, 3 killed") == "ar"
    assert textmod.detect_language("Shelling on Hama killed three, says المرصد") == "en"
    assert textmod.detect_language("") == "ar"  # no letters at all: as before (0 >= 0)


def _all_texts(dev):
    """Every dev text, and English ones with odd letters sprinkled in."""
    return [p.read_text(encoding="utf-8") for p in sorted((dev / "articles").glob("*.ar.txt"))] + _english_texts(dev)


def test_context_regex_hints_never_hide_a_match(dev):
    """The border/frame tests before a place skip windows without a hint word: on every 40-character
    window before a word of the dev texts they answer as the full patterns do."""
    from events.extract import places

    texts = _all_texts(dev) + ["Clashes near the \u212aurdish town on the \u0130dlib BORDER with Turkey, \u017fouth of Aleppo."]
    seen = 0
    for guarded in (places._BORDER_BEFORE, places._FRAME_BEFORE):
        for text in texts:
            for m in re.finditer(r"\w+", text):
                window = text[max(0, m.start() - 40):m.start()]
                plain = guarded.pattern.search(window) is not None
                assert guarded.search(window) == plain, window
                seen += plain
    assert seen > 50  # the texts do name borders, roads and countrysides


def test_english_dates_tried_only_where_a_pattern_can_start(dev):
    """_en_matches, on the text lowered by ignorecase_lower(), tries the date patterns only at the
    word starts whose first letters one of them begins with: it finds what the patterns find with
    re.IGNORECASE at every position of the original text."""
    plain = re.compile(dates._EN_LOWER.pattern, re.I)
    found = 0
    for text in _english_texts(dev) + ["On Thursday, 4 June 2015; late on Friday night; the day before yesterday, Sept. 3",
                                       "Killed yeſterday; last nıght; in İdlib on Frıday; 4 Auguſt; \u212aILLED"]:
        expected = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in dates._en_matches(textmod.ignorecase_lower(text))] == expected
        found += len(expected)
    assert found > 30  # the texts do name days and dates


def test_english_dates_with_letters_ignorecase_takes_for_ascii():
    friday = datetime.date(2015, 6, 5)
    assert [h.date.isoformat() for h in dates.find("Killed yeſterday in Homs", "en", friday)] == ["2015-06-04"]
    assert [h.date.isoformat() for h in dates.find("Shelling hit İdlib on Frıday", "en", friday)] == ["2015-06-05"]
    assert [h.date for h in dates.find("Clashes on 4 Auguſt 2015", "en", friday)] == [datetime.date(2015, 8, 4)]


def test_ignorecase_lower_equals_what_ignorecase_matches():
    """A lower-case ASCII letter matches a character under re.IGNORECASE exactly when
    ignorecase_lower() turns that character into the letter, and the length never changes."""
    letters = set("abcdefghijklmnopqrstuvwxyz")
    for code in range(0x110000):
        ch = chr(code)
        low = textmod.ignorecase_lower(ch)
        assert len(low) == 1
        if low in letters or re.fullmatch("[a-z]", ch, re.I):
            assert re.fullmatch(low, ch, re.I), hex(code)


def test_fold_by_replacements_equals_translate():
    """fold() drops and replaces characters in a few passes (skipping the Arabic ones when the text
    has no Arabic letter) instead of one translate(); the result is the same, offsets included."""
    rng = random.Random(7)
    chars = [*textmod._FOLD, *textmod._DROP, *"abcXYZ İı ,.\n", "\u0600", "ء", "ب", "\u06ff", "\u0700"]
    for _ in range(5000):
        text = "".join(rng.choice(chars) for _ in range(rng.randrange(0, 90)))
        folded, index = textmod.fold(text)
        assert textmod._fold_chars(text) == text.translate(textmod._TABLE)
        if "\u0130" not in text:  # (dotted I grows under lower(): fold() keeps it whole, see below)
            assert folded == text.translate(textmod._TABLE).lower()
        assert len(index) == len(folded) + 1 and index[-1] == len(text)


def test_fold_keeps_offsets_with_dotted_capital_i_and_dropped_marks():
    text = "قَصف İdlib"  # one dropped mark (fatha) and a letter lower() makes two characters of
    folded, index = textmod.fold(text)
    assert folded.startswith("قصف ")
    assert len(index) == len(folded) + 1
    for ch in "قصف dlib":  # every folded character points at itself in the text
        assert text[index[folded.index(ch)]] == ch


def _alias_salad(matchers, rng, n):
    """Texts made of the lexicons' own aliases, whole or cut short, with clitics in front, endings
    after and all kinds of separators: where a word-by-word reading could part from the regex."""
    aliases = sorted({a for m in matchers for a in m.ar_payload})
    clitics = ["", "", "و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "فب", "وبال", "ولل", "كال"]
    endings = ["", "", "", "ه", "ات", "ين", "ي", "ا"]
    seps = [" ", " ", " ", "  ", "، ", ".", "-", "\n", "", "«", "/", "1"]
    out = []
    for _ in range(n):
        words = []
        for _ in range(rng.randrange(3, 25)):
            a = rng.choice(aliases)
            if rng.random() < 0.2:
                a = a[:rng.randrange(1, len(a) + 1)]
            words.append(rng.choice(clitics) + a + rng.choice(endings) + rng.choice(seps))
        out.append("".join(words))
    return out


def test_arabic_aliases_found_where_the_defining_regex_finds_them(dev, seed_text):
    """find() reads Arabic word by word; it finds the aliases, clitics and spans that the regex of
    each lexicon (Matcher.ar, its definition) finds: over real texts, with punctuation glued to the
    words, and over texts made of the aliases themselves."""
    matchers = [types._lexicon()[k] for k in ("triggers", "weapons", "air")] + [actors._lexicon()[0], attribution._matcher()]
    texts = [p.read_text(encoding="utf-8") for p in sorted((dev / "articles").glob("*.ar.txt"))] + [seed_text]
    texts += [t.replace(" ", "") [:800] for t in texts[:3]] + [t.replace(" ", ".") for t in texts[:3]]
    texts += _alias_salad(matchers, random.Random(6), 400)
    found = 0
    for text in texts:
        folded = textmod.fold(text)[0]
        for m in matchers:
            expected = [(x.start(), x.end(), x.group("core"), x.group("pre")) for x in m.ar.finditer(folded)]
            hits = [h for h in m.find(text) if h.lang == "ar"]
            index = textmod.fold(text)[1]
            assert [(h.start, h.end, h.prefix) for h in hits] == [(index[s], index[e], pre) for s, e, _, pre in expected]
            assert [h.payload for h in hits] == [m.ar_payload[core] for _, _, core, _ in expected]
            found += len(expected)
    assert found > 5000


def test_arabic_dates_behind_the_quick_reject_lookahead_as_without_it(dev, seed_text):
    """The Arabic date pattern runs behind a lookahead for the characters a match can start with;
    it finds the same dates, with the same groups, as the pattern alone."""
    plain = re.compile(dates._AR_PATTERN)
    assert dates._AR.pattern != dates._AR_PATTERN  # the lookahead is there
    texts = [p.read_text(encoding="utf-8") for p in sorted((dev / "articles").glob("*.ar.txt"))] + [seed_text]
    rng = random.Random(5)
    words = ["امس", "أول أمس", "البارحة", "ليلة", "يوم", "صباح", "مساء", "فجر", "ظهر", "ليل", "الخميس", "الجمعة",
             "الأحد", "اليوم", "الليلة", "هذا الصباح", "الأسبوع الماضي", "الماضي", "4", "12", "2015", "1436",
             "حزيران", "يونيو", "/", "من", "رمضان", "2015-06-04", "و", " ", " ", "x"]
    texts += ["".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(30)) for _ in range(300)]
    found = 0
    for text in texts:
        folded = textmod.fold(text)[0]
        expected = [(m.span(), m.groupdict()) for m in plain.finditer(folded)]
        assert [(m.span(), m.groupdict()) for m in dates._AR.finditer(folded)] == expected
        found += len(expected)
    assert found > 1000
    # a pattern that can match the empty string gets no lookahead
    assert dates._quick_reject("a?") == "a?" and dates._quick_reject(r"\bab|\d") == r"(?=[\da])(?:\bab|\d)"


def test_sentence_ends_as_the_plain_alternation_finds_them(dev):
    """The sentence-end regex, written to start with one character class, matches where the plain
    alternation it stands for does."""
    plain = re.compile(r"[.!?؟]+[\"'”»)]*(?=\s|$|[\u0600-\u06ff])|\n|(?<=\s),(?=\s)")
    for text in _all_texts(dev) + ["Done.. Next!?» End , then ،\nقال.الجيش"]:
        assert [m.span() for m in sentences._END.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_table_through_pandas_internals_equals_the_public_constructor(seed_text):
    """from_rows() assembles the GeoDataFrame through pandas' low-level constructor and fast paths;
    it must equal what the public constructors make of the same rows (guards pandas and geopandas
    upgrades)."""
    import geopandas as gpd
    import pandas as pd
    import shapely
    from geopandas.testing import assert_geodataframe_equal

    from events import schema
    from events.extract import pipeline, table

    rows = pipeline.article_rows(seed_text, "2015-06-05")
    rows.append({**rows[0], "_lon": None, "_lat": None, "location": None, "fatalities": None})  # gaps
    built = table.from_rows(rows)
    columns = {name: pd.array([r.get(name) for r in rows], dtype=dtype) for name, dtype in schema.COLUMNS.items()}
    columns["geometry"] = gpd.GeoSeries([None if r["_lon"] is None else shapely.Point(r["_lon"], r["_lat"]) for r in rows]).values
    public = gpd.GeoDataFrame(columns, geometry="geometry", crs=schema.CRS)
    assert len(built) == len(rows) > 10
    assert_geodataframe_equal(built, public, check_less_precise=False)
    assert built.crs == public.crs and built.geometry.name == "geometry"
    # the second time the points come from the cache of points made
    assert_geodataframe_equal(table.from_rows(rows), public, check_less_precise=False)


def test_points_survive_the_cache_being_renewed(monkeypatch):
    from events.extract import table

    monkeypatch.setattr(table, "_POINTS_KEPT", 2)
    monkeypatch.setattr(table, "_POINTS", {})
    first = table.points([36.1, 36.2, 36.3], [35.1, 35.2, 35.3])       # three kept: more than two
    again = table.points([36.1, 36.2, 37.0, None], [35.1, 35.2, 35.0, 35.0])   # a new cache
    assert [(g.x, g.y) for g in first] == [(36.1, 35.1), (36.2, 35.2), (36.3, 35.3)]
    assert [None if g is None else (g.x, g.y) for g in again] == [(36.1, 35.1), (36.2, 35.2), (37.0, 35.0), None]
    assert again.crs.to_epsg() == 4326


def test_an_arabic_alias_that_starts_with_no_word_character_is_refused():
    # the word-by-word reading starts at words: an alias folded to " قصير" or "-حلب" would never be found
    from events.extract.lexicon import Matcher

    for alias in ("ال قصير", "-حلب", "\u064e"):
        with pytest.raises(ValueError, match="does not start with a word character"):
            Matcher([("ar", alias, 1)])
