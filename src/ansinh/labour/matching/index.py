"""In-memory matching indexes: one numpy column per attribute plus inverted lists, built once per data set.

`VacancyIndex` holds the open vacancies (about 100 k nationally) and answers "which vacancies for this
seeker"; `SeekerIndex` holds active seekers and answers "which seekers for this vacancy", and
`PartitionedSeekerIndex` splits the 1 M of them by province. A query never loops over rows in Python:
candidates come from inverted lists (occupation sub-major group, related occupations, job-title tokens;
`columns`), every factor is computed for all candidates at once (`scoring.score`), and only the top rows
are explained.

Occupation codes become integer prefix keys, `int("1" + code[:k])` for k = 1…4 plus the whole code,
so "0110" and "110" never collide and "is in the same minor group" is one integer comparison.
"""

from __future__ import annotations

import array
import datetime as dt
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np

from ansinh.core.text import fold
from ansinh.labour.matching import scoring
from ansinh.labour.matching.columns import KeyPostings, TermBuilder, TextBuilder, TextHits, TokenSets
from ansinh.labour.matching.profiles import SeekerProfile, VacancyProfile
from ansinh.labour.matching.text import skill_terms

LEVELS = 5  # prefix lengths 1–4 and the whole code
CHOICES = 3  # a seeker's wanted occupations kept in the index
EARTH_KM = 6371.0088


def code_keys(code: str) -> list[int]:
    """Prefix keys of an occupation code at lengths 1–4, then the whole code; -1 where it is shorter."""
    code = (code or "").strip()
    if not code.isdigit():
        return [-1] * LEVELS
    keys = [int("1" + code[:k]) if len(code) >= k else -1 for k in range(1, LEVELS)]
    return [*keys, int("1" + code)]


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else -1


def _nan(value: float | int | None) -> float:
    return float(value) if value is not None and value > 0 else math.nan


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance; NaN where a coordinate is missing."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(x, dtype=np.float64)) for x in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


# --- shared columns ------------------------------------------------------------------------------------


class _Columns:
    """Append-only lists of scalars, turned into typed numpy arrays."""

    def __init__(self, *names: str) -> None:
        self.data: dict[str, list] = {name: [] for name in names}

    def add(self, **values) -> None:
        for name, value in values.items():
            self.data[name].append(value)

    def array(self, name: str, dtype) -> np.ndarray:
        return np.array(self.data.pop(name), dtype=dtype)


_NUMERIC = {
    "id": np.int64,
    "province": np.int32,
    "commune": np.int64,
    "lat": np.float64,
    "lon": np.float64,
    "wage_low": np.float64,
    "wage_high": np.float64,
    "general_education": np.int16,
    "qualification": np.int16,
    "experience": np.int16,
    "work_type": np.int8,
    "confirmed": np.bool_,  # the occupation code is confirmed (not only coded from the title)
}


def _place_values(place) -> dict:
    lat = place.lat if place.lat is not None else math.nan
    lon = place.lon if place.lon is not None else math.nan
    commune = place.commune_id if place.commune_id is not None else -1
    return {"province": _int(place.province_code), "commune": commune, "lat": lat, "lon": lon}


def seeker_wage(profile: SeekerProfile) -> float:
    return _nan(profile.wage_min) if profile.wage_min else _nan(profile.wage_max)


def offer_wages(profile: VacancyProfile) -> tuple[float, float]:
    low = _nan(profile.wage_min)
    high = _nan(profile.wage_max) if profile.wage_max else low
    return low, high


# --- vacancies ------------------------------------------------------------------------------------------

TEXT_CANDIDATE = 0.2  # a title this similar is a candidate whatever its occupation code


class VacancyIndex:
    """Open vacancies, column by column. Build with `VacancyIndex.build(profiles)`."""

    n: int
    profiles: list[VacancyProfile] | None

    @classmethod
    def build(cls, profiles: Iterable[VacancyProfile], *, keep_profiles: bool = False) -> VacancyIndex:
        self = cls()
        extra = ("age_min", "age_max", "deadline", "employer")
        cols = _Columns(*_NUMERIC, *extra, *_key_names())
        text, terms = TextBuilder(), TermBuilder()
        kept: list[VacancyProfile] = []
        for row, p in enumerate(profiles):
            low, high = offer_wages(p)
            cols.add(id=p.id, **_place_values(p.place), wage_low=low, wage_high=high)
            cols.add(general_education=p.min_general_education, qualification=p.min_qualification)
            cols.add(experience=p.min_experience_years, work_type=scoring.WORK_TYPE_CODE.get(p.work_type, 0))
            cols.add(confirmed=p.occupation_confirmed)
            cols.add(age_min=_or(p.age_min), age_max=_or(p.age_max))
            cols.add(deadline=p.deadline.toordinal() if p.deadline else 0, employer=_or(p.employer_id))
            cols.add(**dict(zip(_key_names(), code_keys(p.occupation), strict=True)))
            text.add(row, p.title)
            terms.add(row, p.skills)
            if keep_profiles:
                kept.append(p)
        self.n = len(cols.data["id"])
        for name, dtype in _NUMERIC.items():
            setattr(self, name, cols.array(name, dtype))
        self.age_min, self.age_max = cols.array("age_min", np.int16), cols.array("age_max", np.int16)
        self.deadline, self.employer = cols.array("deadline", np.int32), cols.array("employer", np.int64)
        self.keys = np.stack([cols.array(name, np.int32) for name in _key_names()]).reshape(LEVELS, self.n)
        self.by_group = KeyPostings.build(np.arange(self.n), self.keys[1].astype(np.int64))
        self.by_unit = KeyPostings.build(np.arange(self.n), self.keys[3].astype(np.int64))
        self.text = text.freeze()
        self.terms = terms.freeze(self.n)
        self.alive = np.ones(self.n, dtype=bool)
        self.profiles = kept if keep_profiles else None
        return self

    @property
    def nbytes(self) -> int:
        arrays = [getattr(self, name) for name in _NUMERIC] + [self.age_min, self.age_max, self.deadline]
        arrays += [self.employer, self.keys, self.alive]
        postings = self.by_group.nbytes + self.by_unit.nbytes
        return sum(a.nbytes for a in arrays) + postings + self.text.nbytes + self.terms.nbytes

    def candidates(self, seeker: SeekerProfile, hits: TextHits) -> np.ndarray:
        """Live rows in one of the seeker's sub-major groups or related occupations, or with a close title."""
        groups = {code_keys(code)[1] for code in seeker.occupations[:CHOICES]} - {-1}
        units = {key for code in seeker.occupations[:CHOICES] for key in related_keys(code)}
        parts = [self.by_group.get(g) for g in groups] + [self.by_unit.get(u) for u in units]
        parts.append(hits.candidates(TEXT_CANDIDATE))
        return _union(parts, self.alive)

    def features(self, seeker: SeekerProfile, rows: np.ndarray, hits: TextHits) -> scoring.Features:
        choices = _choices(seeker)
        s_keys = np.array([code_keys(c) for c in choices], dtype=np.int64).T  # (LEVELS, CHOICES)
        related = self._related(choices, rows)
        level, is_related, choice, points = _occupation(
            s_keys[:, None, :], self.keys[:, rows][:, :, None], related
        )
        confirmed = self.confirmed[rows] & seeker.occupation_confirmed
        text_acc, text_fold, unaccented = hits.at(rows)
        home = _place_values(seeker.home)
        return scoring.Features(
            occ_level=level,
            occ_related=is_related,
            occ_points=points,
            occ_choice=choice,
            occ_confirmed=confirmed,
            text_acc=text_acc,
            text_fold=text_fold,
            text_unaccented=unaccented,
            same_commune=(self.commune[rows] == home["commune"]) & (home["commune"] >= 0),
            same_province=self.province[rows] == home["province"],
            km=haversine_km(home["lat"], home["lon"], self.lat[rows], self.lon[rows]),
            wanted_commune=np.isin(self.commune[rows], list(seeker.wanted_communes)),
            wanted_province=np.isin(self.province[rows], [_int(p) for p in seeker.wanted_provinces]),
            willing=np.bool_(seeker.willing_to_move),
            seeker_wage=seeker_wage(seeker),
            offer_low=self.wage_low[rows],
            offer_high=self.wage_high[rows],
            general_education=seeker.general_education,
            qualification=seeker.qualification,
            experience=seeker.experience_years,
            min_general_education=self.general_education[rows],
            min_qualification=self.qualification[rows],
            min_experience=self.experience[rows],
            skills_required=self.terms.required(rows),
            skills_held=self.terms.held(seeker, rows),
            seeker_work_type=scoring.WORK_TYPE_CODE.get(seeker.work_type, 0),
            vacancy_work_type=self.work_type[rows],
        )

    def _related(self, choices: list[str], rows: np.ndarray) -> np.ndarray:
        """(rows, CHOICES): the row's unit group is listed as related to the seeker's choice."""
        related = np.zeros((len(rows), CHOICES), dtype=bool)
        for j, code in enumerate(choices):
            keys = related_keys(code)
            if keys:
                related[:, j] = np.isin(self.keys[3, rows], keys)
        return related

    def group_features(
        self, seekers: list[SeekerProfile], rows: np.ndarray, hits: TextHits
    ) -> scoring.Features:
        """`features` for several seekers with the same title and occupations: (seekers × rows) arrays."""
        first = seekers[0]
        choices = _choices(first)
        s_keys = np.array([code_keys(c) for c in choices], dtype=np.int64).T
        related = self._related(choices, rows)
        level, is_related, choice, points = _occupation(
            s_keys[:, None, :], self.keys[:, rows][:, :, None], related
        )
        confirmed = self.confirmed[rows] & first.occupation_confirmed
        text_acc, text_fold, unaccented = hits.at(rows)
        homes = [_place_values(s.home) for s in seekers]

        def column(values, dtype=np.float64) -> np.ndarray:
            return np.array(values, dtype=dtype)[:, None]

        commune, province = (
            column([h["commune"] for h in homes], np.int64),
            column([h["province"] for h in homes], np.int32),
        )
        lat, lon = column([h["lat"] for h in homes]), column([h["lon"] for h in homes])
        held_by_words: dict[frozenset[str], np.ndarray] = {}
        held = []
        for s in seekers:
            words = scoring.seeker_syllables(s)
            if words not in held_by_words:
                held_by_words[words] = self.terms.held(s, rows)
            held.append(held_by_words[words])
        return scoring.Features(
            occ_level=level,
            occ_related=is_related,
            occ_points=points,
            occ_choice=choice,
            occ_confirmed=confirmed,
            text_acc=text_acc,
            text_fold=text_fold,
            text_unaccented=unaccented,
            same_commune=(self.commune[rows] == commune) & (commune >= 0),
            same_province=self.province[rows] == province,
            km=haversine_km(lat, lon, self.lat[rows], self.lon[rows]),
            wanted_commune=self._wanted(seekers, rows, lambda s: s.wanted_communes, self.commune),
            wanted_province=self._wanted(
                seekers, rows, lambda s: {_int(p) for p in s.wanted_provinces}, self.province
            ),
            willing=column([s.willing_to_move for s in seekers], bool),
            seeker_wage=column([seeker_wage(s) for s in seekers]),
            offer_low=self.wage_low[rows],
            offer_high=self.wage_high[rows],
            general_education=column([s.general_education for s in seekers], np.int16),
            qualification=column([s.qualification for s in seekers], np.int16),
            experience=column([s.experience_years for s in seekers], np.int16),
            min_general_education=self.general_education[rows],
            min_qualification=self.qualification[rows],
            min_experience=self.experience[rows],
            skills_required=self.terms.required(rows),
            skills_held=np.stack(held) if held else np.zeros((0, len(rows))),
            seeker_work_type=column([scoring.WORK_TYPE_CODE.get(s.work_type, 0) for s in seekers], np.int8),
            vacancy_work_type=self.work_type[rows],
        )

    @staticmethod
    def _wanted(seekers, rows, places, column) -> np.ndarray:
        wanted = np.zeros((len(seekers), len(rows)), dtype=bool)
        values = column[rows]
        for i, seeker in enumerate(seekers):
            asked = places(seeker)
            if asked:
                wanted[i] = np.isin(values, list(asked))
        return wanted

    def group_eligible(self, seekers: list[SeekerProfile], rows: np.ndarray, *, today: dt.date) -> np.ndarray:
        ok = (self.deadline[rows] == 0) | (self.deadline[rows] >= today.toordinal())
        ages = np.array([_or(s.age) for s in seekers], dtype=np.int16)[:, None]
        return ok & _age_ok(ages, self.age_min[rows], self.age_max[rows])

    def reachable(
        self, seekers: list[SeekerProfile], rows: np.ndarray, *, staying: bool = False
    ) -> np.ndarray:
        """The rows a widening could still reach for these seekers (same province, within the neighbour
        radius, a place they asked for; anywhere if one is willing to move, unless `staying`: the rows
        every step but the last can reach). Only a shortcut: the steps of `rank` decide, and nothing
        they could return is dropped here."""
        if not staying and any(s.willing_to_move for s in seekers):
            return rows
        keep = np.isin(self.province[rows], list({_int(s.home.province_code) for s in seekers}))
        wanted = {_int(p) for s in seekers for p in s.wanted_provinces}
        if wanted:
            keep |= np.isin(self.province[rows], list(wanted))
        communes = {c for s in seekers for c in s.wanted_communes}
        if communes:
            keep |= np.isin(self.commune[rows], list(communes))
        homes = [
            (s.home.lat, s.home.lon) for s in seekers if s.home.lat is not None and s.home.lon is not None
        ]
        if homes:
            keep |= _box(self.lat[rows], self.lon[rows], homes, scoring.NEIGHBOUR_KM + 1)
        return rows[keep]

    def eligible(self, seeker: SeekerProfile, rows: np.ndarray, *, today: dt.date) -> np.ndarray:
        """Hard filters: the deadline has not passed; the seeker's age is inside a legal age band."""
        ok = (self.deadline[rows] == 0) | (self.deadline[rows] >= today.toordinal())
        return ok & _age_ok(seeker.age, self.age_min[rows], self.age_max[rows])

    def filtered(
        self,
        rows: np.ndarray,
        *,
        province: str | None = None,
        occupation: str | None = None,
        wage_at_least: int | None = None,
        work_type: str | None = None,
        employer: int | None = None,
    ) -> np.ndarray:
        """The rows that pass a counsellor's filters (each one optional)."""
        ok = np.ones(len(rows), dtype=bool)
        if province:
            ok &= self.province[rows] == _int(province)
        if occupation:
            ok &= self.keys[_prefix_level(occupation), rows] == _prefix_key(occupation)
        if wage_at_least:
            ok &= self.wage_high[rows] >= wage_at_least
        if work_type and work_type != "any":
            code = scoring.WORK_TYPE_CODE.get(work_type, -1)
            ok &= (self.work_type[rows] == code) | (self.work_type[rows] == 0)
        if employer:
            ok &= self.employer[rows] == employer
        return rows[ok]


def _union(parts: list[np.ndarray], alive: np.ndarray) -> np.ndarray:
    """Sorted live rows present in any part (a mask beats sorting when parts are long)."""
    mask = np.zeros(len(alive), dtype=bool)
    for part in parts:
        mask[part] = True
    return np.flatnonzero(mask & alive)


def _box(lat: np.ndarray, lon: np.ndarray, points: list[tuple[float, float]], km: float) -> np.ndarray:
    """Rows inside the bounding box of `points` widened by `km`: a cheap superset of "within km"."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    dlat = km / 110.0
    dlon = km / (111.3 * math.cos(math.radians(max(abs(x) for x in lats)))) + 1e-9
    with np.errstate(invalid="ignore"):
        return (
            (lat >= min(lats) - dlat)
            & (lat <= max(lats) + dlat)
            & (lon >= min(lons) - dlon)
            & (lon <= max(lons) + dlon)
        )


def _or(value: int | None) -> int:
    return -1 if value is None else value


def _age_ok(age: int | np.ndarray | None, low: np.ndarray | int, high: np.ndarray | int) -> np.ndarray:
    if age is None:
        return np.ones(np.shape(low) or np.shape(high), dtype=bool)
    known = np.asarray(age) >= 0
    return ~known | (((low < 0) | (low <= age)) & ((high < 0) | (high >= age)))


def _prefix_level(prefix: str) -> int:
    return min(len(prefix), LEVELS) - 1


def _prefix_key(prefix: str) -> int:
    return int("1" + prefix) if prefix.isdigit() else -2


def _key_names() -> list[str]:
    return [f"key{k}" for k in range(LEVELS)]


def _choices(seeker: SeekerProfile) -> list[str]:
    codes = list(seeker.occupations[:CHOICES])
    return codes + [""] * (CHOICES - len(codes))


def _occupation(seeker_keys: np.ndarray, vacancy_keys: np.ndarray, related: np.ndarray):
    """Best (level, related, choice, points) over the seeker's choices.

    Keys broadcast to (LEVELS, n, CHOICES), `related` to (n, CHOICES). Level is the common prefix length
    0–4, or 5 for the same code."""
    equal = (seeker_keys == vacancy_keys) & (seeker_keys >= 0)
    level = equal[0].astype(np.int8) + equal[1] + equal[2] + equal[3]  # common prefix length (LEVELS = 5)
    exact = equal[LEVELS - 1]
    related = np.broadcast_to(related, exact.shape)
    choice = np.arange(CHOICES)[None, :]
    points = scoring.occupation_points(level, exact, related, choice)
    best = np.argmax(points, axis=1)
    pick = np.arange(points.shape[0])
    level = np.where(exact[pick, best], 5, level[pick, best])
    return level, related[pick, best], best, points[pick, best]


@cache
def related_codes() -> dict[str, frozenset[str]]:
    """Unit group → the unit groups listed as related to it (both directions)."""
    related: dict[str, set[str]] = {}
    path = Path(__file__).with_name("related_occupations.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        a, b, *_ = line.split("\t")
        related.setdefault(a, set()).add(b)
        related.setdefault(b, set()).add(a)
    return {code: frozenset(others) for code, others in related.items()}


def related_keys(code: str) -> list[int]:
    """Unit-group keys (level 4) of the occupations related to `code`."""
    return [code_keys(other)[3] for other in sorted(related_codes().get((code or "")[:4], ()))]


# --- seekers --------------------------------------------------------------------------------------------

EMPLOYMENT_STATUS = {"unemployed": 0, "employed": 1, "never_worked": 2, "student": 3}
UI_STATUS = {"none": 0, "applied": 1, "receiving": 2, "ended": 3}


class SeekerIndex:
    """Active job seekers, column by column. Build with `SeekerIndex.build(profiles)`."""

    n: int
    profiles: list[SeekerProfile] | None

    @classmethod
    def build(cls, profiles: Iterable[SeekerProfile], *, keep_profiles: bool = False) -> SeekerIndex:
        self = cls()
        cols = _Columns(*_NUMERIC, "willing", "age", "employment", "ui")
        keys: list[list[int]] = []
        wanted_p: tuple[array.array, array.array] = (array.array("q"), array.array("q"))
        wanted_c: tuple[array.array, array.array] = (array.array("q"), array.array("q"))
        text, skills = TextBuilder(), TokenSets()
        kept: list[SeekerProfile] = []
        for row, p in enumerate(profiles):
            cols.add(id=p.id, **_place_values(p.home), wage_low=seeker_wage(p), wage_high=_nan(p.wage_max))
            cols.add(general_education=p.general_education, qualification=p.qualification)
            cols.add(experience=p.experience_years, work_type=scoring.WORK_TYPE_CODE.get(p.work_type, 0))
            cols.add(confirmed=p.occupation_confirmed)
            cols.add(willing=p.willing_to_move, age=_or(p.age))
            cols.add(
                employment=EMPLOYMENT_STATUS.get(p.employment_status, -1), ui=UI_STATUS.get(p.ui_status, -1)
            )
            keys.extend(code_keys(c) for c in _choices(p))
            for province in p.wanted_provinces:
                wanted_p[0].append(row)
                wanted_p[1].append(_int(province))
            for commune in p.wanted_communes:
                wanted_c[0].append(row)
                wanted_c[1].append(commune)
            text.add(row, p.title)
            skills.add_words(row, scoring.seeker_syllables(p))
            if keep_profiles:
                kept.append(p)
        self.n = len(cols.data["id"])
        for name, dtype in _NUMERIC.items():
            setattr(self, name, cols.array(name, dtype))
        self.willing = cols.array("willing", bool)
        self.age = cols.array("age", np.int16)
        self.employment, self.ui = cols.array("employment", np.int8), cols.array("ui", np.int8)
        # (LEVELS, n, CHOICES)
        self.keys = np.array(keys, dtype=np.int32).reshape(self.n, CHOICES, LEVELS).transpose(2, 0, 1).copy()
        rows = np.repeat(np.arange(self.n), CHOICES)
        self.by_group = KeyPostings.build(rows, self.keys[1].reshape(-1).astype(np.int64))
        self.by_unit = KeyPostings.build(rows, self.keys[3].reshape(-1).astype(np.int64))
        self.wanted_provinces = KeyPostings.build(_np(wanted_p[0]), _np(wanted_p[1]))
        self.wanted_communes = KeyPostings.build(_np(wanted_c[0]), _np(wanted_c[1]))
        self.text = text.freeze()
        self.skill_vocab = (dict(skills.vocab[0]), dict(skills.vocab[1]))
        self.skill_postings = skills.freeze()
        self.alive = np.ones(self.n, dtype=bool)
        self.profiles = kept if keep_profiles else None
        located = ~(np.isnan(self.lat) | np.isnan(self.lon))
        self.bbox = (
            (
                self.lat[located].min(),
                self.lat[located].max(),
                self.lon[located].min(),
                self.lon[located].max(),
            )
            if located.any()
            else None
        )
        return self

    @property
    def nbytes(self) -> int:
        arrays = [getattr(self, name) for name in _NUMERIC]
        arrays += [self.willing, self.age, self.employment, self.ui, self.keys, self.alive]
        postings = [self.by_group, self.by_unit, self.wanted_provinces, self.wanted_communes]
        postings += list(self.skill_postings)
        return sum(a.nbytes for a in arrays) + sum(p.nbytes for p in postings) + self.text.nbytes

    def candidates(self, vacancy: VacancyProfile, hits: TextHits) -> np.ndarray:
        group = code_keys(vacancy.occupation)[1]
        parts = [self.by_group.get(group), hits.candidates(TEXT_CANDIDATE)]
        parts += [self.by_unit.get(unit) for unit in related_keys(vacancy.occupation)]
        return _union(parts, self.alive)

    def features(self, vacancy: VacancyProfile, rows: np.ndarray, hits: TextHits) -> scoring.Features:
        v_keys = np.array(code_keys(vacancy.occupation), dtype=np.int64)
        keys = related_keys(vacancy.occupation)
        related = np.isin(self.keys[3, rows, :], keys) if keys else np.zeros((len(rows), CHOICES), dtype=bool)
        level, is_related, choice, points = _occupation(self.keys[:, rows, :], v_keys[:, None, None], related)
        confirmed = self.confirmed[rows] & vacancy.occupation_confirmed
        text_acc, text_fold, unaccented = hits.at(rows)
        place = _place_values(vacancy.place)
        low, high = offer_wages(vacancy)
        return scoring.Features(
            occ_level=level,
            occ_related=is_related,
            occ_points=points,
            occ_choice=choice,
            occ_confirmed=confirmed,
            text_acc=text_acc,
            text_fold=text_fold,
            text_unaccented=unaccented,
            same_commune=(self.commune[rows] == place["commune"]) & (place["commune"] >= 0),
            same_province=self.province[rows] == place["province"],
            km=haversine_km(self.lat[rows], self.lon[rows], place["lat"], place["lon"]),
            wanted_commune=self._member(rows, self.wanted_communes.get(place["commune"])),
            wanted_province=self._member(rows, self.wanted_provinces.get(place["province"])),
            willing=self.willing[rows],
            seeker_wage=self.wage_low[rows],
            offer_low=low,
            offer_high=high,
            general_education=self.general_education[rows],
            qualification=self.qualification[rows],
            experience=self.experience[rows],
            min_general_education=vacancy.min_general_education,
            min_qualification=vacancy.min_qualification,
            min_experience=vacancy.min_experience_years,
            skills_required=len(skill_terms(vacancy.skills)),
            skills_held=self._held(vacancy, rows),
            seeker_work_type=self.work_type[rows],
            vacancy_work_type=scoring.WORK_TYPE_CODE.get(vacancy.work_type, 0),
        )

    def _held(self, vacancy: VacancyProfile, rows: np.ndarray) -> np.ndarray:
        """Required skills each seeker holds (the rule of `scoring.word_held`), by inverted lists."""
        held = np.zeros(len(rows), dtype=np.int64)
        for term in skill_terms(vacancy.skills):
            ok = np.ones(len(rows), dtype=bool)
            for word in term.split(" "):
                ok &= self._member(rows, self._rows_with(word))
            held += ok
        return held

    def _member(self, rows: np.ndarray, posting: np.ndarray) -> np.ndarray:
        """Which of `rows` are in `posting`: a mask over the index, cheaper than sorting long lists."""
        if not len(posting):
            return np.zeros(len(rows), dtype=bool)
        if len(posting) < 64:
            return np.isin(rows, posting)
        mask = np.zeros(self.n, dtype=bool)
        mask[posting] = True
        return mask[rows]

    def _rows_with(self, word: str) -> np.ndarray:
        folded = fold(word)
        lists = [self._posting(0, word), self._posting(0, folded)]  # typed alike; seeker typed no accents
        if word.isascii():
            lists.append(self._posting(1, word))  # the vacancy typed no accents
        return np.concatenate(lists)

    def _posting(self, form: int, token: str) -> np.ndarray:
        tid = self.skill_vocab[form].get(token)
        return self.skill_postings[form].get(tid) if tid is not None else np.empty(0, dtype=np.int32)

    def reachable(self, vacancy: VacancyProfile, rows: np.ndarray) -> np.ndarray:
        """The seekers a widening could still reach (see `VacancyIndex.reachable`)."""
        place = vacancy.place
        keep = self.willing[rows] | (self.province[rows] == _int(place.province_code))
        keep |= self._member(rows, self.wanted_provinces.get(_int(place.province_code)))
        if place.commune_id is not None:
            keep |= self._member(rows, self.wanted_communes.get(place.commune_id))
        if place.lat is not None and place.lon is not None:
            keep |= _box(self.lat[rows], self.lon[rows], [(place.lat, place.lon)], scoring.NEIGHBOUR_KM + 1)
        return rows[keep]

    def eligible(self, vacancy: VacancyProfile, rows: np.ndarray, *, today: dt.date) -> np.ndarray:
        return _age_ok(self.age[rows], _or(vacancy.age_min), _or(vacancy.age_max))

    def in_scope(
        self, rows: np.ndarray, *, province: str | None = None, commune: int | None = None
    ) -> np.ndarray:
        """The rows inside an actor's scope: one province, one commune, or (neither) the nation."""
        if province is not None:
            rows = rows[self.province[rows] == _int(province)]
        if commune is not None:
            rows = rows[self.commune[rows] == commune]
        return rows

    def filtered(
        self,
        rows: np.ndarray,
        *,
        province: str | None = None,
        commune: int | None = None,
        occupation: str | None = None,
        qualification_at_least: int | None = None,
        employment_status: str | None = None,
        ui_status: str | None = None,
    ) -> np.ndarray:
        ok = np.ones(len(rows), dtype=bool)
        if province:
            ok &= self.province[rows] == _int(province)
        if commune:
            ok &= self.commune[rows] == commune
        if occupation:
            ok &= (self.keys[_prefix_level(occupation), rows, :] == _prefix_key(occupation)).any(axis=1)
        if qualification_at_least:
            ok &= self.qualification[rows] >= qualification_at_least
        if employment_status:
            ok &= self.employment[rows] == EMPLOYMENT_STATUS.get(employment_status, -2)
        if ui_status:
            ok &= self.ui[rows] == UI_STATUS.get(ui_status, -2)
        return rows[ok]


def _np(values: array.array) -> np.ndarray:
    return np.frombuffer(values, dtype=np.int64) if len(values) else np.empty(0, dtype=np.int64)


class PartitionedSeekerIndex:
    """Active seekers split by province of residence (the schema's partition key, DESIGN.md "Scale"), plus
    two overlays that hold copies: per province, the seekers of other provinces who asked to work there
    (`visitors`), and every seeker willing to move (`willing`).

    A counsellor's query touches one partition. A nation-wide query ranks the partitions near the vacancy
    (`near`) and the vacancy province's visitors, and the `willing` overlay only when that
    does not fill the list: the same results as one index over everyone (a seeker found twice counts once),
    at a fraction of the work.
    """

    def __init__(
        self, homes: dict[str, SeekerIndex], visitors: dict[str, SeekerIndex], willing: SeekerIndex
    ) -> None:
        self.homes, self.visitors, self.willing = homes, visitors, willing
        self._codes = list(homes)
        self._boxes = np.array(
            [part.bbox or (math.nan,) * 4 for part in homes.values()], dtype=float
        ).reshape(-1, 4)

    def near(self, vacancy: VacancyProfile) -> list[SeekerIndex]:
        """The home partitions whose seekers may live near the vacancy: its province, or a bounding box of
        the partition's seekers within the neighbour radius of it (all partitions in one pass)."""
        place = vacancy.place
        near = np.array([code == place.province_code for code in self._codes], dtype=bool)
        if place.lat is not None and place.lon is not None and len(self._codes):
            dlat = (scoring.NEIGHBOUR_KM + 1) / 110.0
            dlon = (scoring.NEIGHBOUR_KM + 1) / (111.3 * math.cos(math.radians(abs(place.lat))))
            low_lat, high_lat, low_lon, high_lon = self._boxes.T
            with np.errstate(invalid="ignore"):
                near |= (
                    (place.lat >= low_lat - dlat)
                    & (place.lat <= high_lat + dlat)
                    & (place.lon >= low_lon - dlon)
                    & (place.lon <= high_lon + dlon)
                )
        return [self.homes[code] for code, hit in zip(self._codes, near, strict=True) if hit]

    @classmethod
    def build(
        cls,
        homes: Iterable[tuple[str, Iterable[SeekerProfile]]],
        visitors: Iterable[tuple[str, Iterable[SeekerProfile]]],
        willing: Iterable[SeekerProfile],
    ) -> PartitionedSeekerIndex:
        return cls(
            {code: SeekerIndex.build(profiles) for code, profiles in homes},
            {code: SeekerIndex.build(profiles) for code, profiles in visitors},
            SeekerIndex.build(willing),
        )

    @classmethod
    def from_profiles(cls, profiles: Iterable[SeekerProfile]) -> PartitionedSeekerIndex:
        """Partitions of profiles held in memory (tests, small sets); `selectors` streams them from the DB."""
        homes: dict[str, list[SeekerProfile]] = {}
        visitors: dict[str, list[SeekerProfile]] = {}
        willing: list[SeekerProfile] = []
        for p in profiles:
            homes.setdefault(p.home.province_code, []).append(p)
            for code in visiting(p):
                visitors.setdefault(code, []).append(p)
            if p.willing_to_move:
                willing.append(p)
        return cls.build(sorted(homes.items()), sorted(visitors.items()), willing)

    @property
    def n(self) -> int:
        return sum(part.n for part in self.homes.values())

    @property
    def nbytes(self) -> int:
        parts = [*self.homes.values(), *self.visitors.values(), self.willing]
        return sum(part.nbytes for part in parts)


def visiting(seeker: SeekerProfile) -> set[str]:
    """Provinces other than home where a seeker asked to work (a wanted commune counts for its province,
    which `SeekerPlace.province_code` records with it)."""
    return set(seeker.wanted_provinces) - {seeker.home.province_code}
