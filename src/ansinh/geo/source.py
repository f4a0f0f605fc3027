"""Read the administrative-unit data shipped in the MIT package `vietnamadminunits` (no ORM here).

The package holds two files that matter to us:

- `dataset.db` (SQLite): table `admin_units_legacy`, one row per old commune with its district and
  province (63 / 696 / 10,035), and table `admin_units`, one row per new commune with its province
  (34 / 3,321). GSO codes are strings ("01", "001", "00001").
- `converter_2025.json`: the old→new mapping, keyed by the package's space-free folded keys
  ("tinhquangbinh_thanhphodonghoi_xabaoninh"): `DICT_PROVINCE` (new province → old provinces),
  `DICT_PROVINCE_WARD_NO_DIVIDED` (new commune → old communes that went into it whole) and
  `DICT_PROVINCE_WARD_DIVIDED` (old commune split → its new communes, one flagged default, each with
  the new commune's area).

This module turns them into plain rows; `loader.py` writes those rows to the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ansinh.geo.models import REFORM_DATE, Level, LineageKind, Structure

PACKAGE = "vietnamadminunits"
DATA_FILES = ("dataset.db", "converter_2025.json")
LEGACY_VALID_TO = REFORM_DATE - dt.timedelta(days=1)  # last day of the three-level structure

# Unit types as they open a unit's full name, longest first so "Thành phố" wins over a bare prefix.
UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
_DISAMBIGUATOR = re.compile(r"\s*\([^)]*\)\s*$")

_UNIT_COLUMNS = ("", "Short", "Code", "Lat", "Lon", "Alias")
LEGACY_COLUMNS = (
    *(f"province{suffix}" for suffix in (*_UNIT_COLUMNS, "Key")),
    *(f"district{suffix}" for suffix in (*_UNIT_COLUMNS, "Type", "Key")),
    *(f"ward{suffix}" for suffix in (*_UNIT_COLUMNS, "Type", "Key")),
)
NEW_COLUMNS = (
    *(f"province{suffix}" for suffix in (*_UNIT_COLUMNS, "Key")),
    *(f"ward{suffix}" for suffix in (*_UNIT_COLUMNS, "Type", "Key", "AreaKm2")),
)

UnitKey = tuple[str, str, str]  # (structure, level, code): how the source identifies a unit


@dataclass(frozen=True)
class UnitRow:
    structure: str
    level: str
    code: str
    name: str
    short_name: str
    unit_type: str
    province_code: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    latitude: float | None
    longitude: float | None
    area_km2: float | None
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> UnitKey:
        return (self.structure, self.level, self.code)

    @property
    def parent_key(self) -> UnitKey | None:
        if self.parent_code is None:
            return None
        # Old communes hang under districts; everything else (districts, new communes) under provinces.
        legacy_commune = (self.structure, self.level) == (Structure.LEGACY, Level.COMMUNE)
        return (self.structure, str(Level.DISTRICT if legacy_commune else Level.PROVINCE), self.parent_code)


@dataclass(frozen=True)
class LineageRow:
    predecessor: UnitKey
    successor: UnitKey
    level: str  # the predecessor's level
    kind: str
    is_default: bool
    share: float | None


@dataclass
class SourceData:
    version: str
    checksum: str
    units: list[UnitRow]
    lineage: list[LineageRow]
    quirks: Counter[str] = field(default_factory=Counter)


def data_dir() -> Path:
    # find_spec locates the package without importing it: importing runs the package's parsers,
    # which read ~4 MB of JSON we do not need.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_source(directory: Path | None = None) -> SourceData:
    directory = directory or data_dir()
    quirks: Counter[str] = Counter()
    connection = sqlite3.connect(f"file:{directory / 'dataset.db'}?mode=ro", uri=True)
    try:
        legacy_rows = _select(connection, "admin_units_legacy", LEGACY_COLUMNS)
        new_rows = _select(connection, "admin_units", NEW_COLUMNS)
    finally:
        connection.close()
    converter = json.loads((directory / "converter_2025.json").read_text(encoding="utf-8"))

    legacy_units, legacy_keys = _legacy_units(legacy_rows, quirks)
    new_units, new_keys = _new_units(new_rows, quirks)
    lineage = _province_lineage(converter["DICT_PROVINCE"], legacy_keys, new_keys, quirks)
    lineage += _commune_lineage(converter, legacy_keys, new_keys, quirks)
    return SourceData(
        version=importlib.metadata.version(PACKAGE),
        checksum=checksum(directory),
        units=legacy_units + new_units,
        lineage=lineage,
        quirks=quirks,
    )


def _select(connection: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> list[dict]:
    # Only the columns we load: the tables also hold bounds, geocoder addresses and parser keywords.
    cursor = connection.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 (constants)
    return [dict(zip(columns, values, strict=True)) for values in cursor]


def checksum(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update((directory / name).read_bytes())
    return f"sha256:{digest.hexdigest()}"


# --- units -------------------------------------------------------------------------------------------


def _legacy_units(rows: Iterable[dict], quirks: Counter[str]) -> tuple[list[UnitRow], dict]:
    """Old structure: one source row per commune; provinces and districts repeat on every row."""
    units = _UnitSet(quirks)
    keys: dict[str, UnitKey] = {}  # the converter's folded keys → our unit keys
    for row in rows:
        province = units.add(row, "province", Structure.LEGACY, Level.PROVINCE, row["provinceCode"], None)
        district = units.add(row, "district", Structure.LEGACY, Level.DISTRICT, row["districtCode"], province)
        keys[row["provinceKey"]] = province.key
        if not row["wardCode"]:
            # Five island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) had no communes:
            # the source gives them one row with an empty ward. They keep their district unit and the
            # converter maps the district itself ("…_huyenconco_") to the new special zone.
            quirks["legacy_districts_without_communes"] += 1
            keys[f"{row['provinceKey']}_{row['districtKey']}_"] = district.key
            continue
        commune = units.add(row, "ward", Structure.LEGACY, Level.COMMUNE, row["wardCode"], district)
        keys[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"] = commune.key
    return units.ordered(), keys


def _new_units(rows: Iterable[dict], quirks: Counter[str]) -> tuple[list[UnitRow], dict]:
    units = _UnitSet(quirks)
    keys: dict[str, UnitKey] = {}
    for row in rows:
        province = units.add(
            row, "province", Structure.REFORM_2025, Level.PROVINCE, row["provinceCode"], None
        )
        commune = units.add(row, "ward", Structure.REFORM_2025, Level.COMMUNE, row["wardCode"], province)
        keys[row["provinceKey"]] = province.key
        keys[f"{row['provinceKey']}_{row['wardKey']}"] = commune.key
    return units.ordered(), keys


class _UnitSet:
    """Units by key. The source repeats a province or district on each of its communes' rows: the
    first row wins, and a later row that describes the same code differently is counted as a quirk
    rather than silently merged (none in 1.0.4: its only repeated ward code is the empty one)."""

    def __init__(self, quirks: Counter[str]) -> None:
        self.quirks = quirks
        self.units: dict[UnitKey, UnitRow] = {}
        self.signatures: dict[UnitKey, tuple] = {}

    def add(
        self, row: dict, prefix: str, structure: str, level: str, code: str, parent: UnitRow | None
    ) -> UnitRow:
        key = (str(structure), str(level), code)
        signature = (row[prefix], row[f"{prefix}Short"], row[f"{prefix}Lat"], row[f"{prefix}Lon"], parent)
        if key in self.units:
            if self.signatures[key] != signature:
                self.quirks[f"conflicting_rows_{level}"] += 1
            return self.units[key]
        self.units[key] = _unit(row, prefix, structure, level, code, parent)
        self.signatures[key] = signature
        return self.units[key]

    def ordered(self) -> list[UnitRow]:
        rank = {str(Level.PROVINCE): 0, str(Level.DISTRICT): 1, str(Level.COMMUNE): 2}
        return sorted(self.units.values(), key=lambda unit: (rank[unit.level], unit.code))


def _unit(row: dict, prefix: str, structure: str, level: str, code: str, parent: UnitRow | None) -> UnitRow:
    name, unit_type = canonical_name(row[prefix], declared_type=row.get(f"{prefix}Type"))
    short_name = _nfc(row[f"{prefix}Short"])
    # Same-named units in one parent carry a disambiguator in the source's short name
    # ("Kỳ Anh (Huyện)" / "Kỳ Anh (Thị xã)"); the full name already tells them apart.
    short_name = _DISAMBIGUATOR.sub("", short_name) or short_name
    return UnitRow(
        structure=str(structure),
        level=str(level),
        code=code,
        name=name,
        short_name=short_name,
        unit_type=unit_type,
        province_code=parent.province_code if parent else code,
        parent_code=parent.code if parent else None,
        valid_from=REFORM_DATE if structure == Structure.REFORM_2025 else None,
        valid_to=LEGACY_VALID_TO if structure == Structure.LEGACY else None,
        latitude=row[f"{prefix}Lat"],
        longitude=row[f"{prefix}Lon"],
        area_km2=row.get(f"{prefix}AreaKm2") or None,  # 0.0 (Phường Mỹ Phước Tây) means unknown
        aliases=_aliases(row.get(f"{prefix}Alias")),
    )


def canonical_name(raw: str, *, declared_type: str | None = None) -> tuple[str, str]:
    """Full name with its type word in canonical case, and that type.

    The source writes some types in title case ("Thành Phố Đồng Hới", "Thị Xã Buôn Hồ"), and in five
    rows its type column contradicts the name ("Thị trấn Ngọc Lặc" typed "Xã", "Phường Việt Hòa" typed
    "Xã"). The name is what the source's own converter displays and what officers write, so the type
    is taken from the name; the declared type is used only when the name carries none.
    """
    name = _nfc(raw)
    lowered = name.lower()
    for unit_type in UNIT_TYPES:
        if lowered.startswith(unit_type.lower() + " "):
            return f"{unit_type}{name[len(unit_type) :]}", unit_type
    return name, _nfc(declared_type or "")


def _aliases(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(dict.fromkeys(json.loads(raw)))


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").strip())


# --- lineage -----------------------------------------------------------------------------------------


def _province_lineage(mapping: dict, legacy: dict, new: dict, quirks: Counter[str]) -> list[LineageRow]:
    """Every old province went whole into one new province: continued if alone, merged otherwise."""
    rows = []
    for new_key, old_keys in mapping.items():
        successor = new.get(new_key)
        kind = LineageKind.CONTINUED if len(old_keys) == 1 else LineageKind.MERGED
        for old_key in old_keys:
            predecessor = legacy.get(old_key)
            if successor is None or predecessor is None:
                quirks["lineage_keys_not_in_dataset"] += 1
                continue
            rows.append(LineageRow(predecessor, successor, str(Level.PROVINCE), str(kind), True, 1.0))
    return rows


def _commune_lineage(converter: dict, legacy: dict, new: dict, quirks: Counter[str]) -> list[LineageRow]:
    """Old commune → new commune rows.

    Rule:
    - An old commune listed under one new commune in DICT_PROVINCE_WARD_NO_DIVIDED went there whole:
      share 1.0, is_default. Kind "continued" when it is the new commune's only predecessor (a rename
      or no change), "merged" when the new commune has other predecessors (whole or parts).
    - An old commune in DICT_PROVINCE_WARD_DIVIDED was split: one row per new commune, kind "split",
      is_default from the source's isDefaultNewWard (where the old commune's seat went; exactly one).
      The source gives each new commune's total area, not the area of the piece it received, so the
      share is estimated as that area over the sum of the candidates' areas. It is an apportioning
      key of last resort, not a measurement, and is None when any candidate lacks an area (or gives
      0.0, as for Phường Mỹ Phước Tây).
    - The source built its split lists by commune name within a new province, so a split commune
      sometimes also lists where a same-named old commune of that province went: Phường 4 of Mỹ Tho
      "splits" into Phường Cao Lãnh because Phường 4 of Cao Lãnh went there. A non-default candidate
      is dropped when another old commune with the same name in the same new province went to it
      whole or as its default (28 candidates in 1.0.4); an old commune left with one candidate went
      there whole.
    - The five island districts without communes map from the district itself to the new special
      zone; those rows carry level "district".
    """
    whole_keys: list[tuple[str, str, str]] = []  # (new province, new commune, old key)
    for new_province, communes in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_commune, old_keys in communes.items():
            whole_keys += [(new_province, new_commune, old_key) for old_key in old_keys]
    splits = converter["DICT_PROVINCE_WARD_DIVIDED"]
    conflated = _conflated_candidates(whole_keys, splits)
    parts: list[tuple[str, str, dict]] = []
    for new_province, by_old_key in splits.items():
        for old_key, candidates in by_old_key.items():
            kept = [c for c in candidates if (new_province, old_key, c["newWardKey"]) not in conflated]
            quirks["conflated_split_candidates_dropped"] += len(candidates) - len(kept)
            if len(kept) == 1:
                whole_keys.append((new_province, kept[0]["newWardKey"], old_key))
            else:
                parts.append((new_province, old_key, {"candidates": kept}))

    whole = _resolve_pairs(whole_keys, legacy, new, quirks)
    split_rows = [
        row
        for new_province, old_key, entry in parts
        for row in _split_rows(new_province, legacy.get(old_key), entry["candidates"], new, quirks)
    ]
    incoming = Counter(successor for _, successor in whole)
    incoming.update(successor for _, successor, _, _ in split_rows)
    rows = [
        LineageRow(
            predecessor,
            successor,
            predecessor[1],
            str(LineageKind.CONTINUED if incoming[successor] == 1 else LineageKind.MERGED),
            True,
            1.0,
        )
        for predecessor, successor in whole
    ]
    rows += [
        LineageRow(predecessor, successor, predecessor[1], str(LineageKind.SPLIT), is_default, share)
        for predecessor, successor, is_default, share in split_rows
    ]
    return rows


def _conflated_candidates(whole_keys: list[tuple[str, str, str]], splits: dict) -> set[tuple[str, str, str]]:
    """(new province, old key, new commune) of split candidates that belong to a same-named commune."""
    destinations: dict[tuple[str, str], set[tuple[str, str]]] = {}  # (province, old name) → {(new, old key)}
    for new_province, new_commune, old_key in whole_keys:
        destinations.setdefault((new_province, _old_name(old_key)), set()).add((new_commune, old_key))
    for new_province, by_old_key in splits.items():
        for old_key, candidates in by_old_key.items():
            default = next(c["newWardKey"] for c in candidates if c["isDefaultNewWard"])
            destinations.setdefault((new_province, _old_name(old_key)), set()).add((default, old_key))
    return {
        (new_province, old_key, candidate["newWardKey"])
        for new_province, by_old_key in splits.items()
        for old_key, candidates in by_old_key.items()
        for candidate in candidates
        if not candidate["isDefaultNewWard"]
        and any(
            new_commune == candidate["newWardKey"] and other != old_key
            for new_commune, other in destinations.get((new_province, _old_name(old_key)), ())
        )
    }


def _old_name(old_key: str) -> str:
    return old_key.rsplit("_", 1)[-1]  # "tinhtiengiang_thanhphomytho_phuong4" → "phuong4"


def _resolve_pairs(
    keys: list[tuple[str, str, str]], legacy: dict, new: dict, quirks: Counter[str]
) -> list[tuple[UnitKey, UnitKey]]:
    pairs = []
    for new_province, new_commune, old_key in keys:
        predecessor, successor = legacy.get(old_key), new.get(f"{new_province}_{new_commune}")
        if predecessor is None or successor is None:
            quirks["lineage_keys_not_in_dataset"] += 1
            continue
        pairs.append((predecessor, successor))
    return pairs


def _split_rows(
    new_province: str, predecessor: UnitKey | None, candidates: list[dict], new: dict, quirks: Counter[str]
) -> list[tuple[UnitKey, UnitKey, bool, float | None]]:
    successors = [new.get(f"{new_province}_{candidate['newWardKey']}") for candidate in candidates]
    if predecessor is None or None in successors:
        quirks["lineage_keys_not_in_dataset"] += 1
        return []
    areas: list[float] = [candidate.get("newWardAreaKm2") or 0.0 for candidate in candidates]
    total = sum(areas) if all(areas) else 0.0  # one unknown (or 0.0) area: no share at all
    return [
        (
            predecessor,
            successor,
            bool(candidate["isDefaultNewWard"]),
            round(area / total, 4) if total else None,
        )
        for successor, candidate, area in zip(successors, candidates, areas, strict=True)
        if successor is not None
    ]
