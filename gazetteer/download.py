"""Downloads of the public sources (GeoNames SY.zip, geoBoundaries SYR ADM1-3).

Each file is fetched to a temporary file with a timeout and a tqdm progress bar, checked
(size against Content-Length, SHA-256 when known, a readable zip / GeoJSON), and only then
moved over the previous copy with os.replace: an interrupted download leaves the old data intact.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import tempfile
import urllib.request
import zipfile
from pathlib import Path

from tqdm import tqdm

GEONAMES_URL = "https://download.geonames.org/export/dump/SY.zip"
ADMIN1_URL = "https://download.geonames.org/export/dump/admin1CodesASCII.txt"
GEOBOUNDARIES_API = "https://www.geoboundaries.org/api/current/gbOpen/SYR/ADM{level}/"
USER_AGENT = "syriamap/0.1 (+https://github.com/)"
TIMEOUT = 30


class DownloadError(RuntimeError):
    pass


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    os.chmod(tmp, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fetch(url: str, dest: Path, sha256: str | None = None, timeout: float = TIMEOUT, progress: bool = True) -> Path:
    """Download url to dest atomically. Raises DownloadError (dest untouched) on any failure."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix="." + dest.name, suffix=".part")
    os.chmod(tmp, 0o644)
    digest = hashlib.sha256()
    got = 0
    try:
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(req, timeout=timeout) as resp, os.fdopen(fd, "wb") as out:
            expected = resp.headers.get("Content-Length")
            expected = int(expected) if expected and expected.isdigit() else None
            with tqdm(total=expected, unit="B", unit_scale=True, desc=dest.name, disable=not progress, leave=False) as bar:
                while True:
                    chunk = resp.read(1 << 16)
                    if not chunk:
                        break
                    out.write(chunk)
                    digest.update(chunk)
                    got += len(chunk)
                    bar.update(len(chunk))
        if expected is not None and got != expected:
            raise DownloadError(f"{url}: incomplete download ({got} of {expected} bytes)")
        if got == 0:
            raise DownloadError(f"{url}: empty response")
        if sha256 and digest.hexdigest() != sha256.lower():
            raise DownloadError(f"{url}: checksum mismatch")
        os.replace(tmp, dest)
        return dest
    except DownloadError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except (OSError, ValueError, http.client.HTTPException) as exc:  # URLError, HTTPError, timeouts, IncompleteRead
        Path(tmp).unlink(missing_ok=True)
        raise DownloadError(f"{url}: {exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check_zip(path: Path, member: str) -> bytes:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.read(member)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise DownloadError(f"{path.name}: not a GeoNames zip with {member} ({exc})") from exc


def download_all(folder: Path, geonames_url: str | None = None, admin1_url: str | None = None,
                 boundaries_api: str | None = None, timeout: float = TIMEOUT, progress: bool = True) -> list[str]:
    """Fetch the public sources into folder (flat layout read by sources.folder_source).

    Everything is staged in folder/.staging and verified first; the files then replace the
    previous ones one by one with os.replace. Returns the names of the files written.
    """
    # other mirrors (or a test server) through the environment
    geonames_url = geonames_url or os.environ.get("SYRIAMAP_GEONAMES_URL", GEONAMES_URL)
    admin1_url = admin1_url or os.environ.get("SYRIAMAP_ADMIN1_URL", ADMIN1_URL)
    boundaries_api = boundaries_api or os.environ.get("SYRIAMAP_GEOBOUNDARIES_API", GEOBOUNDARIES_API)
    staging = folder / ".staging"
    staging.mkdir(parents=True, exist_ok=True)
    zpath = fetch(geonames_url, staging / "SY.zip", timeout=timeout, progress=progress)
    txt = _check_zip(zpath, "SY.txt")
    staged = {"SY.txt": txt}
    try:
        staged["admin1CodesASCII.txt"] = fetch(admin1_url, staging / "admin1CodesASCII.txt", timeout=timeout,
                                               progress=progress).read_bytes()
    except DownloadError:
        pass  # optional: the crosswalk table in the repo already names the governorates
    for level in (1, 2, 3):
        meta_path = fetch(boundaries_api.format(level=level), staging / f"adm{level}.json", timeout=timeout, progress=progress)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            url = meta.get("gjDownloadURL") or meta.get("simplifiedGeometryGeoJSON")
        except ValueError as exc:
            raise DownloadError(f"geoBoundaries ADM{level}: bad API answer ({exc})") from exc
        if not url:
            raise DownloadError(f"geoBoundaries ADM{level}: no GeoJSON URL in API answer")
        gj = fetch(url, staging / f"geoBoundaries-SYR-ADM{level}.geojson", timeout=timeout, progress=progress)
        try:
            if not json.loads(gj.read_text(encoding="utf-8")).get("features"):
                raise ValueError("no features")
        except ValueError as exc:
            raise DownloadError(f"geoBoundaries ADM{level}: not a GeoJSON feature collection ({exc})") from exc
        staged[f"geoBoundaries-SYR-ADM{level}.geojson"] = gj.read_bytes()
    for name, data in staged.items():
        atomic_write_bytes(folder / name, data)
    for p in staging.iterdir():
        p.unlink(missing_ok=True)
    return sorted(staged)
