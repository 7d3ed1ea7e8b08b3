from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixtures import events  # noqa: E402

from events.store import open_store  # noqa: E402


@pytest.fixture(scope="session")
def sample():
    """60 hand-made events in six governorates, with Arabic names and formula-like notes."""
    return events(60)


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "events.gpkg")


@pytest.fixture(scope="session")
def ogrinfo():
    path = shutil.which("ogrinfo")
    assert path, "GDAL's ogrinfo (Debian gdal-bin) is required: `make test` installs it"
    return path
