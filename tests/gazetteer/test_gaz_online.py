"""The online fallback against a fake Nominatim server on 127.0.0.1: restricted to Syria,
at most one request per second, a project User-Agent, answers cached on disk and marked online."""
from __future__ import annotations

import json

import pytest

from gazetteer import Gazetteer

# answers of the fake server: a hamlet our data lacks, and a namesake outside Syria
ANSWERS = {
    "Khirbet Testiyeh": [{"lat": "35.95", "lon": "36.63", "display_name": "Khirbet Testiyeh, Idlib, Syria",
                          "place_id": 1, "osm_type": "node", "osm_id": 1, "class": "place", "type": "hamlet"}],
    "خربة تستية": [{"lat": "35.95", "lon": "36.63", "display_name": "خربة تستية, Idlib, Syria",
                    "place_id": 1, "osm_type": "node", "osm_id": 1, "class": "place", "type": "hamlet"}],
    "Elsewhereville": [{"lat": "41.01", "lon": "28.97", "display_name": "Elsewhereville, Istanbul, Türkiye",
                        "place_id": 2, "osm_type": "node", "osm_id": 2, "class": "place", "type": "town"}],
}


@pytest.fixture()
def nominatim(tmp_path, monkeypatch):
    from fake_http import FakeServer

    def search(query, headers):
        q = query.get("q", [""])[0]
        return 200, json.dumps(ANSWERS.get(q, [])).encode(), "application/json"

    with FakeServer({"/search": search}) as server:
        monkeypatch.setenv("SYRIAMAP_NOMINATIM_URL", server.url)
        monkeypatch.setenv("SYRIAMAP_DATA_DIR", str(tmp_path / "data"))
        yield server


def test_online_lookup_marked_cached_and_rate_limited(gaz, nominatim, tmp_path):
    online = Gazetteer(gaz.index, online=True)
    assert gaz.lookup("Khirbet Testiyeh") == []                 # offline: nothing
    c = online.lookup("Khirbet Testiyeh")
    assert len(c) == 1 and c[0].source == "online" and c[0].geonameid is None
    assert c[0].admin1_pcode == "SY07" and abs(c[0].lat - 35.95) < 1e-6
    assert 0 < c[0].score < 0.9                                   # its own, lower confidence
    assert online.lookup("Elsewhereville") == []                  # an answer outside Syria is refused
    assert online.lookup("Nothing Known") == []
    reqs = nominatim.requests
    assert len(reqs) == 3
    assert all(r["query"]["countrycodes"] == ["sy"] for r in reqs)
    assert all(r["user_agent"].startswith("syriamap/") for r in reqs)
    gaps = [b["time"] - a["time"] for a, b in zip(reqs, reqs[1:])]
    # RateLimiter spaces the calls 1 s apart; the server sees them with some jitter on a loaded machine
    assert min(gaps) >= 0.85 and sum(gaps) / len(gaps) >= 0.95
    # cached on disk: a new geocoder asks nothing again
    again = Gazetteer(gaz.index, online=True)
    assert again.lookup("Khirbet Testiyeh")[0].source == "online"
    assert len(nominatim.requests) == 3
    cache = json.loads((tmp_path / "data" / "gazetteer" / "online_cache.json").read_text(encoding="utf-8"))
    assert cache["Nothing Known"] is None and cache["Khirbet Testiyeh"]["lat"] == 35.95


def test_geoparse_asks_online_for_unknown_cued_names_only_when_on(gaz, nominatim):
    text = "قصفت الطائرات قرية خربة تستية في ريف إدلب."
    offline = [m for m in gaz.geoparse(text) if m.surface.startswith("خربة")]
    assert offline and offline[0].precision == 3 and offline[0].source == "governorate"
    assert nominatim.requests == []
    online = Gazetteer(gaz.index, online=True)
    m = [m for m in online.geoparse(text) if m.surface.startswith("خربة")][0]
    assert m.source == "online" and m.precision == 1 and m.admin1_pcode == "SY07" and m.confidence == 0.5
    assert "online" in m.reason


def test_online_off_by_default_on_by_setting(shared, monkeypatch):
    monkeypatch.delenv("SYRIAMAP_ONLINE", raising=False)
    assert Gazetteer.load(data_dir=shared).online is False
    monkeypatch.setenv("SYRIAMAP_ONLINE", "1")
    assert Gazetteer.load(data_dir=shared).online is True
    assert Gazetteer.load(data_dir=shared, online=False).online is False
