"""Person records in the form the linkage compares: one Arrow table, one row per record.

Names go through `ansinh.core.text` (the one folding the whole system uses): `accent_key` keeps the
diacritics with the canonical tone placement (so "Hoà"/"Hòa" agree), `fold` drops them and đ→d. Names
typed in another order go back to Vietnamese order: family name last ("Đức Dũng Âu") or given name first
("Dũng Âu Đức"), told by how often each word is a family, middle or given name in the name pools; the
words sorted (`name_set`) let the comparisons see two orders of one name where the order stays
ambiguous. A name of one word is a given name typed alone: family and middle name are then unknown
(null), not different.

Birth dates become the full date (null when only the year is known) plus year, month and day, so the
comparisons can see a day/month swap and a year-only record. Communes are compared as stored and as the
commune in force today (old codes from before the 2025 reform map to their successor).
"""

from __future__ import annotations

import datetime as dt
import json
import math
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
        ("name_set", pa.string()),  # the folded words sorted: equal for two orders of one name
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
    return frozenset(_role_counts()["family"])


@cache
def _role_counts() -> dict[str, dict[str, float]]:
    """How often each folded word is a family, middle or given name in the name pools (their weights)."""
    pools = json.loads(_NAMES.read_text(encoding="utf-8"))["pools"]
    counts: dict[str, dict[str, float]] = {"family": {}, "middle": {}, "given": {}}
    for pool in pools.values():
        for key, names in pool.items():
            role = key.split("_")[0]
            if role not in counts or not isinstance(names, dict):
                continue
            for name, weight in names.items():
                if isinstance(weight, int | float):
                    for word in fold(name).split():
                        counts[role][word] = counts[role].get(word, 0.0) + float(weight)
    return counts


@cache
def _role_logp() -> dict[str, tuple[dict[str, float], float]]:
    """Per role: log P(word | role) for the words seen, and the log-probability of an unseen word."""
    out = {}
    for role, counts in _role_counts().items():
        total = sum(counts.values()) + len(counts) + 1
        unseen = math.log(0.1 / total)  # an unseen word: a tenth of the rarest seen one
        out[role] = ({w: math.log((c + 1) / total) for w, c in counts.items()}, unseen)
    return out


def _order_score(words: list[str]) -> float:
    """Log-likelihood that `words` are family, middle…, given name in this order."""
    logp = _role_logp()

    def lp(role: str, word: str) -> float:
        known, unseen = logp[role]
        return known.get(word, unseen)

    score = lp("family", words[0]) + lp("given", words[-1])
    return score + sum(lp("middle", w) for w in words[1:-1])


# An order other than the typed one is taken only when the name pools make it this much likelier.
REORDER_MARGIN = math.log(20)


@lru_cache(maxsize=200_000)
def vietnamese_order(folded: tuple[str, ...]) -> tuple[int, ...]:
    """The positions of a folded name's words in Vietnamese order (family, middle…, given).

    The typed order, the given name typed first ("dung au duc") and the family name typed last ("duc dung
    au") are scored by how often each word is a family, middle or given name in the name pools; another
    order is taken only when it is clearly likelier (`REORDER_MARGIN`). This settles the cases a list of
    family names alone cannot, where a given name is also a family name ("Mai Nguyễn Thị" is Nguyễn Thị
    Mai, "Hoàng Lê Văn" is Lê Văn Hoàng). A two-word name may be swapped the same way.
    """
    n = len(folded)
    typed = tuple(range(n))
    if n < 2:
        return typed
    words = list(folded)
    best, best_score = typed, _order_score(words) + REORDER_MARGIN
    for order in (tuple([*range(1, n), 0]), tuple([n - 1, *range(n - 1)])):  # given first; family last
        score = _order_score([words[i] for i in order])
        if score > best_score:
            best, best_score = order, score
    return best


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[str, str]:
    return fold(word), accent_key(word)


def name_parts(full_name: str) -> dict[str, str | None]:
    """Folded and accented name, family / middle / given names, in Vietnamese order, and the name's words
    in any order (`name_set`: sorted folded words, equal for two orders of the same name)."""
    words = full_name.split()
    if not words:
        return dict.fromkeys(
            ("name", "name_accent", "surname", "middle", "given", "given_accent", "name_set")
        )
    typed = [_word(w) for w in words]
    keys = [typed[i] for i in vietnamese_order(tuple(k[0] for k in typed))]
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
        "name_set": " ".join(sorted(folded)),
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
