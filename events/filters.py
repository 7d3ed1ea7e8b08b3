"""One filtering implementation for the CLI export/list and the dashboard."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import geopandas as gpd
import numpy as np
import pandas as pd

# OCHA P-code -> names a user may type: OCHA's English, common spellings, Arabic.
GOVERNORATES: dict[str, tuple[str, ...]] = {
    "SY01": ("Damascus", "Dimashq", "دمشق"),
    "SY02": ("Aleppo", "Halab", "حلب"),
    "SY03": ("Rural Damascus", "Rif Dimashq", "Reef Damascus", "Damascus Countryside", "ريف دمشق"),
    "SY04": ("Homs", "Hims", "حمص"),
    "SY05": ("Hama", "Hamah", "حماة", "حماه"),
    "SY06": ("Lattakia", "Latakia", "Al-Ladhiqiyah", "اللاذقية"),
    "SY07": ("Idleb", "Idlib", "إدلب", "ادلب"),
    "SY08": ("Al-Hasakeh", "Hasakah", "Al-Hasakah", "Hasakeh", "Hassakeh", "الحسكة"),
    "SY09": ("Deir-ez-Zor", "Deir ez-Zor", "Deir al-Zor", "Dayr az-Zawr", "دير الزور"),
    "SY10": ("Tartous", "Tartus", "طرطوس"),
    "SY11": ("Ar-Raqqa", "Raqqa", "Al-Raqqah", "Raqqah", "الرقة"),
    "SY12": ("Dar'a", "Daraa", "Deraa", "درعا"),
    "SY13": ("As-Sweida", "Sweida", "Suwayda", "As-Suwayda", "السويداء"),
    "SY14": ("Quneitra", "Al-Qunaytirah", "القنيطرة"),
}


def _norm(name) -> str:
    """Casefold, drop diacritics/hamza variants, article prefixes and punctuation."""
    text = unicodedata.normalize("NFKD", str(name)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(str.maketrans("أإآىة", "ااايه"))
    text = re.sub(r"\bgovernorate\b|\bprovince\b|محافظه", " ", text)
    text = re.sub(r"[\s\-'’`_.]+", " ", text).strip()
    text = re.sub(r"^(?:(?:al|ar|as|ad|ash|az|el|an|at) |ال)", "", text)
    return text.replace(" ", "")


_NAME_TO_PCODE = {_norm(n): code for code, names in GOVERNORATES.items() for n in names}


def governorate_pcode(name) -> str | None:
    """P-code for a governorate P-code or name (English spellings or Arabic), or None."""
    if name is None:
        return None
    text = str(name).strip()
    if text.upper() in GOVERNORATES:
        return text.upper()
    return _NAME_TO_PCODE.get(_norm(text))


@dataclass(frozen=True)
class Filters:
    date_from: str | None = None  # inclusive, ISO date
    date_to: str | None = None  # inclusive
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # substring of any actor column, case-insensitive
    governorates: tuple[str, ...] = ()  # P-code or English/Arabic name
    districts: tuple[str, ...] = ()  # P-code or name
    attributions: tuple[str, ...] = ()  # substring of source_attribution
    min_fatalities: int | None = None
    text: str | None = None  # substring of notes, places, actors, sentence
    include_area: bool = True  # keep events located only to a region (geo_precision 3)

    def __post_init__(self):
        for name in _TUPLE_FIELDS:  # accept a list or a single string where a tuple is expected
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif value is None:
                object.__setattr__(self, name, ())
            elif not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            object.__setattr__(self, name, _iso_date(value, name.replace("_", " ")))

    def slug(self) -> str:
        """A short file-name part, e.g. '2015-06-01_2015-06-30_Hama'."""
        parts = []
        if self.date_from or self.date_to:
            parts += [self.date_from or "start", self.date_to or "end"]
        for code_or_name in self.governorates:
            code = governorate_pcode(code_or_name)
            parts.append(GOVERNORATES[code][0] if code else str(code_or_name))
        parts += list(self.districts) + list(self.event_types) + list(self.sub_event_types) + list(self.actors)
        slug = "_".join(re.sub(r"[^\w\-]+", "-", str(p), flags=re.UNICODE).strip("-") for p in parts)
        return slug[:120] or "all"


def _iso_date(value, what: str) -> str | None:
    """A date object or YYYY-MM-DD text as YYYY-MM-DD; loose words like 'June' are refused."""
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a date (use YYYY-MM-DD)") from None


_TUPLE_FIELDS = ("event_types", "sub_event_types", "actors", "governorates", "districts", "attributions")


def _map_unique(series: pd.Series, fn) -> pd.Series:
    """``fn`` applied once per distinct value (a few hundred names over 100,000 rows)."""
    values = series.astype(object)
    table = {v: fn(v) for v in pd.unique(values.dropna())}
    return values.map(table)


def _contains_any(series: pd.Series, needles) -> np.ndarray:
    hay = series.fillna("").astype(str).str.casefold()
    mask = np.zeros(len(series), dtype=bool)
    for needle in needles:
        mask |= hay.str.contains(str(needle).casefold(), regex=False).to_numpy()
    return mask


def _governorate_mask(gdf: gpd.GeoDataFrame, wanted) -> np.ndarray:
    """Rows in the wanted governorates. The filter values are normalised once and compared
    with admin1_pcode; only rows without a P-code fall back to their admin1 name."""
    codes = {governorate_pcode(g) or str(g) for g in wanted}  # an unknown value may still be a row's code
    unknown = {_norm(g) for g in wanted if governorate_pcode(g) is None}  # names we hold no P-code for
    row_codes = gdf["admin1_pcode"]
    mask = row_codes.isin(codes).to_numpy(dtype=bool, copy=True)
    uncoded = row_codes.isna().to_numpy()
    if uncoded.any():
        names = gdf.loc[uncoded, "admin1"]
        by_name = _map_unique(names, governorate_pcode).isin(codes)
        if unknown:
            by_name |= _map_unique(names, _norm).isin(unknown)
        mask[uncoded] = by_name.to_numpy(dtype=bool)
    return mask


def apply_filters(gdf: gpd.GeoDataFrame, f: Filters) -> gpd.GeoDataFrame:
    """Rows of ``gdf`` that pass every filter that is set."""
    keep = np.ones(len(gdf), dtype=bool)
    dates = gdf["event_date"].fillna("").astype(str)
    if f.date_from:
        keep &= (dates >= f.date_from).to_numpy()
    if f.date_to:
        keep &= ((dates <= f.date_to) & (dates != "")).to_numpy()
    if f.event_types:
        keep &= gdf["event_type"].isin(f.event_types).fillna(False).to_numpy(dtype=bool)
    if f.sub_event_types:
        keep &= gdf["sub_event_type"].isin(f.sub_event_types).fillna(False).to_numpy(dtype=bool)
    if f.actors:
        actor_mask = np.zeros(len(gdf), dtype=bool)
        for col in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
            actor_mask |= _contains_any(gdf[col], f.actors)
        keep &= actor_mask
    if f.governorates:
        keep &= _governorate_mask(gdf, f.governorates)
    if f.districts:
        wanted = {str(d).upper() for d in f.districts}
        names = {_norm(d) for d in f.districts}
        by_code = gdf["admin2_pcode"].fillna("").str.upper().isin(wanted).to_numpy(dtype=bool)
        by_name = _map_unique(gdf["admin2"], _norm).isin(names).to_numpy(dtype=bool)
        keep &= by_code | by_name
    if f.attributions:
        keep &= _contains_any(gdf["source_attribution"], f.attributions)
    if f.min_fatalities is not None:
        keep &= (gdf["fatalities"] >= int(f.min_fatalities)).fillna(False).to_numpy(dtype=bool)
    if f.text:
        text_mask = np.zeros(len(gdf), dtype=bool)
        for col in ("notes", "location", "location_ar", "location_surface", "actor1", "actor2",
                    "source_sentence", "source", "admin1", "admin2", "admin3"):
            text_mask |= _contains_any(gdf[col], [f.text])
        keep &= text_mask
    if not f.include_area:
        keep &= ~(gdf["geo_precision"] >= 3).fillna(False).to_numpy(dtype=bool)
    return gdf[keep]


__all__ = ["Filters", "apply_filters", "governorate_pcode", "GOVERNORATES"]
