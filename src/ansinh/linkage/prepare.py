"""Person records in the form the linkage compares: one Arrow table, one row per record.

Names go through `ansinh.core.text` (the one folding the whole system uses): `accent_key` keeps the
diacritics with the canonical tone placement (so "Hoà"/"Hòa" agree), `fold` drops them and đ→d. Names
typed in another order go back to Vietnamese order: family name last ("Đức Dũng Âu") or given name first
("Dũng Âu Đức"), told by the family-name list of the name pools. A name of one word is a given name typed
alone: family and middle name are then unknown (null), not different.

Birth dates become the full date (null when only the year is known) plus year, month and day, so the
comparisons can see a day/month swap and a year-only record. Communes are compared as stored and as the
commune in force today (old codes from before the 2025 reform map to their successor).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from ansinh.core.text import accent_key, fold

_NAMES = Path(__file__).resolve().parent.parent / "registry" / "data" / "names.json"
_NOT_DIGIT = re.compile(r"\D+")

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("name", pa.string()),  # folded full name, Vietnamese order
        ("name_accent", pa.string()),
        ("surname", pa.string()),
        ("middle", pa.string()),
        ("given", pa.string()),
        ("given_accent", pa.string()),
        ("dob", pa.string()),  # YYYY-MM-DD, null when only the year is known
        ("dob_y", pa.int32()),
        ("dob_m", pa.int32()),
        ("dob_d", pa.int32()),
        ("sex", pa.string()),
        ("pid", pa.string()),
        ("commune", pa.string()),  # as stored (may be a pre-2025 code)
        ("commune_now", pa.string()),  # the commune in force today
        ("province", pa.string()),
        ("phone", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A person as the registry (or an import file, or the benchmark's generator) holds it."""

    id: int
    full_name: str
    birth_date: dt.date | None
    birth_year: int
    sex: str
    personal_id: str | None
    commune: str
    commune_now: str
    province: str
    phone: str = ""


@cache
def surnames() -> frozenset[str]:
    """Folded family names of the name pools (about a hundred cover nearly every Vietnamese)."""
    pools = json.loads(_NAMES.read_text(encoding="utf-8"))["pools"]
    return frozenset(fold(name) for pool in pools.values() for name in pool.get("family", {}))


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[str, str]:
    return fold(word), accent_key(word)


def name_parts(full_name: str) -> dict[str, str | None]:
    """Folded and accented name, family / middle / given names, in Vietnamese order."""
    words = full_name.split()
    if not words:
        return dict.fromkeys(("name", "name_accent", "surname", "middle", "given", "given_accent"))
    keys = [_word(w) for w in words]
    family = surnames()
    if len(keys) > 1 and keys[-1][0] in family and keys[0][0] not in family:
        keys = [keys[-1], *keys[:-1]]  # family name last: "Đức Dũng Âu" → "Âu Đức Dũng"
    elif len(keys) > 2 and keys[0][0] not in family and keys[1][0] in family and keys[-1][0] not in family:
        keys = [*keys[1:], keys[0]]  # given name first: "Dũng Âu Đức" → "Âu Đức Dũng"
    folded = [k[0] for k in keys]
    accented = [k[1] for k in keys]
    single = len(keys) == 1
    return {
        "name": " ".join(folded),
        "name_accent": " ".join(accented),
        "surname": None if single else folded[0],
        "middle": (" ".join(folded[1:-1]) or None) if not single else None,
        "given": folded[-1],
        "given_accent": accented[-1],
    }


def digits(value: str | None) -> str | None:
    cleaned = _NOT_DIGIT.sub("", value or "")
    return cleaned or None


def phone_key(value: str | None) -> str | None:
    """Digits of a phone number with the +84 / 0 prefix taken off."""
    number = digits(value)
    if number is None:
        return None
    if number.startswith("84") and len(number) > 10:
        number = number[2:]
    return number.lstrip("0") or None


def table(records: Iterable[RawRecord]) -> pa.Table:
    """The comparison table of `records` (an Arrow table with `SCHEMA`)."""
    columns: dict[str, list[Any]] = {field.name: [] for field in SCHEMA}
    for record in records:
        parts = name_parts(record.full_name)
        birth = record.birth_date
        columns["unique_id"].append(record.id)
        for key, value in parts.items():
            columns[key].append(value)
        columns["dob"].append(birth.isoformat() if birth else None)
        columns["dob_y"].append(record.birth_year)
        columns["dob_m"].append(birth.month if birth else None)
        columns["dob_d"].append(birth.day if birth else None)
        columns["sex"].append(record.sex or None)
        columns["pid"].append(digits(record.personal_id))
        columns["commune"].append(record.commune)
        columns["commune_now"].append(record.commune_now)
        columns["province"].append(record.province)
        columns["phone"].append(phone_key(record.phone))
    return pa.Table.from_pydict(columns, schema=SCHEMA)
