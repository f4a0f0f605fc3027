"""Database rows → matching profiles, set-based: a few `values_list` queries per chunk of ids, no per-row ORM.

Coordinates come from the commune (`geo.AdminUnit.latitude/longitude`), read once per process.
A seeker's age comes from the registry person (1 January of the birth year when only the year is known,
the convention of Vietnamese social-insurance law).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
from django.db.models import Q, QuerySet

from ansinh.core import clock
from ansinh.core.periods import age_on
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour.matching.index import haversine_km
from ansinh.labour.matching.profiles import Place, SeekerProfile, VacancyProfile
from ansinh.labour.models import JobSeeker, SeekerOccupation, SeekerPlace, Vacancy

CHUNK = 20_000

SEEKER_FIELDS = (
    "id", "title", "occupation_code", "commune_id", "province_code", "skills", "certificates",
    "field_of_study", "general_education", "qualification", "experience_years", "wage_min", "wage_max",
    "work_type", "willing_to_move", "employment_status", "ui_status", "person__birth_date",
    "person__birth_year", "occupation_confirmed",
)  # fmt: skip
VACANCY_FIELDS = (
    "id", "title", "occupation_code", "commune_id", "province_code", "skills", "min_general_education",
    "min_qualification", "min_experience_years", "wage_min", "wage_max", "work_type", "age_min", "age_max",
    "deadline", "employer_id", "posts", "occupation_confirmed",
)  # fmt: skip


@lru_cache(maxsize=1)
def _coordinates() -> dict[int, tuple[float, float]]:
    rows = AdminUnit.objects.filter(latitude__isnull=False, longitude__isnull=False)
    return {pk: (lat, lon) for pk, lat, lon in rows.values_list("pk", "latitude", "longitude")}


_without_coordinates: set[int] = set()


def place(province_code: str, commune_id: int | None) -> Place:
    if not commune_id:
        return Place(province_code, None)
    found = _coordinates().get(commune_id)
    if found is None and commune_id not in _without_coordinates:
        _coordinates.cache_clear()  # units were reloaded since the cache was filled (tests, load-units)
        _communes.cache_clear()
        found = _coordinates().get(commune_id)
        if found is None:
            _without_coordinates.add(commune_id)
    lat, lon = found or (None, None)
    return Place(province_code, commune_id, lat, lon)


@lru_cache(maxsize=1)
def _communes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = list(
        AdminUnit.objects.current()
        .filter(level=Level.COMMUNE, latitude__isnull=False, longitude__isnull=False)
        .values_list("pk", "latitude", "longitude")
    )
    ids, lat, lon = (np.array(column) for column in zip(*rows, strict=True)) if rows else ([], [], [])
    return np.asarray(ids, dtype=np.int64), np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)


def communes_near(where: Place, km: float) -> list[int]:
    """Current communes within `km` of a place (by their coordinates); empty when it has none."""
    if where.lat is None or where.lon is None:
        return []
    ids, lat, lon = _communes()
    return [int(i) for i in ids[haversine_km(where.lat, where.lon, lat, lon) <= km]]


def _age(birth_date: dt.date | None, birth_year: int | None, today: dt.date) -> int | None:
    if birth_date is None and birth_year:
        birth_date = dt.date(birth_year, 1, 1)
    return age_on(birth_date, today) if birth_date else None


def _chunks(queryset: QuerySet, fields: tuple[str, ...], chunk: int) -> Iterator[list[tuple]]:
    """Rows in id order, `chunk` at a time, by keyset (never OFFSET)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list(*fields)[:chunk])
        if not rows:
            return
        yield rows
        last = rows[-1][0]
        if len(rows) < chunk:
            return


def seeker_profiles(
    queryset: QuerySet[JobSeeker], *, today: dt.date | None = None, chunk: int = CHUNK
) -> Iterator[SeekerProfile]:
    today = today or clock.today()
    for rows in _chunks(queryset, SEEKER_FIELDS, chunk):
        which = _same_seekers(rows)
        occupations = _by_seeker(
            SeekerOccupation.objects.filter(which)
            .order_by("seeker_id", "rank", "id")
            .values_list("seeker_id", "occupation_code")
        )
        places = _by_seeker(
            SeekerPlace.objects.filter(which).values_list("seeker_id", "province_code", "commune_id")
        )
        for row in rows:
            yield _seeker(row, occupations.get(row[0], []), places.get(row[0], []), today)


def _same_seekers(rows: list[tuple]) -> Q:
    """The child rows of these seekers: by id range when the ids are dense (a full scan in chunks),
    by the list of ids when they are sparse (the top results of a query)."""
    low, high = rows[0][0], rows[-1][0]
    if high - low < 2 * len(rows):
        return Q(seeker_id__gte=low, seeker_id__lte=high)
    return Q(seeker_id__in=[row[0] for row in rows])


def _by_seeker(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for seeker_id, *rest in rows:
        grouped[seeker_id].append(tuple(rest))
    return grouped


def _seeker(row: tuple, occupations: list[tuple], places: list[tuple], today: dt.date) -> SeekerProfile:
    (pk, title, code, commune_id, province, skills, certificates, study, general, qualification, years,
     wage_min, wage_max, work_type, willing, employment, ui, birth_date, birth_year,
     confirmed) = row  # fmt: skip
    codes = list(dict.fromkeys([code, *(c for (c,) in occupations)]))
    return SeekerProfile(
        id=pk,
        title=title,
        occupations=tuple(c for c in codes if c),
        home=place(province, commune_id),
        skills=skills,
        certificates=certificates,
        field_of_study=study,
        general_education=general,
        qualification=qualification,
        experience_years=years,
        wage_min=wage_min,
        wage_max=wage_max,
        work_type=work_type,
        willing_to_move=willing,
        wanted_provinces=frozenset(p for p, c in places if c is None),
        wanted_communes=frozenset(c for _, c in places if c is not None),
        age=_age(birth_date, birth_year, today),
        employment_status=employment,
        ui_status=ui,
        occupation_confirmed=confirmed,
    )


def vacancy_profiles(queryset: QuerySet[Vacancy], *, chunk: int = CHUNK) -> Iterator[VacancyProfile]:
    for rows in _chunks(queryset, VACANCY_FIELDS, chunk):
        for row in rows:
            yield _vacancy(row)


def _vacancy(row: tuple) -> VacancyProfile:
    (pk, title, code, commune_id, province, skills, general, qualification, years, wage_min, wage_max,
     work_type, age_min, age_max, deadline, employer, posts, confirmed) = row  # fmt: skip
    return VacancyProfile(
        id=pk,
        title=title,
        occupation=code,
        place=place(province, commune_id),
        skills=skills,
        min_general_education=general,
        min_qualification=qualification,
        min_experience_years=years,
        wage_min=wage_min,
        wage_max=wage_max,
        work_type=work_type,
        age_min=age_min,
        age_max=age_max,
        deadline=deadline,
        employer_id=employer,
        posts=posts,
        occupation_confirmed=confirmed,
    )


def profiles_by_id(profiles: Iterable, ids: Iterable[int]) -> list:
    """`profiles` reordered as `ids` (missing ids dropped)."""
    found = {p.id: p for p in profiles}
    return [found[i] for i in ids if i in found]
