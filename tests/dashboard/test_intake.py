"""Reading the files an analyst uploads on the 'Add articles' tab (no browser needed)."""
from __future__ import annotations

import math

from dashboard import intake
from events import formats
from tests.dashboard.dashboard_sample import make_events

SENTENCE = ("Syrian army units clashed with Jabhat al-Nusra fighters near the town of Kafr Zita "
            "in Hama countryside on Thursday, a military source said.")
PAGE = ("<html><head><title>News</title></head><body><nav>Home | Sport | Weather menu</nav><article>"
        f"<h1>Clashes in Hama</h1><p>{SENTENCE}</p><p>{SENTENCE}</p></article>"
        "<footer>Copyright footer text</footer></body></html>").encode()


KAFR_ZITA = (35.37425, 36.6033)  # Kafr Zaytah, Hama (GeoNames 168620)


def _km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_saved_html_page_gives_the_article_text_and_its_events():
    text = intake.html_text(PAGE.decode())
    assert "Kafr Zita" in text and "menu" not in text
    item = intake.read_upload("report.html", PAGE, None, "Test Wire")
    assert item.error is None
    assert len(item.events) >= 1
    event = item.events.iloc[0]
    assert event["event_type"] == "Battles"
    assert _km((event.geometry.y, event.geometry.x), KAFR_ZITA) < 5
    assert item.article["outlet"] == "Test Wire" and item.article["text_hash"]


def test_acled_csv_upload_is_imported_without_extraction():
    data = formats.to_bytes(make_events().head(3), "acled-csv")
    item = intake.read_upload("acled_export.csv", data, None, None)
    assert item.error is None and item.article is None
    assert len(item.events) == 3


def test_unusable_uploads_say_why():
    binary_csv = intake.read_upload("scan.csv", b"\x00\x01\x02" * 50, None, None).error
    assert "binary" in binary_csv.lower() and "CSV" in binary_csv and "article" not in binary_csv
    assert "empty" in intake.read_upload("blank.txt", b"", None, None).error
    assert ".pdf" in intake.read_upload("report.pdf", b"%PDF-1.4", None, None).error
    wrong = intake.read_upload("people.csv", b"name,age\nAli,3\n", None, None)
    assert "people.csv" in wrong.error and "header" in wrong.error
    assert "FeatureCollection" in intake.read_upload("x.geojson", b'{"type": 5}', None, None).error


def test_an_uploaded_article_is_stored_as_the_cli_stores_it(tmp_path):
    import datetime as dt

    from events.store import open_store

    data = ("\ufeff" + SENTENCE).encode("utf-8")  # saved by Notepad: with a BOM
    item = intake.read_upload("report.txt", data, dt.date(2016, 3, 1), "Test Wire")
    page = open_store(tmp_path / "page.gpkg")
    assert intake.save(page, item).added >= 1
    cli = open_store(tmp_path / "cli.gpkg")
    cli.add_article(SENTENCE, published="2016-03-01", source="Test Wire")
    assert page.articles().drop(columns="ingested_at").equals(cli.articles().drop(columns="ingested_at"))
    assert page.has_article(item.article["text_hash"]) and cli.has_article(item.article["text_hash"])
