"""Leaflet and its plugins served from the installation, never from a CDN.

Folium points its maps at public CDNs, so on a machine without the internet the
map stays empty. The XStatic packages on PyPI carry the same files; at start-up we
copy them into dashboard/static/ (served by Streamlit at /app/static/, see
.streamlit/config.toml) and point folium's ``default_js``/``default_css`` there.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

STATIC_DIR = Path(__file__).resolve().parent / "static"
URL_PREFIX = "/app/static/vendor"

# (package data dir, file names) copied into static/vendor/
_FILES = [
    (Path(xleaflet.BASE_DIR), ["leaflet.js", "leaflet.css", "images"]),
    (Path(xcluster.BASE_DIR), ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"]),
]

LEAFLET_JS = [("leaflet", f"{URL_PREFIX}/leaflet.js"), ("markercluster", f"{URL_PREFIX}/leaflet.markercluster.js"),
              ("syriamap", f"{URL_PREFIX}/syriamap.js")]  # our drawing code (dashboard/map.js)
LEAFLET_CSS = [
    ("leaflet_css", f"{URL_PREFIX}/leaflet.css"),
    ("markercluster_css", f"{URL_PREFIX}/MarkerCluster.css"),
    ("markercluster_default_css", f"{URL_PREFIX}/MarkerCluster.Default.css"),
]


def install() -> Path:
    """Copy the vendored files into static/vendor/ (idempotent, safe for concurrent starts)."""
    target = STATIC_DIR / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    for base, names in _FILES:
        for name in names:
            src, dst = base / name, target / name
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            elif not dst.exists() or dst.stat().st_size != src.stat().st_size:
                tmp = dst.with_name(f".{name}.{os.getpid()}.tmp")
                shutil.copyfile(src, tmp)
                tmp.replace(dst)
    # our own drawing code, kept beside map.py in the repository
    src = Path(__file__).resolve().parent / "map.js"
    tmp = target / f".syriamap.js.{os.getpid()}.tmp"
    shutil.copyfile(src, tmp)
    tmp.replace(target / "syriamap.js")
    return target


def use_local_assets(fmap) -> None:
    """Point a folium.Map at the local Leaflet files and drop what the page does not use
    (jQuery, Bootstrap, Font Awesome, awesome-markers)."""
    fmap.default_js = list(LEAFLET_JS)
    fmap.default_css = list(LEAFLET_CSS)
