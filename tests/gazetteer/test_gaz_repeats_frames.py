"""Faults reported by the extractor's author: repeated names, English frames, ordinary words.
Sentences written by the team."""
from __future__ import annotations


def _all(gaz, text, lang="auto"):
    return [(text[m.start:m.end], m) for m in gaz.geoparse(text, lang)]


def test_every_occurrence_of_a_cued_unknown_name_is_a_mention(gaz):
    text = "قصفت القوات بلدة حوش حماد في ريف السويداء. وقال مصدر إن حوش حماد تعرضت لغارات، وإن أهالي حوش حماد نزحوا."
    ms = [m for s, m in _all(gaz, text) if s == "حوش حماد"]
    starts = [i for i in range(len(text)) if text.startswith("حوش حماد", i)]
    assert [m.start for m in ms] == starts and len(ms) == 3
    assert all(m.admin1_pcode == "SY13" for m in ms)


def test_every_occurrence_of_a_neighbourhood_is_a_mention(gaz):
    text = "Shelling hit the Waer district of Homs. Residents of Waer said Waer was besieged."
    ms = [m for s, m in _all(gaz, text) if s == "Waer"]
    assert [m.start for m in ms] == [17, 53, 63]
    assert {m.admin1_pcode for m in ms} == {"SY04"} and {m.name for m in ms} == {ms[0].name}


def test_repeated_plain_names_keep_their_own_offsets(gaz):
    text = "قصفت الطائرات مدينة إدلب. وقال ناشطون إن إدلب تعرضت لقصف، وإن سكان وإدلب نزحوا."
    ms = [m for s, m in _all(gaz, text) if s == "إدلب"]
    assert len(ms) == 3 and len({m.start for m in ms}) == 3
    assert all(text[m.start:m.end] == "إدلب" for m in ms)


def test_an_ordinary_word_after_a_cue_is_not_repeated_as_a_place(gaz):
    # "الدولة" is a village name but mostly an ordinary word: only the cued occurrence is a place
    text = "قصف الطيران قرية الدولة. وقالت الدولة إنها سترد."
    ms = [m for s, m in _all(gaz, text) if s == "الدولة"]
    assert len(ms) <= 1


def test_english_hama_front_absent_hill_falls_back_to_hama_area(gaz):
    for text in ("The army took Tal Ghazal and Tal Awar hills in the northwestern Hama countryside on Friday.",
                 "The army took Tal Ghazal and Tal Awar hills in Hama's northwestern countryside on Friday.",
                 "The army pressed on in northwestern Hama, taking Tal Ghazal and Tal Awar hills on Friday.",
                 "Fighting on the Hama front. The army said it took Tal Ghazal and Tal Awar hills overnight."):
        ms = dict(_all(gaz, text))
        ghazal, awar = ms["Tal Ghazal"], ms["Tal Awar"]
        assert ghazal.geonameid not in (163584, 383648), text
        assert ghazal.admin1_pcode in ("SY05", "SY07") and ghazal.precision in (2, 3), text
        assert awar.geonameid == 163630, text
        assert ghazal.feature_code == awar.feature_code == "HLL", text     # "X and Y hills": both are hills


def test_lookup_with_a_governorate_hint_still_finds_the_aleppo_tal_ghazal(gaz):
    assert gaz.lookup("Tal Ghazal", governorate="Aleppo")[0].geonameid == 163584


def test_possessive_is_not_part_of_the_name(gaz):
    ms = _all(gaz, "Fighting raged in Hama's countryside and in Syria's Deir ez-Zor.")
    surfaces = {s: m for s, m in ms}
    assert "Hama" in surfaces and surfaces["Hama"].admin1_pcode == "SY05"
    assert surfaces["Deir ez-Zor"].admin1_pcode == "SY09"


def test_acronym_is_not_a_village(gaz):
    ms = _all(gaz, "A military source told SANA that the army advanced near Kinsabba.")
    assert [s for s, _ in ms] == ["Kinsabba"]


def test_almutill_is_an_ordinary_word(gaz):
    assert gaz.geoparse("سيطرت الفصائل على المطل المشرف على البلدة.") == []
    assert gaz.geoparse("تقدمت القوات نحو الموقع المطل على الطريق الدولي.") == []


def test_english_cue_village_of_gives_an_unknown_name_its_area(gaz):
    ms = dict(_all(gaz, "Warplanes struck the village of Hosh Hammad in the Suwayda countryside."))
    m = ms["Hosh Hammad"]
    assert m.geonameid is None and m.admin1_pcode == "SY13" and m.precision == 3


def test_english_feature_word_after_the_name(gaz):
    ms = dict(_all(gaz, "The army took Tal Awar hill in the northwestern Hama countryside."))
    assert ms["Tal Awar"].feature_code == "HLL"
