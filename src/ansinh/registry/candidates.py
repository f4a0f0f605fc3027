"""Persons who are probably the one about to be registered: the candidate search at entry.

Before a person is created (by hand, by import, through the API, by a regime registering a seeker) the
registry is asked for records that probably describe the same human being. A record merged into another
by record linkage is no candidate: the one it was merged into is. The search runs in the
database on indexed columns, nation-wide, and scores each record found in Python; what the actor may be
told about the candidates is decided in `registry.resolve` (in scope: shown; out of scope: only "a
possible match exists in another unit").

Blocks (each an indexed lookup):

- the folded name (no diacritics, đ→d, lower case; also with the given name typed first or the family
  name typed last) with the birth year: "Au Duc Dung" 1990 finds "Âu Đức Dũng" 1990;
- the personal ID with one wrong digit (the 108 numbers one digit away, by the unique index);
- the phone number;
- the birth date within the commune (a misspelt or shortened name).

Score (points; a record with at least `THRESHOLD` whose name or number agrees is a candidate):
name same 4, reordered 3, family and given 2, given alone 1; birth date same 3, day and month swapped 2,
same year where one side has the year only 2, another date −2; personal ID one digit away 3, two other
numbers −5; phone 2; commune 1 (communes are stored with their post-2025 code, an old code is mapped to
its successor before the search); other sex −3. Each candidate says which fields agree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from ansinh.core import text
from ansinh.registry.models import Person

THRESHOLD = 6
MAX_CANDIDATES = 10
_CHUNK = 2_000  # probes per lookup query of a bulk search

_NAME_POINTS = {
    text.NAME_SAME: 4,
    text.NAME_REORDERED: 3,
    text.NAME_FAMILY_GIVEN: 2,
    text.NAME_GIVEN: 1,
}
_SQL_COLUMNS = (
    "id", "full_name", "name_folded", "birth_date", "birth_year", "sex", "personal_id", "phone", "commune_id",
)  # fmt: skip


def _words(folded: str) -> list[str]:
    """The words of a folded name, as `core.text.name_tokens` splits them."""
    return folded.replace("-", " ").replace("'", "").split()


@dataclass(frozen=True)
class Probe:
    """The facts typed for a new person (validated, normalised)."""

    full_name: str
    birth_year: int
    birth_date: dt.date | None = None
    sex: str = ""
    personal_id: str | None = None
    phone: str = ""
    commune_id: int | None = None

    @cached_property
    def name_folded(self) -> str:
        return text.fold(self.full_name)

    @cached_property
    def tokens(self) -> list[str]:
        return _words(self.name_folded)

    @cached_property
    def name_orders(self) -> list[str]:
        return text.name_orders(self.name_folded)

    @classmethod
    def of(cls, values: dict) -> Probe:
        """From the values `registry.services` stores for a person (their folded name included).

        Filled as the generated `__init__` would (no defaults or checks are skipped: every field is
        given), without its per-field `object.__setattr__`: an import makes one probe per row."""
        probe = object.__new__(cls)
        probe.__dict__.update(
            full_name=values["full_name"],
            birth_year=values["birth_year"],
            birth_date=values.get("birth_date"),
            sex=values.get("sex", ""),
            personal_id=values.get("personal_id") or None,
            phone=values.get("phone", ""),
            commune_id=values.get("commune_id"),
        )
        if "name_folded" in values:  # `text.fold` of the stored full name, as the property computes it
            probe.__dict__["name_folded"] = values["name_folded"]
        return probe


@dataclass(frozen=True)
class Record:
    pk: int
    full_name: str
    name_folded: str
    birth_date: dt.date | None
    birth_year: int
    sex: str
    personal_id: str | None
    phone: str
    commune_id: int


@dataclass
class Candidate:
    person_id: int
    score: int
    agrees: list[str] = field(default_factory=list)  # field names that agree: name, birth_date, …
    record: Record | None = None


def id_variants(number: str) -> list[str]:
    """The numbers one digit away from a 12-digit personal ID."""
    if len(number) != 12 or not number.isdigit():
        return []
    return [number[:i] + d + number[i + 1 :] for i in range(12) for d in "0123456789" if d != number[i]]


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def score(probe: Probe, record: Record, tokens: list[str] | None = None) -> Candidate | None:
    """The candidate this record makes for the probe, or None when it is probably someone else.
    `tokens`: the probe's name words, when the caller has them already."""
    points, agrees = 0, []
    probe_tokens = tokens if tokens is not None else probe.tokens
    agreement = text.tokens_agreement(probe_tokens, _words(record.name_folded))
    name_points = _NAME_POINTS.get(agreement, 0)
    if name_points:
        points += name_points
        agrees.append("full_name" if agreement == text.NAME_SAME else f"full_name:{agreement}")
    if probe.birth_date and record.birth_date:
        if probe.birth_date == record.birth_date:
            points += 3
            agrees.append("birth_date")
        elif (probe.birth_date.year, probe.birth_date.day, probe.birth_date.month) == (
            record.birth_date.year,
            record.birth_date.month,
            record.birth_date.day,
        ):
            points += 2
            agrees.append("birth_date:day_month_swapped")
        else:
            points -= 2
    elif probe.birth_year == record.birth_year:
        points += 2
        agrees.append("birth_year")
    else:
        points -= 2
    id_points = 0
    if probe.personal_id and record.personal_id:
        if probe.personal_id == record.personal_id:
            id_points = 10
            agrees.append("personal_id")
        elif _one_digit_apart(probe.personal_id, record.personal_id):
            id_points = 3
            agrees.append("personal_id:one_digit")
        else:
            id_points = -5
    points += id_points
    if probe.phone and probe.phone == record.phone:
        points += 2
        agrees.append("phone")
    if probe.commune_id is not None and probe.commune_id == record.commune_id:
        points += 1
        agrees.append("commune")
    if probe.sex and record.sex and probe.sex != record.sex:
        points -= 3
    if points < THRESHOLD or (name_points == 0 and id_points <= 0):
        return None
    return Candidate(record.pk, points, agrees, record)


def _blocks(probes: list[Probe], *, single: bool) -> tuple[str, list[object]]:
    """The lookup of a chunk of probes as SQL: each block's values are ONE parameter (a PostgreSQL
    array, a JSON array on SQLite), so a chunk of 2,000 probes costs one short statement to build and
    parse instead of thousands of bound values."""
    names: set[str] = set()
    years: set[int] = set()
    ids: set[str] = set()
    phones: set[str] = set()
    dates: set[dt.date] = set()
    communes: set[int] = set()
    for probe in probes:
        names.update(probe.name_orders)
        years.add(probe.birth_year)
        if single and probe.personal_id:
            ids.update(id_variants(probe.personal_id))
        if probe.phone:
            phones.add(probe.phone)
        if single and probe.birth_date and probe.commune_id is not None:
            dates.add(probe.birth_date)
            communes.add(probe.commune_id)
    postgres = connection.vendor == "postgresql"

    def listed(column: str, values: Iterable[object], kind: str) -> tuple[str, object]:
        if postgres:
            return f"{column} = ANY(%s::{kind}[])", list(values)
        # SQLite cannot tell the sizes of two JSON lists apart and would look a chunk up by its few
        # birth years (most of the registry) rather than by its names: "+" keeps the year off the index.
        column = f"+{column}" if column == "birth_year" else column
        return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(values), default=str)  # noqa: S608

    where: list[str] = []
    params: list[object] = []
    blocks = [(("name_folded", names, "text"), ("birth_year", years, "integer"))] if names else []
    if ids:
        blocks.append((("personal_id", ids, "text"),))
    if phones:
        blocks.append((("phone", phones, "text"),))
    if dates:
        blocks.append((("birth_date", dates, "date"), ("commune_id", communes, "bigint")))
    for block in blocks:
        parts = []
        for column, values, kind in block:
            sql, param = listed(column, values, kind)
            parts.append(sql)
            params.append(param)
        where.append("(" + " AND ".join(parts) + ")")
    table = connection.ops.quote_name(Person._meta.db_table)
    columns = ", ".join(_SQL_COLUMNS)
    # A person merged into another by record linkage is no longer a candidate (`Person.objects.live()`).
    # On SQLite "+" keeps that column's index (nearly every row is NULL) out of the plan.
    live = "merged_into_id IS NULL" if postgres else "+merged_into_id IS NULL"
    found = " OR ".join(where) or "1 = 0"
    return f"SELECT {columns} FROM {table} WHERE {live} AND ({found})", params  # noqa: S608


def find(probes: Iterable[Probe], *, exclude_ids: Iterable[int] = ()) -> list[list[Candidate]]:
    """For each probe its candidates in the whole registry, best first (at most MAX_CANDIDATES each).

    One probe searches every block; a file's probes are searched 2,000 at a time by name and birth year
    and by phone, and the personal ID and the birth date in the commune are compared on the records
    those blocks find (108 numbers per row, or every birthday of a commune, would swamp the query)."""
    probes = list(probes)
    excluded = set(exclude_ids)
    out: list[list[Candidate]] = []
    for first in range(0, len(probes), _CHUNK):
        chunk = probes[first : first + _CHUNK]
        sql, params = _blocks(chunk, single=len(probes) == 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            records = [Record(*row) for row in cursor.fetchall() if row[0] not in excluded]
        if not records:  # nobody in the registry shares a name and birth year or a phone with the chunk
            out += [[] for _probe in chunk]
            continue
        by_key: dict[object, list[Record]] = defaultdict(list)
        for record in records:
            by_key[("n", record.name_folded, record.birth_year)].append(record)
            if record.phone:
                by_key[("p", record.phone)].append(record)
            if record.birth_date:
                by_key[("d", record.birth_date, record.commune_id)].append(record)
            if record.personal_id:
                by_key[("i", record.personal_id)].append(record)
        for probe in chunk:
            seen: dict[int, Record] = {}
            keys: list[object] = [("n", n, probe.birth_year) for n in probe.name_orders]
            if probe.phone:
                keys.append(("p", probe.phone))
            if probe.birth_date:
                keys.append(("d", probe.birth_date, probe.commune_id))
            if probe.personal_id and len(probes) == 1:
                keys += [("i", v) for v in id_variants(probe.personal_id)]
            for key in keys:
                for record in by_key.get(key, ()):
                    seen[record.pk] = record
            if not seen:
                out.append([])
                continue
            tokens = probe.tokens
            found = [c for r in seen.values() if (c := score(probe, r, tokens)) is not None]
            found.sort(key=lambda c: (-c.score, c.person_id))
            out.append(found[:MAX_CANDIDATES])
    return out


def find_one(probe: Probe, *, exclude_ids: Iterable[int] = ()) -> list[Candidate]:
    return find([probe], exclude_ids=exclude_ids)[0]
