"""Online fallback for names the offline data lacks: geopy's Nominatim, restricted to Syria.

Off by default (on with --online or SYRIAMAP_ONLINE=1). At most one request per second
(geopy RateLimiter), a User-Agent naming the project, and an on-disk cache of every answer
(misses too) so a name is asked once. SYRIAMAP_NOMINATIM_URL points at another Nominatim
server (e.g. a local one, or the fake one the tests run on 127.0.0.1).
"""
from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from .download import USER_AGENT, atomic_write_bytes

log = logging.getLogger(__name__)
CONFIDENCE = 0.5      # an online answer: right country, but no context behind it


class OnlineGeocoder:
    def __init__(self, url: str | None = None, cache_path: Path | None = None, min_delay_seconds: float = 1.0,
                 timeout: float = 10):
        url = url or os.environ.get("SYRIAMAP_NOMINATIM_URL") or "https://nominatim.openstreetmap.org"
        parts = urlsplit(url if "://" in url else "https://" + url)
        self.geocoder = Nominatim(user_agent=USER_AGENT, domain=parts.netloc + parts.path.rstrip("/"),
                                  scheme=parts.scheme, timeout=timeout)
        self._geocode = RateLimiter(self.geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
                                    error_wait_seconds=min_delay_seconds, swallow_exceptions=False)
        if cache_path is None:
            from .sources import gazetteer_dir
            cache_path = gazetteer_dir() / "online_cache.json"
        self.cache_path = cache_path
        self._lock = threading.Lock()
        try:
            self.cache = json.loads(cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.cache = {}

    def geocode(self, name: str) -> dict | None:
        """{"name", "lat", "lon", "display_name"} for a name in Syria, or None. Network errors give None
        (and are not cached, so a later run asks again)."""
        key = name.strip()
        if not key:
            return None
        with self._lock:
            if key in self.cache:
                return self.cache[key]
        try:
            loc = self._geocode(key, exactly_one=True, country_codes="sy", language="en")
        except (GeopyError, OSError, ValueError) as exc:
            log.warning("online geocoding of %r failed: %s", key, exc)
            return None
        hit = None
        if loc is not None:
            hit = {"name": (loc.address or key).split(",")[0].strip(), "lat": float(loc.latitude),
                   "lon": float(loc.longitude), "display_name": loc.address}
        with self._lock:
            self.cache[key] = hit
            atomic_write_bytes(self.cache_path, json.dumps(self.cache, ensure_ascii=False, indent=1).encode("utf-8"))
        return hit
