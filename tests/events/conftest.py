"""Fixtures of the extractor tests: the dev folder and a warm gazetteer (loaded once per session)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dev(shared):
    return shared / "dev"


@pytest.fixture(scope="session")
def seed_events(seed_text, seed_gold):
    import events

    return events.extract(seed_text, published=seed_gold["published"], source="RT Arabic")
