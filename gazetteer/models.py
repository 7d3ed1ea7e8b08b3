"""The records the gazetteer returns: plain dataclasses with to_dict()."""
from __future__ import annotations

from dataclasses import asdict, dataclass


class GazetteerDataMissing(RuntimeError):
    """No usable gazetteer data: the message says how to install it."""


@dataclass
class Admin:
    admin1_pcode: str | None = None
    admin1_name: str | None = None
    admin1_name_ar: str | None = None
    admin2_pcode: str | None = None
    admin2_name: str | None = None
    admin3_pcode: str | None = None
    admin3_name: str | None = None
    distance_km: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Candidate:
    geonameid: int | None
    name: str
    name_ar: str | None
    lat: float
    lon: float
    feature_code: str | None
    population: int
    admin1_pcode: str | None
    admin1_name: str | None
    admin2_pcode: str | None
    admin2_name: str | None
    admin3_pcode: str | None
    admin3_name: str | None
    score: float
    source: str              # geonames | alias | neighbourhood | governorate | online | outside
    kind: str = "place"      # place | area | outside
    match: str = "exact"     # exact | fuzzy | online

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Mention:
    surface: str
    start: int
    end: int
    kind: str                # place | area | outside
    geonameid: int | None
    name: str | None
    name_ar: str | None
    lat: float | None
    lon: float | None
    feature_code: str | None
    admin1_pcode: str | None
    admin1_name: str | None
    admin2_pcode: str | None
    admin2_name: str | None
    admin3_pcode: str | None
    admin3_name: str | None
    precision: int           # 1 the place itself, 2 near/part of a known place, 3 only the area known
    confidence: float
    reason: str
    source: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)
