"""Gazetteer test fixtures: one Gazetteer built from the shared folder per session."""
from __future__ import annotations

import json

import pytest

from gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gaz(shared):
    return Gazetteer.load(data_dir=shared)


@pytest.fixture(scope="session")
def dev_annotations(shared) -> list[dict]:
    with open(shared / "dev" / "annotations.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def dev_text(shared):
    def read(article_id: str, lang: str) -> str:
        return (shared / "dev" / "articles" / f"{article_id}.{lang}.txt").read_text(encoding="utf-8")
    return read


# fake_http.py lives beside the tests
import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).resolve().parent))
