"""Dates, fatalities, sentences, negation and actor periods, without the gazetteer."""
from __future__ import annotations

import datetime as dt

import pytest

from events.extract import actors, dates, fatalities, sentences, types
from events.extract.text import fold, fold_plain

FRIDAY = dt.date(2015, 6, 5)


@pytest.mark.parametrize("phrase, expected", [
    ("الخميس 4 يونيو/حزيران", "2015-06-04"), ("ليلة الجمعة", "2015-06-04"), ("أمس", "2015-06-04"), ("اليوم", "2015-06-05"),
    ("السبت الماضي", "2015-05-30"), ("17 تشرين الثاني/نوفمبر 2016", "2016-11-17"), ("1 محرم 1440", "2018-09-11"),
    ("28 من آب الماضي", "2014-08-28"), ("وبالأمس", "2015-06-04"), ("والخميس", "2015-06-04"), ("الجمعة الماضية", "2015-05-29"),
])
def test_arabic_dates(phrase, expected):
    hits = dates.find(fold_plain(phrase), "ar", FRIDAY)
    assert next(h for h in hits if h.explicit or h is hits[-1]).date.isoformat() == expected


@pytest.mark.parametrize("phrase", [
    "قتل في الخامس من الشهر",  # "the fifth" holds أمس (yesterday)
    "وفق الأحدث من التقارير",  # "the latest" holds الأحد (Sunday)
    "مقتل 5 أبناء من العائلة",  # "5 sons" holds "5 آب" (5 August)
    "في أمسية شعرية", "الغارات اليومية",  # "evening", "daily"
])
def test_arabic_date_words_inside_other_words_are_no_dates(phrase):
    assert dates.find(fold_plain(phrase), "ar", FRIDAY) == []


@pytest.mark.parametrize("phrase, expected", [
    ("on Thursday", "2015-06-04"), ("last night", "2015-06-04"), ("Jan. 21, 2022", "2022-01-21"), ("since last Friday", "2015-05-29"),
])
def test_english_dates(phrase, expected):
    assert dates.find(phrase, "en", FRIDAY)[0].date.isoformat() == expected


@pytest.mark.parametrize("phrase", ["after 2 decades of war", "3 marines were killed", "10 octogenarians fled"])
def test_english_numbers_before_words_that_begin_like_a_month_are_no_dates(phrase):
    assert dates.find(phrase, "en", FRIDAY) == []


@pytest.mark.parametrize("sentence, count", [
    ("وأسفرت عن مقتل 40 إرهابيا على الأقل وإصابة العشرات منهم", 40), ("أفاد نشطاء بمقتل مواطنتين", 2),
    ("أسفرت عن مقتل عدد من إرهابيي التنظيم", None), ("ما أدى إلى مقتل ما لا يقل عن ثمانية من القوات", 8),
    ("بعد مقتل العشرات منهم", 10), ("11 قتيلًا في قصف بالبراميل", 11),
    ("إن 12 شخصاً فقط تأكد مقتلهم", 12), ("15 شخصاً قضوا في غارة", 15),   # the noun is counted by the number before it
    ("أصيب 20 شخصا وقتل طفل في قصف", 1),   # و starts a clause of its own: the wounded are not counted
])
def test_arabic_fatalities(sentence, count):
    kills, _ = fatalities.find(fold_plain(sentence), "ar")
    assert [k.count for k in kills][:1] == [count]


def test_a_toll_at_a_place_of_two_events_goes_to_the_nearest_one_only():
    import events

    text = "قال ناشط إن 16 شخصا فقط تأكد مقتلهم في حطلة، لكن مقاتلي المعارضة أخذوا 20 شخصا رهائن."
    rows = events.extract(text, published="2015-06-05").to_dict("records")
    assert [(r["sub_event_type"], r["fatalities"]) for r in rows] == [("Armed clash", 16), ("Abduction/forced disappearance", None)]


def test_english_fatalities_add_up_per_group_and_injuries_alone_are_zero():
    kills, _ = fatalities.find("seven of the force's fighters were killed in the clashes, while 23 Islamic State fighters were killed.", "en")
    assert sum(k.count for k in kills) == 30
    kills, injured = fatalities.find("ما أسفر عن إصابة 7 مدنيين بجروح", "ar")
    assert kills == [] and injured


def test_sentences_split_at_arabic_and_english_stops_not_abbreviations():
    text = "قصفت الطائرات المدينة.وقال المرصد إن 5 قتلوا\nFeb. 28 (UPI) -- Rebels retook Saraqib. Turkey said so."
    parts = [s.text for s in sentences.split(text)]
    assert parts == ["قصفت الطائرات المدينة.", "وقال المرصد إن 5 قتلوا", "Feb. 28 (UPI) -- Rebels retook Saraqib.", "Turkey said so."]


@pytest.mark.parametrize("text, negated", [
    ("يستعدون للهجوم على البلدة", True), ("لم تسفر الاشتباكات", True), ("بهدف السيطرة على بلدة جبا", True),
    ("المدينة الخاضعة لسيطرة النظام", True), ("تعرض مناطق في محافظة حماة للقصف", False), ("اندلعت اشتباكات عنيفة", False),
    ("the rebels will attack the town", True), ("fighting to retake the village", False), ("government forces shelled the town", False),
])
def test_negation_and_future_are_not_events(text, negated):
    trig = [t for t in types.find(text, fold(text)) if not t.casualty]
    assert trig, text
    assert all(t.negated for t in trig) if negated else any(not t.negated for t in trig)


def test_air_words_make_bombardment_an_air_strike():
    text = "قصفت طائرات حربية مناطق في الريف"
    assert types.find(text, fold(text))[0].sub_event_type == "Air/drone strike"
    text = "قصفت قوات النظام حي الوعر بقذائف الهاون"
    assert types.find(text, fold(text))[0].sub_event_type == "Shelling/artillery/missile attack"


@pytest.mark.parametrize("text, place, sub", [
    # a raid named beside a bombardment word makes it an air strike ("two raids with missiles")
    ("ضربت الطائرات بلدة الرستن، إذ استهدفت بغارتين بالصواريخ مدينة تلبيسة", "تلبيسة", "Air/drone strike"),
    ("قتل ثلاثة مدنيين في غارة استهدفت سوقا في مدينة تلبيسة", "تلبيسة", "Air/drone strike"),
    ("An airstrike with two missiles hit the market in Rastan on Sunday.", "Rastan", "Air/drone strike"),
    ("قتل ثلاثة مدنيين في غارة واحدة استهدفت سوقا في مدينة تلبيسة", "تلبيسة", "Air/drone strike"),
    # a raid on one town, "and" a bombardment of another: two strikes
    ("نفذ الطيران غارة على بلدة كفرنبل وقصفت قوات النظام بلدة حيش", "حيش", "Shelling/artillery/missile attack"),
    ("قصفت قوات النظام بلدة حيش بالمدفعية وشنت غارات على بلدة كفرنبل", "حيش", "Shelling/artillery/missile attack"),
    ("Regime forces shelled Haish and carried out airstrikes on Kafr Nabl.", "Haish", "Shelling/artillery/missile attack"),
    ("Regime forces shelled Haish and carried out air strikes on Kafr Nabl.", "Haish", "Shelling/artillery/missile attack"),
])
def test_a_raid_beside_a_bombardment_word_makes_it_an_air_strike(text, place, sub):
    import events

    gdf = events.extract(text, published="2016-11-17")
    row = gdf[gdf["location_surface"] == place]
    assert list(row["sub_event_type"]) == [sub], gdf[["location_surface", "sub_event_type"]]


@pytest.mark.parametrize("text, sub, actor1, actor2", [
    # the loser is named first, the verb of losing a few words before the control it lost
    ("فقد الجيش السوري يوم الأحد سيطرته على مدينة كفرنبودة بعد معارك مع الفصائل", "Non-state actor overtakes territory",
     "Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)"),
    ("وخسرت قوات النظام أمس السيطرة على بلدة كفرنبودة", "Non-state actor overtakes territory", None, "Military Forces of Syria (2000-2024)"),
    # "فقد" before a verb is ف + قد ("so ... indeed"): the army took the town
    ("وفي ريف حماة، فقد سيطرت قوات النظام على بلدة كفرنبودة", "Government regains territory", "Military Forces of Syria (2000-2024)", None),
    ("فقد تمكن الجيش السوري من السيطرة على بلدة كفرنبودة", "Government regains territory", "Military Forces of Syria (2000-2024)", None),
    ("فقد تنظيم داعش السيطرة على بلدة مارع", "Non-state actor overtakes territory", None, "Islamic State (Syria)"),
    ("سيطرت قوات النظام على بلدة كفرنبودة بعد أن فقد المسلحون عشرات المقاتلين", "Government regains territory",
     "Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)"),
])
def test_a_verb_of_losing_before_control_makes_the_loser_actor2(text, sub, actor1, actor2):
    import events

    rows = events.extract(text, published="2015-06-05").to_dict("records")
    assert [(r["sub_event_type"], r["actor1"], r["actor2"]) for r in rows] == [(sub, actor1, actor2)]


@pytest.mark.parametrize("text, actor1, actor2", [
    # "killed: five of the army's men": a count of an actor's men by a kill word names the side that lost them
    ("قتل خمسة من عناصر الجيش السوري بانفجار عبوة ناسفة في مدينة درعا.", None, "Military Forces of Syria (2000-2024)"),
    ("قتل 12 عنصرا من قوات النظام بانفجار عبوة ناسفة في مدينة درعا.", None, "Military Forces of Syria (2000-2024)"),
    ("قتل سبعة من مقاتلي داعش في غارة على بلدة الشدادي.", None, "Islamic State (Syria)"),
    # a count alone names no victim: dozens of IS fighters attacked
    ("شن العشرات من مقاتلي داعش هجوما على بلدة مارع.", "Islamic State (Syria)", None),
    # the killer named before the count: the army killed five IS fighters
    ("قتل الجيش السوري خمسة من مقاتلي داعش في اشتباكات عنيفة في بلدة الشدادي", "Military Forces of Syria (2000-2024)", "Islamic State (Syria)"),
])
def test_an_actor_counted_among_the_dead_is_actor2(text, actor1, actor2):
    import events

    rows = events.extract(text, published="2015-06-05").to_dict("records")
    assert [(r["actor1"], r["actor2"]) for r in rows] == [(actor1, actor2)]


@pytest.mark.parametrize("text, place, sub", [
    # a similar bombardment is the strike before it; a similar explosion stays an explosion
    ("شنت الطائرات الحربية غارات على بلدة الهبيط، وطال قصف مماثل بلدة كفرنبل.", "كفرنبل", "Air/drone strike"),
    ("انفجرت عبوة ناسفة في مدينة درعا، وقصفت قوات النظام بلدة الحراك، ثم وقع انفجار مماثل في مدينة إنخل.", "إنخل",
     "Remote explosive/landmine/IED"),
])
def test_a_similar_event_takes_the_type_before_it_only_when_its_word_is_generic(text, place, sub):
    import events

    gdf = events.extract(text, published="2015-06-05")
    assert list(gdf.loc[gdf["location_surface"] == place, "sub_event_type"]) == [sub]


@pytest.mark.parametrize("text, places", [
    # where the shooter stands is no target; a clash between positioned forces is fought at the positions
    ("قصفت قوات النظام المتمركزة في معسكر القرميد بلدة كفرنبل بقذائف الهاون.", ["كفرنبل"]),
    ("قصفت قوات النظام المتمركزة في بلدة معان وقرية الطليسية بلدة كفرزيتا.", ["كفرزيتا"]),
    ("قصفت القوات والمتمركزة في معسكر القرميد بلدة كفرنبل.", ["كفرنبل"]),
    ("قصفت قوات النظام المتمركزة في معسكر القرميد، بلدة كفرنبل.", ["كفرنبل"]),
    ("Regime forces stationed in the town of Maan shelled Kafr Zita.", ["Kafr Zita"]),
    ("قصفت قوات النظام المتمركزة في معسكر القرميد المناطق المجاورة.", ["القرميد"]),
    ("دارت اشتباكات بين قوات النظام المتمركزة في بلدة معان وعناصر المعارضة المتمركزين في بلدة كفرزيتا.", ["معان", "كفرزيتا"]),
])
def test_the_position_of_the_shooter_is_no_target(text, places):
    import events

    assert list(events.extract(text, published="2015-06-05")["location_surface"]) == places


@pytest.mark.parametrize("text, rows", [
    # "the town" in a sentence naming no place is the place named last, written as the text has it
    ("Government forces shelled the town of Kafr Nabl on Monday. Clashes then broke out in the town.",
     [("Shelling/artillery/missile attack", "Kafr Nabl", "Kafr Nabl"), ("Armed clash", "the town", "Kafr Nabl")]),
    ("قصفت قوات النظام بلدة كفرنبل بالمدفعية. واندلعت اشتباكات عنيفة في البلدة مساء.",
     [("Shelling/artillery/missile attack", "كفرنبل", "Kafr Nabl"), ("Armed clash", "البلدة", "Kafr Nabl")]),
    # a region is no town: nothing to refer to
    ("دارت اشتباكات في ريف حماة الشمالي. وقصفت الطائرات المدينة.", [("Armed clash", "ريف حماة الشمالي", "Hama")]),
    # the city is the city named last, not the town named after it; the words may come first
    ("قصفت قوات النظام مدينة حمص. واندلعت اشتباكات في بلدة تلبيسة. وقصفت الطائرات المدينة.",
     [("Shelling/artillery/missile attack", "حمص", "Homs"), ("Armed clash", "تلبيسة", "Talbisah"), ("Air/drone strike", "المدينة", "Homs")]),
    ("قصفت قوات النظام بلدة كفرنبل بالمدفعية. وفي البلدة، اندلعت اشتباكات عنيفة.",
     [("Shelling/artillery/missile attack", "كفرنبل", "Kafr Nabl"), ("Armed clash", "البلدة", "Kafr Nabl")]),
    # planes taking off from the airport strike elsewhere; "لبلدة مجهولة" is a town not named
    ("سيطر تنظيم داعش على مطار الطبقة العسكري. وشنت طائرات أقلعت من المطار غارات على بلدة مجهولة.",
     [("Non-state actor overtakes territory", "مطار الطبقة العسكري", "Tabqa airbase")]),
    ("قصفت قوات النظام بلدة كفرنبل. واستهدفت الطائرات مرة أخرى لبلدة مجهولة.", [("Shelling/artillery/missile attack", "كفرنبل", "Kafr Nabl")]),
])
def test_the_town_is_the_place_named_last(text, rows):
    import events

    gdf = events.extract(text, published="2015-06-05")
    assert list(zip(gdf["sub_event_type"], gdf["location_surface"], gdf["location"])) == rows


def test_government_forces_is_a_different_actor_after_december_2024():
    hit = actors.find("القوات الحكومية", None)[0]
    assert hit.resolve(dt.date(2015, 6, 5)).name == "Military Forces of Syria (2000-2024)"
    assert hit.resolve(dt.date(2025, 3, 7)).name == "Military Forces of Syria (2024-)"
    assert actors.canonical("Syrian army") == ["Military Forces of Syria (2000-2024)"]
    assert actors.canonical("هيئة تحرير الشام", dt.date(2019, 1, 1)) == ["HTS: Hayat Tahrir al-Sham"]


def test_a_region_of_another_governorate_named_as_the_scene_is_a_place_of_its_own():
    import events

    gdf = events.extract("Militants massacred villagers in Rastan and in Idlib province on Sunday.", published="2015-06-05")
    assert set(zip(gdf["event_type"], gdf["admin1_pcode"])) == {("Violence against civilians", "SY04"), ("Violence against civilians", "SY07")}


def test_indiscriminate_fire_after_entering_a_town_is_an_attack_there():
    import events

    text = "قوات الأمن داهمت منازل في مدينة الرستن ثم دخلت المدينة وبدأت بإطلاق النار بشكل عشوائي."
    gdf = events.extract(text, published="2015-06-05")
    attacks = gdf[gdf["event_type"] == "Violence against civilians"]
    assert list(attacks["location_surface"]) == ["الرستن"] and list(attacks["admin1_pcode"]) == ["SY04"]


def test_another_explosion_in_the_city_is_an_event_of_its_own():
    import events

    text = ("انفجرت عبوة ناسفة في حي المشارقة في مدينة حلب صباح اليوم.\n"
            "ووقع انفجار آخر بعد ساعة أمام مستشفى في حلب.")
    gdf = events.extract(text, published="2015-06-05")
    assert set(gdf["location_surface"]) == {"حلب", "المشارقة"}
