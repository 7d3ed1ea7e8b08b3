"""Downloads of GeoNames SY.zip and geoBoundaries SYR ADM1-3, from a fake server on 127.0.0.1:
the built gazetteer works from them; an interrupted or wrong download leaves the previous data intact."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
import shapely
from shapely.geometry import mapping, shape

from gazetteer import Gazetteer
from gazetteer.download import DownloadError, download_all, fetch

KEEP = ("167863", "170063", "165509", "170905", "163584", "383648", "172256", "170017")


@pytest.fixture(scope="module")
def payloads(shared):
    """SY.zip with a few real GeoNames lines, and geoBoundaries-style GeoJSON (shapeName / shapeISO,
    no OCHA P-codes) made from the OCHA polygons, simplified to keep the test small."""
    lines = [ln for ln in (shared / "gazetteer" / "syria_places.geonames.txt").read_text(encoding="utf-8").splitlines()
             if ln.split("\t")[0] in KEEP]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("SY.txt", "\n".join(lines) + "\n")
        zf.writestr("readme.txt", "test")
    out = {"zip": buf.getvalue(), "admin1": (shared / "gazetteer" / "admin1CodesASCII.txt").read_bytes()}
    files = {1: "syria_admin1_governorates", 2: "syria_admin2_districts", 3: "syria_admin3_subdistricts"}
    for level, name in files.items():
        src = json.loads((shared / "boundaries" / f"{name}.geojson").read_text(encoding="utf-8"))
        feats = []
        for i, f in enumerate(src["features"]):
            g = shapely.simplify(shape(f["geometry"]), 0.005)
            feats.append({"type": "Feature", "geometry": mapping(g),
                          "properties": {"shapeName": f["properties"]["NAME_EN"], "shapeISO": "",
                                         "shapeID": f"SYR-ADM{level}-{i}", "shapeType": f"ADM{level}"}})
        out[level] = json.dumps({"type": "FeatureCollection", "features": feats}).encode()
    return out


def _routes(p, base, broken_zip=None):
    routes = {
        "/export/dump/SY.zip": lambda q, h: (200, p["zip"], "application/zip", *([broken_zip] if broken_zip else [])),
        "/export/dump/admin1CodesASCII.txt": lambda q, h: (200, p["admin1"], "text/plain"),
    }
    for level in (1, 2, 3):
        routes[f"/api/ADM{level}/"] = (lambda lv: lambda q, h: (
            200, json.dumps({"gjDownloadURL": f"{base()}/gb/ADM{lv}.geojson"}).encode(), "application/json"))(level)
        routes[f"/gb/ADM{level}.geojson"] = (lambda lv: lambda q, h: (200, p[lv], "application/geo+json"))(level)
    return routes


def _download(server, folder, **kw):
    return download_all(folder, geonames_url=server.url + "/export/dump/SY.zip",
                        admin1_url=server.url + "/export/dump/admin1CodesASCII.txt",
                        boundaries_api=server.url + "/api/ADM{level}/", timeout=5, progress=False, **kw)


def test_download_then_build_and_use(payloads, tmp_path, monkeypatch):
    from fake_http import FakeServer
    monkeypatch.setenv("SYRIAMAP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SYRIAMAP_SHARED_DIR", str(tmp_path / "no-shared"))
    holder = {}
    with FakeServer(_routes(payloads, lambda: holder["url"])) as server:
        holder["url"] = server.url
        from gazetteer.sources import download_dir
        written = _download(server, download_dir())
        assert "SY.txt" in written and "geoBoundaries-SYR-ADM3.geojson" in written
        ua = {r["user_agent"] for r in server.requests}
        assert all(u and u.startswith("syriamap/") for u in ua)
    gaz = Gazetteer.load()
    assert gaz.source["name"] == "download" and gaz.source["polygons"] > 300
    c = gaz.lookup("Kinsabba")[0]
    assert c.geonameid == 167863 and c.admin1_pcode == "SY06" and c.admin3_pcode   # names -> P-codes for ADM1
    a = gaz.admin_for(36.85034, 40.07055)                                          # Ras al-Ain, border point
    assert a.admin1_pcode == "SY08"
    assert not list((download_dir()).glob("*.part")) and not list(download_dir().glob(".staging/*"))


def test_interrupted_download_keeps_previous_data(payloads, tmp_path):
    from fake_http import FakeServer
    folder = tmp_path / "dl"
    holder = {}
    with FakeServer(_routes(payloads, lambda: holder["url"])) as good:
        holder["url"] = good.url
        _download(good, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    holder2 = {}
    with FakeServer(_routes(payloads, lambda: holder2["url"], broken_zip="truncate")) as bad:
        holder2["url"] = bad.url
        with pytest.raises(DownloadError, match="incomplete|IncompleteRead|not a GeoNames zip"):
            _download(bad, folder)
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in folder.rglob("*") if p.name.endswith((".part", ".tmp"))]


def test_checksum_and_timeout(payloads, tmp_path):
    from fake_http import FakeServer
    routes = {"/f": lambda q, h: (200, b"hello", "text/plain"), "/slow": lambda q, h: (200, b"x", "text/plain", "slow")}
    dest = tmp_path / "f.txt"
    dest.write_bytes(b"old")
    with FakeServer(routes) as server:
        with pytest.raises(DownloadError, match="checksum"):
            fetch(server.url + "/f", dest, sha256="0" * 64, progress=False)
        assert dest.read_bytes() == b"old"
        with pytest.raises(DownloadError):
            fetch(server.url + "/slow", dest, timeout=0.5, progress=False)
        assert dest.read_bytes() == b"old"
        fetch(server.url + "/f", dest, progress=False)
        assert dest.read_bytes() == b"hello"
        with pytest.raises(DownloadError):
            fetch(server.url + "/missing", dest, progress=False)
        assert dest.read_bytes() == b"hello"


def test_cli_install_download_from_mirror(payloads, tmp_path):
    """`python -m gazetteer data install --download` against the loopback mirror, then status."""
    import os
    import subprocess
    import sys

    import settings
    from fake_http import FakeServer
    holder = {}
    with FakeServer(_routes(payloads, lambda: holder["url"])) as server:
        holder["url"] = server.url
        env = dict(os.environ, SYRIAMAP_DATA_DIR=str(tmp_path / "data"), SYRIAMAP_SHARED_DIR=str(tmp_path / "none"),
                   SYRIAMAP_GEONAMES_URL=server.url + "/export/dump/SY.zip",
                   SYRIAMAP_ADMIN1_URL=server.url + "/export/dump/admin1CodesASCII.txt",
                   SYRIAMAP_GEOBOUNDARIES_API=server.url + "/api/ADM{level}/")
        r = subprocess.run([sys.executable, "-m", "gazetteer", "data", "install", "--download"],
                           cwd=settings.REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["name"] == "download"
    # the mirror is gone: a new install keeps the downloaded data and says so
    r = subprocess.run([sys.executable, "-m", "gazetteer", "data", "install", "--download"],
                       cwd=settings.REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "previous data kept" in r.stderr
    assert json.loads(r.stdout)["name"] == "download"
