"""Bad input: empty text, no places, HTML, a 5 MB text, malformed GeoNames lines, a missing data folder."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import settings
from gazetteer import Gazetteer, GazetteerDataMissing

REPO = settings.REPO_ROOT


def _cli(*args, env=None, stdin=None):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "gazetteer", *args], cwd=REPO, env=e, capture_output=True,
                          text=True, timeout=120, input=stdin)


def test_empty_and_blank_text(gaz):
    assert gaz.geoparse("") == []
    assert gaz.geoparse("   \n\t ") == []


def test_text_without_places(gaz):
    assert gaz.geoparse("The committee met on Tuesday and agreed to meet again next month.") == []
    assert gaz.geoparse("قال المتحدث إن الاجتماع كان مثمرا وإن المحادثات ستستمر الأسبوع المقبل.") == []
    assert gaz.geoparse("1234 5678 !!! ??? ...") == []


def test_html_markup_is_harmless(gaz):
    html = '<html><body><p class="x">قصفت الطائرات <b>بلدة كنسبا</b> في ريف اللاذقية</p><script>var a=1;</script></body></html>'
    ms = gaz.geoparse(html)
    for m in ms:
        assert html[m.start:m.end] == m.surface
    kinsabba = [m for m in ms if m.surface == "كنسبا"]
    assert kinsabba and kinsabba[0].geonameid == 167863
    assert not any(m.surface in ("html", "body", "script", "class") for m in ms)


def test_five_megabyte_text(gaz, seed_text):
    big = (seed_text + "\n\n") * (5_000_000 // len(seed_text.encode()) + 1)
    assert len(big.encode()) >= 5_000_000
    one = gaz.geoparse(seed_text + "\n\n")
    ms = gaz.geoparse(big)
    repeats = big.count(seed_text)
    assert len(ms) == len(one) * repeats
    last = ms[-1]
    assert big[last.start:last.end] == last.surface


def _write_geonames(folder, shared, bad_lines):
    """A small GeoNames-format file: a few real lines of the shared file with malformed lines inserted."""
    src = (shared / "gazetteer" / "syria_places.geonames.txt").read_text(encoding="utf-8").splitlines()
    keep = [ln for ln in src if ln.split("\t")[0] in ("167863", "170063", "165509", "170905")]
    lines = keep[:2] + bad_lines + keep[2:]
    (folder / "places.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_malformed_geonames_lines_are_reported_with_line_numbers(tmp_path, shared, monkeypatch):
    monkeypatch.setenv("SYRIAMAP_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "src"
    folder.mkdir()
    _write_geonames(folder, shared, ["not a geonames line", "123\tX\tX\t\tnorth\teast\tP\tPPL\tSY" + "\t" * 10])
    gaz = Gazetteer.load(data_dir=folder)
    problems = gaz.problems
    assert any("line 3" in p and "columns" in p for p in problems), problems
    assert any("line 4" in p for p in problems), problems
    assert gaz.source["name"] == "local folder"
    assert gaz.lookup("Kinsabba")[0].geonameid == 167863       # the good lines still load
    assert gaz.lookup("رأس العين")[0].geonameid == 165509


def test_cli_install_reports_malformed_line(tmp_path, shared):
    folder = tmp_path / "src"
    folder.mkdir()
    _write_geonames(folder, shared, ["broken\tline"])
    r = _cli("data", "install", "--from", str(folder), env={"SYRIAMAP_DATA_DIR": str(tmp_path / "data")})
    assert r.returncode == 0, r.stderr
    assert "places.txt line 3" in r.stderr
    assert '"places":' in r.stdout
    status = _cli("data", "status", env={"SYRIAMAP_DATA_DIR": str(tmp_path / "data")})
    assert status.returncode == 0 and '"local folder"' in status.stdout


def test_missing_data_folder_gives_one_clear_message(tmp_path):
    with pytest.raises(GazetteerDataMissing) as exc:
        Gazetteer.load(data_dir=tmp_path / "nowhere")
    assert "python -m gazetteer data install" in str(exc.value)
    r = _cli("lookup", "Hama", "--from", str(tmp_path / "nowhere"), env={"SYRIAMAP_DATA_DIR": str(tmp_path / "d")})
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "python -m gazetteer data install" in r.stderr


def test_cli_lookup_and_geoparse_json(tmp_path, seed_text):
    import json
    r = _cli("lookup", "Tal Ghazal", "--governorate", "Aleppo", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[0]["geonameid"] == 163584 and rows[0]["admin1_pcode"] == "SY02"
    assert set(rows[0]) >= {"geonameid", "name", "name_ar", "lat", "lon", "feature_code", "admin1_pcode",
                            "admin1_name", "admin2_pcode", "admin3_pcode", "score"}
    f = tmp_path / "article.txt"
    f.write_text(seed_text, encoding="utf-8")
    r = _cli("geoparse", str(f), "--lang", "ar", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert any(m["surface"] == "كنسبا" and m["geonameid"] == 167863 for m in rows)
    for m in rows:
        assert seed_text[m["start"]:m["end"]] == m["surface"]
        assert {"precision", "confidence", "reason", "admin1_pcode", "admin1_name"} <= set(m)
    r = _cli("geoparse", str(tmp_path / "missing.txt"))
    assert r.returncode == 2 and "cannot read" in r.stderr and "Traceback" not in r.stderr
    r = _cli("lookup", "Hama", "--governorate", "Atlantis")
    assert r.returncode == 2 and "unknown governorate" in r.stderr


def test_a_folder_without_usable_places_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SYRIAMAP_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "places.txt").write_text("only garbage here\nand here\n", encoding="utf-8")
    with pytest.raises(GazetteerDataMissing) as exc:
        Gazetteer.load(data_dir=folder)
    assert "no usable places" in str(exc.value) and "python -m gazetteer data install" in str(exc.value)


def test_byte_order_mark_and_crlf_are_read(tmp_path, shared, monkeypatch):
    monkeypatch.setenv("SYRIAMAP_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "src"
    folder.mkdir()
    lines = _write_geonames(folder, shared, [])
    (folder / "places.txt").write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    gaz = Gazetteer.load(data_dir=folder)
    assert gaz.problems == []
    assert gaz.lookup("Kinsabba")[0].geonameid == 167863 and gaz.lookup("Aleppo")[0].geonameid == 170063


def test_random_text_never_breaks_offsets(gaz, seed_text):
    """Shuffled words of the seed, stray punctuation, digits, emoji, mixed scripts: no exception,
    every mention's offsets cut its surface out of the text, mentions do not overlap."""
    import random
    rnd = random.Random(7)
    words = seed_text.split() + ["«", "»", "،", "-", "(", ")", "123", "٣٤٥", "🙂", "Aleppo", "al-Bab", "'", "ـــ",
                                 "وَبِرِيفِ", "حَمَاةَ", "\u200f", "\u200d", "و", "ب", "ال"]
    for _ in range(60):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 80)))
        if rnd.random() < 0.3:
            text = text.replace(" ", rnd.choice(["", "\n", "  ", "،", "-"]))
        ms = gaz.geoparse(text)
        for a, b in zip(ms, ms[1:]):
            assert a.end <= b.start
        for m in ms:
            assert text[m.start:m.end] == m.surface and m.surface.strip()
