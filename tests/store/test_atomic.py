"""A killed ingest leaves whole articles only; two writers at once both succeed."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from events.store import open_store, text_hash

WRITER = Path(__file__).resolve().parent / "writer.py"
PER_ARTICLE = 150


def start_writer(store_path, prefix, n_articles, per_article=PER_ARTICLE):
    return subprocess.Popen([sys.executable, str(WRITER), str(store_path), prefix, str(n_articles), str(per_article)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_whole_articles(store_path, per_article=PER_ARTICLE):
    """Every stored article has all its events and sources, and nothing else is there."""
    con = sqlite3.connect(store_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    store = open_store(store_path)
    articles = store.articles()
    ev = store.events()
    per = ev.groupby("article_id").size()
    assert set(per.index) == set(articles["id"])
    assert (per == per_article).all(), per[per != per_article]
    assert len(ev) == per_article * len(articles)
    con = sqlite3.connect(store_path)
    sources = con.execute("SELECT count(*) FROM event_sources").fetchone()[0]
    con.close()
    assert sources == len(ev)
    return len(articles)


def test_kill_mid_ingest_leaves_only_whole_articles(tmp_path):
    path = tmp_path / "events.gpkg"
    journal = Path(str(path) + "-journal")  # exists only while a write transaction is open
    open_store(path)
    committed = 0
    kills_mid_transaction = 0
    for attempt in range(2):
        proc = start_writer(path, f"run{attempt}", 10_000)
        for _ in range(2 + attempt):  # let a few articles commit first
            assert proc.stdout.readline(), proc.stderr.read()
        deadline = time.monotonic() + 20
        while not journal.exists() and time.monotonic() < deadline:
            pass  # spin: kill the moment the writer is inside an article's transaction
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        kills_mid_transaction += journal.exists()  # the killed writer left its half-done transaction
        stored = assert_whole_articles(path)  # opening the store rolls the half article back
        assert stored >= committed + 2 + attempt
        committed = stored
    assert kills_mid_transaction >= 1, "the kills did not land inside transactions; the test proved nothing"


def test_two_writers_at_once_both_succeed(tmp_path):
    path = tmp_path / "events.gpkg"  # created by whichever writer comes first
    a = start_writer(path, "cli", 15, 30)
    b = start_writer(path, "dashboard", 15, 30)
    reads = 0
    while a.poll() is None or b.poll() is None:
        if path.exists():
            try:
                open_store(path).events()  # a reader during the writes, as the dashboard is
                reads += 1
            except Exception as exc:  # noqa: BLE001 - report what a reader would see
                raise AssertionError(f"reading during writes failed: {exc}") from exc
        time.sleep(0.02)
    for proc in (a, b):
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert out.split()[-1] == "15"
    assert assert_whole_articles(path, per_article=30) == 30
    assert reads > 0


def test_killing_a_real_ingest_leaves_the_store_as_after_its_last_whole_article(shared, tmp_path):
    """`python -m events.cli_store ingest` over the dev articles, killed inside an article's
    transaction: the store equals one built by ingesting just the articles it lists."""
    articles = sorted((shared / "dev" / "articles").glob("*.txt"))
    path = tmp_path / "events.gpkg"
    journal = Path(str(path) + "-journal")
    open_store(path)
    proc = subprocess.Popen([sys.executable, "-m", "events.cli_store", "ingest", *map(str, articles),
                             "--published", "2016-03-01", "--source", "Dev set", "--store", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[2])
    con = sqlite3.connect(path, timeout=30)
    deadline = time.monotonic() + 120
    while con.execute("SELECT count(*) FROM articles").fetchone()[0] < 3 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.02)
    con.close()
    while not journal.exists() and proc.poll() is None and time.monotonic() < deadline:
        pass  # spin: kill the moment the next article's transaction writes
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    killed_mid_write = journal.exists()

    store = open_store(path)
    stored = store.articles()
    assert 3 <= len(stored) < len(articles)
    reference = open_store(tmp_path / "reference.gpkg")
    by_hash = {text_hash(p.read_text(encoding="utf-8")): p for p in articles}
    for digest in stored["text_hash"]:
        reference.add_article(by_hash[digest].read_text(encoding="utf-8"), published="2016-03-01", source="Dev set")
    got = store.events().sort_values("event_id").reset_index(drop=True)
    assert len(got) > 0
    want = reference.events().sort_values("event_id").reset_index(drop=True)
    assert got.drop(columns="geometry").astype(object).fillna("∅").equals(
        want.drop(columns="geometry").astype(object).fillna("∅"))
    assert got.geometry.geom_equals(want.geometry).all()
    for event_id in got["event_id"]:
        assert store.sources(event_id)["article_id"].tolist() == reference.sources(event_id)["article_id"].tolist()
    assert killed_mid_write, "the kill did not land inside a transaction; the test proved nothing"
