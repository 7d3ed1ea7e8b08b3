"""Ordinary words and actor names that are also village names produce no place mention."""
from __future__ import annotations

import pytest

ACTOR_TEXTS = [
    "قاتلت جبهة النصرة وتنظيم الدولة الإسلامية ووحدات حماية الشعب الكردية والجيش السوري الحر وهيئة تحرير الشام، بحسب مصدر عسكري.",
    "قال الرئيس بشار الأسد إن الجيش العربي السوري وقوات الدفاع الوطني وحزب الله وقوات سوريا الديمقراطية ولواء فاطميون سيطروا.",
    "وأعلنت وزارة الدفاع الروسية أن القوات الحكومية وفرقة الحمزة وفيلق الشام وأحرار الشام وجيش الإسلام وجيش العزة تقدمت.",
    "President Bashar al-Assad said the Syrian Army and the Free Syrian Army fought the Islamic State and the Nusra Front.",
    "Hayat Tahrir al-Sham, the Syrian Democratic Forces, Ahrar al-Sham and Jaish al-Islam attacked, the Syrian Observatory said.",
    "Activist Adnan Afrin and spokesman Mervan Qamishlo told Hawar news that Abdel Rahman was wounded.",
]


@pytest.mark.parametrize("text", ACTOR_TEXTS)
def test_actor_names_and_common_words_are_not_places(gaz, text):
    places = [m for m in gaz.geoparse(text) if m.kind != "outside"]
    assert places == [], [(m.surface, m.admin1_pcode, m.reason) for m in places]


def test_stopword_still_a_place_after_a_cue(gaz):
    """The stop-list only silences bare words: "قرية الخضراء" is a village; "بلدة كنسبا" too."""
    ms = gaz.geoparse("قصف على قرية الخضراء وبلدة كنسبا في ريف اللاذقية الشمالي")
    got = {m.surface: m for m in ms}
    assert got["الخضراء"].admin1_pcode == "SY06" and got["كنسبا"].geonameid == 167863


def test_dev_articles_have_few_unannotated_mentions(gaz, shared, dev_annotations, dev_text):
    """Every mention overlapping no annotated place in the dev set, listed when the test fails."""
    extra = []
    for ann in dev_annotations:
        text = dev_text(ann["id"], ann["lang"])
        surfaces = [p["surface"] for p in ann["places"]]
        for m in gaz.geoparse(text):
            if m.kind != "outside" and not any(s in m.surface or m.surface in s for s in surfaces):
                extra.append((ann["id"], m.surface))
    assert len(extra) <= 12, extra
