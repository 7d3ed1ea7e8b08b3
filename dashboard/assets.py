"""Leaflet and its plugins served from the installation, never from a CDN.

Folium points its maps at public CDNs, so on a machine without the internet the
map stays empty. The XStatic packages on PyPI carry the same files; at start-up we
copy the stylesheets and images into dashboard/static/vendor/ (served by Streamlit at
/app/static/, see .streamlit/config.toml), write the scripts there as one bundle, and
point folium's ``default_js``/``default_css`` at them.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

STATIC_DIR = Path(__file__).resolve().parent / "static"
URL_PREFIX = "/app/static/vendor"

# (package data dir, file names) copied into static/vendor/: what the page loads by itself
_FILES = [
    (Path(xleaflet.BASE_DIR), ["leaflet.css", "images"]),
    (Path(xcluster.BASE_DIR), ["MarkerCluster.css", "MarkerCluster.Default.css"]),
]

# Leaflet, the cluster plugin and our drawing code (dashboard/map.js) in one file: the map's
# frame loads its scripts one after the other, so one file saves two round trips
BUNDLE = "syriamap.bundle.js"
LEAFLET_JS = [("syriamap", f"{URL_PREFIX}/{BUNDLE}")]
LEAFLET_CSS = [
    ("leaflet_css", f"{URL_PREFIX}/leaflet.css"),
    ("markercluster_css", f"{URL_PREFIX}/MarkerCluster.css"),
    ("markercluster_default_css", f"{URL_PREFIX}/MarkerCluster.Default.css"),
]


def install() -> Path:
    """Copy the vendored stylesheets and images into static/vendor/ and write the script
    bundle there (idempotent, safe for concurrent starts)."""
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
    parts = [Path(xleaflet.BASE_DIR) / "leaflet.js", Path(xcluster.BASE_DIR) / "leaflet.markercluster.js",
             Path(__file__).resolve().parent / "map.js"]  # our own code, kept beside map.py
    tmp = target / f".{BUNDLE}.{os.getpid()}.tmp"
    tmp.write_text("\n;\n".join(p.read_text(encoding="utf-8") for p in parts), encoding="utf-8")
    tmp.replace(target / BUNDLE)
    return target


def use_local_assets(fmap) -> None:
    """Point a folium.Map at the local Leaflet files and drop what the page does not use
    (jQuery, Bootstrap, Font Awesome, awesome-markers)."""
    fmap.default_js = list(LEAFLET_JS)
    fmap.default_css = list(LEAFLET_CSS)
