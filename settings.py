"""Where the project's data lives: one place read by gazetteer, events and dashboard.

Every path can be overridden by an environment variable, so nothing here is tied
to one machine:

- ``SYRIAMAP_DATA_DIR``: the project's own data (built gazetteer index, event store,
  downloads). Default: ``$XDG_DATA_HOME/syriamap`` when XDG_DATA_HOME is set, else
  ``data/`` inside the repository (ignored by git).
- ``SYRIAMAP_SHARED_DIR``: the licensed shared data (GeoNames dump, OCHA boundaries).
  Default: ``../shared`` beside the repository when it exists, else none.
- ``EVENTS_STORE``: the event store file. Default: ``events.gpkg`` in the data dir.
- ``SYRIAMAP_ONLINE``: ``1`` turns on online geocoding and fetching articles by URL (off by default).
- ``SYRIAMAP_FETCH_PRIVATE``: ``1`` lets the dashboard fetch articles from private or
  loopback addresses (an intranet mirror); refused by default.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent


def data_dir() -> Path:
    env = os.environ.get("SYRIAMAP_DATA_DIR")
    if env:
        path = Path(env).expanduser()
    elif os.environ.get("XDG_DATA_HOME"):
        path = Path(os.environ["XDG_DATA_HOME"]).expanduser() / "syriamap"
    else:
        path = REPO_ROOT / "data"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared_dir() -> Path | None:
    env = os.environ.get("SYRIAMAP_SHARED_DIR")
    if env:
        path = Path(env).expanduser()
        return path if path.is_dir() else None
    default = REPO_ROOT.parent / "shared"
    return default if default.is_dir() else None


def store_path() -> Path:
    env = os.environ.get("EVENTS_STORE")
    return Path(env).expanduser() if env else data_dir() / "events.gpkg"


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def online() -> bool:
    return _flag("SYRIAMAP_ONLINE")


def fetch_private() -> bool:
    return _flag("SYRIAMAP_FETCH_PRIVATE")
