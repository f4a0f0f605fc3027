"""What matching knows about a job seeker and a vacancy: plain frozen dataclasses, no ORM.

`labour.matching.source` builds them from the database; tests and the evaluation set build them by hand.
Wages are integer đồng a month (None: not stated). Education levels are the integers of
`labour.models.GeneralEducation` and `Qualification` (ordered, so "at least" is `>=`). Occupation codes
are VSCO 2020 strings ("7411"); the hierarchy is the prefix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Work types as stored on JobSeeker.work_type / Vacancy.work_type.
WORK_TYPES = ("any", "full_time", "part_time", "seasonal")


@dataclass(frozen=True, slots=True)
class Place:
    """A commune (or only a province) with its coordinates when known."""

    province_code: str
    commune_id: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class SeekerProfile:
    id: int
    title: str
    occupations: tuple[str, ...]  # in order of preference; the first is JobSeeker.occupation_code
    home: Place
    skills: str = ""  # "Hàn TIG; đọc bản vẽ" as typed (canonicalised)
    certificates: str = ""
    field_of_study: str = ""
    general_education: int = 3
    qualification: int = 0
    experience_years: int = 0
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = "full_time"
    willing_to_move: bool = False
    wanted_provinces: frozenset[str] = frozenset()  # SeekerPlace rows without a commune
    wanted_communes: frozenset[int] = frozenset()  # SeekerPlace rows with one
    age: int | None = None
    employment_status: str = "unemployed"
    ui_status: str = "none"
    occupation_confirmed: bool = True  # False: coded from the title, waiting for a counsellor


@dataclass(frozen=True, slots=True)
class VacancyProfile:
    id: int
    title: str
    occupation: str
    place: Place
    skills: str = ""  # required skills, "; "-separated
    min_general_education: int = 0
    min_qualification: int = 0
    min_experience_years: int = 0
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = "full_time"
    age_min: int | None = None
    age_max: int | None = None
    deadline: dt.date | None = None
    employer_id: int | None = None
    posts: int = 1
    occupation_confirmed: bool = True
