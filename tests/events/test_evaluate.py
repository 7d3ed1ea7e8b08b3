"""The evaluation over the dev set, and its command line on a small annotated folder."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from events import evaluate
from events.__main__ import main

FIX = Path(__file__).parent / "fixtures"


def test_dev_set_recall_and_precision_stay_above_their_floors(dev):
    report = evaluate.evaluate(dev)
    print(f"\nrecall {report['recall']} precision {report['precision']} governorate {report['governorate_right']} "
          f"date {report['date_right']} actor1 {report['actor1_right']}")
    # floors a little under today's figures (recall 0.82, precision 0.84): a change that loses events fails here
    assert report["recall"] >= 0.75 and report["precision"] >= 0.75
    assert report["governorate_right"] >= 0.9 and report["actor1_right"] >= 0.7
    assert len(report["articles"]) == 30


def test_evaluate_command_prints_the_figures(tmp_path, capsys):
    (tmp_path / "articles").mkdir()
    shutil.copy(FIX / "seed_paraphrase.en.txt", tmp_path / "articles" / "p01.en.txt")
    ann = {"id": "p01", "lang": "en", "published": "2015-06-05",
           "places": [{"surface": "Nahta", "governorate": "SY12"}, {"surface": "al-Hirak", "governorate": "SY12"},
                      {"surface": "Khalkhala", "governorate": "SY13"}],
           "events": [{"date": "2015-06-05", "type": "barrel-bomb", "actor1": "Syrian army", "places": ["Nahta", "al-Hirak"]},
                      {"date": "2015-06-05", "type": "battle", "actor1": "government forces", "places": ["Khalkhala"]}]}
    (tmp_path / "annotations.jsonl").write_text(json.dumps(ann) + "\n", encoding="utf-8")
    # in-process through the same entry point as ``python -m events`` (the bad-input tests use a subprocess)
    assert main(["evaluate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "events recall    1.0  (2/2" in out and "events precision" in out


def test_evaluate_command_on_a_folder_without_annotations(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path)]) == 2
    assert "annotations.jsonl" in capsys.readouterr().err
