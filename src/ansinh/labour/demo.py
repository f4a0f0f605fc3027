"""Demo data for the labour market (`ansinh demo-labour --province 11 --seekers N --vacancies M`).

Seekers are registry persons of the province (aged 16–62, alive, no open registration), taken in id
order; when the province has too few, `registry.demo.demo_data_load` adds households first (its seed
is 500000 + this seed). Employers and vacancies are made up from `data/demo_jobs.json`: job profiles
with the titles employers post and the ones seekers say ("Lái xe con" / "tài xế"), VSCO codes, VSIC
sections, wage ranges, education and skills.

Set-based and deterministic: rows are generated in Python from one random stream per (province, seed)
and written in chunks with `registry.demo.BulkInsert` (COPY on PostgreSQL, multi-row INSERT on SQLite),
one audit event for the run, all in one transaction. The same database, seed and `as_of` date give the
same rows; dates (registration, opening, deadline) are drawn backwards from `as_of` (default today) so
that a fresh load always has open vacancies.

Markers, so that a second run is recognised (skipped, or replaced with `force`): seekers have
`notes = "demo-labour:{province}:{seed}"`, employers an e-mail at `@demo-{province}-{seed}.invalid`,
vacancies the reference `DEMO-{seed}-{n}`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.core import audit, clock
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError
from ansinh.core.text import fold
from ansinh.labour.models import (
    Employer,
    FairEmployer,
    FairInterview,
    FairMode,
    FairProvince,
    FairSeeker,
    FairStatus,
    FairVacancy,
    InterviewOutcome,
    JobFair,
    JobSeeker,
    Placement,
    PlacementSource,
    Referral,
    ReferralStatus,
    SeekerCloseReason,
    SeekerOccupation,
    SeekerPlace,
    SeekerStatus,
    Vacancy,
    VacancyCloseReason,
    VacancyStatus,
)
from ansinh.labour.reference import taxcode
from ansinh.labour.registration.text import skills_columns, title_columns
from ansinh.registry.demo import (
    MAX_SEED,
    BulkInsert,
    Weighted,
    demo_data_load,
    province_communes,
    province_profile,
)
from ansinh.registry.models import Person

DATA = Path(__file__).resolve().parent / "data" / "demo_jobs.json"
CHUNK = 5_000
MIN_AGE, MAX_AGE = 16, 62
PERSON_SEED_BASE = 500_000  # registry demo seeds used to top up persons: 500000 + seed (+ 1000 per retry)
VACANCIES_PER_EMPLOYER = 5
BIG_CITIES = ("01", "79")  # Hà Nội, Hồ Chí Minh: where willing movers most often want to go


@dataclass(frozen=True)
class Profile:
    code: str
    sections: tuple[str, ...]
    vacancy_titles: tuple[str, ...]
    seeker_titles: tuple[str, ...]
    wage: tuple[float, float]  # million đồng a month
    edu: int
    qual: int
    skills: tuple[str, ...]
    posts: tuple[int, int]
    age: tuple[int, int, str] | None


@dataclass(frozen=True)
class Catalogue:
    profiles: tuple[Profile, ...]
    for_vacancies: Weighted[Profile]
    for_seekers: Weighted[Profile]
    by_section: dict[str, Weighted[Profile]]
    sections: Weighted[str]
    names: dict[str, list[str]]
    brands: list[str]
    forms: Weighted[tuple[str, str]]


@cache
def catalogue() -> Catalogue:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    profiles = tuple(
        Profile(
            code=p["code"], sections=tuple(p["sections"]), vacancy_titles=tuple(p["vacancy_titles"]),
            seeker_titles=tuple(p["seeker_titles"]), wage=(p["wage"][0], p["wage"][1]), edu=p["edu"],
            qual=p["qual"], skills=tuple(p["skills"]), posts=(p["posts"][0], p["posts"][1]),
            age=tuple(p["age"]) if p.get("age") else None,  # type: ignore[arg-type]
        )
        for p in raw["profiles"]
    )  # fmt: skip
    vacancy_weight = {p: raw["profiles"][i]["vacancy_weight"] for i, p in enumerate(profiles)}
    seeker_weight = {p: raw["profiles"][i]["seeker_weight"] for i, p in enumerate(profiles)}
    by_section: dict[str, dict[Profile, float]] = {}
    for profile, weight in vacancy_weight.items():
        for section in profile.sections:
            by_section.setdefault(section, {})[profile] = weight
    return Catalogue(
        profiles=profiles,
        for_vacancies=Weighted(vacancy_weight),
        for_seekers=Weighted(seeker_weight),
        by_section={s: Weighted(w) for s, w in by_section.items()},
        sections=Weighted({s: sum(w.values()) for s, w in by_section.items()}),
        names=raw["employer_names"],
        brands=raw["brands"],
        forms=Weighted({(name, kind): weight for name, weight, kind in raw["legal_forms"]}),
    )


@dataclass(frozen=True)
class DemoLabourResult:
    province_code: str
    seed: int
    seekers: int
    employers: int
    vacancies: int
    persons_added: int
    seconds: float
    skipped: bool = False
    sessions: int = 0
    referrals: int = 0
    placements: int = 0


def seeker_marker(province_code: str, seed: int) -> str:
    return f"demo-labour:{province_code}:{seed}"


def employer_domain(province_code: str, seed: int) -> str:
    return f"@demo-{province_code}-{seed}.invalid"


def demo_labour_load(
    *,
    province_code: str,
    seekers: int,
    vacancies: int,
    seed: int = 1,
    as_of: dt.date | None = None,
    force: bool = False,
    actor: Actor | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> DemoLabourResult:
    if seekers < 0 or vacancies < 0 or not 0 <= seed <= MAX_SEED - PERSON_SEED_BASE - 10_000:
        raise ApplicationError(
            "demo_labour.bad_arguments", _("Counts must not be negative and the seed must be small.")
        )
    profile = province_profile(province_code)  # refuses a province without a demo profile
    as_of = as_of or clock.today()
    started = time.perf_counter()
    with transaction.atomic(), _unlogged_statements():
        if _already_loaded(province_code, seed):
            if not force:
                return DemoLabourResult(province_code, seed, 0, 0, 0, 0, 0.0, skipped=True)
            _delete(province_code, seed)
        rng = random.Random(f"ansinh-demo-labour:{province_code}:{seed}")
        persons_added = _ensure_persons(province_code, seekers, seed, as_of) if seekers else 0
        made_seekers = _load_seekers(province_code, seekers, seed, rng, as_of, progress)
        employers, made_vacancies = _load_vacancies(province_code, vacancies, seed, rng, as_of, progress)
        # A stream of its own, so that sessions and placements leave the seekers and vacancies above as
        # they were before this part of the demo existed.
        market = _load_market(province_code, seed, as_of)
        result = DemoLabourResult(
            province_code, seed, made_seekers, employers, made_vacancies, persons_added,
            time.perf_counter() - started, sessions=market[0], referrals=market[1], placements=market[2],
        )  # fmt: skip
        audit.record(
            actor=actor,
            action="create",
            object_type="labour.demo_data",
            object_id=f"{province_code}-{seed}",
            object_label=f"Labour demo data {profile.name} (seed {seed})",
            province_code=province_code,
            after={"seekers": made_seekers, "employers": employers, "vacancies": made_vacancies,
                   "persons_added": persons_added, "seed": seed, "as_of": as_of.isoformat(), "forced": force,
                   "sessions": market[0], "referrals": market[1], "placements": market[2]},
        )  # fmt: skip
    return result


@contextmanager
def _unlogged_statements() -> Iterator[None]:
    """Bulk statements skip Django's debug cursor (DEBUG=True in development): it formats every one of a
    statement's thousands of parameters for the query log, which took a quarter of a 300k-row load."""
    connection.ensure_connection()
    had_own = "make_debug_cursor" in vars(connection)
    connection.make_debug_cursor = connection.make_cursor  # type: ignore[method-assign]
    try:
        yield
    finally:
        if not had_own:
            del connection.make_debug_cursor


def _already_loaded(province_code: str, seed: int) -> bool:
    return (
        JobSeeker.objects.filter(
            province_code=province_code, notes=seeker_marker(province_code, seed)
        ).exists()
        or Employer.objects.filter(contact_email__endswith=employer_domain(province_code, seed)).exists()
    )


def _delete(province_code: str, seed: int) -> None:
    """Set-based: demo rows have no signals and nothing else refers to them (matching results are
    recomputed), so plain DELETEs instead of the ORM's collect-then-delete of a million objects."""
    db = connection.alias
    seekers = JobSeeker.objects.filter(province_code=province_code, notes=seeker_marker(province_code, seed))
    employers = Employer.objects.filter(contact_email__endswith=employer_domain(province_code, seed))
    _delete_market(province_code, seed, seekers, Vacancy.objects.filter(employer__in=employers))
    SeekerOccupation.objects.filter(seeker__in=seekers)._raw_delete(db)
    SeekerPlace.objects.filter(seeker__in=seekers)._raw_delete(db)
    seekers._raw_delete(db)
    Vacancy.objects.filter(employer__in=employers)._raw_delete(db)
    employers._raw_delete(db)


# --- seekers ---------------------------------------------------------------------------------------


def _candidates(province_code: str, as_of: dt.date) -> Any:
    open_registration = JobSeeker.objects.filter(person=OuterRef("pk"), status=SeekerStatus.ACTIVE)
    return (
        Person.objects.live()
        .filter(
            province_code=province_code,
            status="alive",
            birth_year__gte=as_of.year - MAX_AGE,
            birth_year__lte=as_of.year - MIN_AGE,
        )
        .filter(~Exists(open_registration))
        .order_by("pk")
    )


def _ensure_persons(province_code: str, wanted: int, seed: int, as_of: dt.date) -> int:
    """Top up the registry with demo households until the province has `wanted` candidates."""
    added = 0
    for attempt in range(5):
        have = _candidates(province_code, as_of).count()
        if have >= wanted:
            return added
        # About 58 % of demo persons are 16–62 and alive; ask for a margin more.
        missing = math.ceil((wanted - have) / 0.55) + 200
        result = demo_data_load(
            province_code=province_code, persons=missing, seed=PERSON_SEED_BASE + seed + 1000 * attempt
        )
        added += result.persons
    raise ApplicationError("demo_labour.no_persons", _("Could not find enough persons for the demo seekers."))


_SEEKER_COLUMNS = [
    "commune_id", "province_code", "person_id", "registered_on", "status", "general_education",
    "qualification", "field_of_study", "title", "title_accented", "title_folded", "occupation_code", "skills",
    "skills_folded", "experience_years", "wage_min", "wage_max", "work_type", "willing_to_move",
    "employment_status", "ui_status", "consent_contact", "consent_at", "notes", "search_folded",
    "close_reason", "certificates", "experience", "email",
]  # fmt: skip


def _load_seekers(
    province_code: str,
    count: int,
    seed: int,
    rng: random.Random,
    as_of: dt.date,
    progress: Callable[[str, int, int], None] | None,
) -> int:
    if count == 0:
        return 0
    persons = list(
        _candidates(province_code, as_of).values_list("pk", "commune_id", "birth_year", "name_folded")[:count]
    )
    now = timezone.now()
    marker = seeker_marker(province_code, seed)
    made = 0
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        rows, occupations, places = [], [], []
        for pk, commune_id, birth_year, name_folded in chunk:
            row, codes, wanted = _seeker(
                rng, province_code, commune_id, pk, birth_year, name_folded, as_of, now
            )
            rows.append((*row[:23], marker, row[23]))
            occupations.append(codes)
            places.append(wanted)
        _write_seekers(rows, occupations, places, now)
        made += len(chunk)
        if progress:
            progress("seekers", made, len(persons))
    return made


def _seeker(
    rng: random.Random,
    province_code: str,
    commune_id: int,
    person_id: int,
    birth_year: int,
    name_folded: str,
    as_of: dt.date,
    now: dt.datetime,
) -> tuple[tuple[Any, ...], list[str], list[str]]:
    c = catalogue()
    profile = c.for_seekers.pick(rng)
    title, accented, folded = _title_columns(rng.choice(profile.seeker_titles))
    age = as_of.year - birth_year
    edu = max(0, min(3, profile.edu + (1 if rng.random() < 0.3 else 0) - (1 if rng.random() < 0.2 else 0)))
    qual = profile.qual if rng.random() < 0.75 else max(0, profile.qual - rng.randint(1, 2))
    if age < 20:
        qual = min(qual, 2)
    skills, skills_folded = _skills(rng, profile.skills, rng.randint(1, min(3, len(profile.skills))))
    experience = max(0, min(age - 18, int(rng.triangular(0, 15, 2))))
    low, high = profile.wage
    wage_min = _round_wage(rng.uniform(low * 0.9, (low + high) / 2))
    wage_max = _round_wage(wage_min * rng.uniform(1.1, 1.5)) if rng.random() < 0.6 else None
    willing = rng.random() < 0.3
    codes = [profile.code]
    if rng.random() < 0.35:
        other = c.for_seekers.pick(rng).code
        if other != profile.code:
            codes.append(other)
    wanted = [province_code]
    if willing:
        wanted += [p for p in BIG_CITIES if p != province_code and rng.random() < 0.5]
    registered = as_of - dt.timedelta(days=int(rng.triangular(0, 365, 30)))
    status = (
        "employed"
        if rng.random() < 0.15
        else "never_worked"
        if age < 22 and rng.random() < 0.5
        else "unemployed"
    )
    ui = "receiving" if status == "unemployed" and rng.random() < 0.12 else "none"
    consent = rng.random() < 0.85
    search = f"{name_folded} {folded} {profile.code}"[:400]
    row = (
        commune_id, province_code, person_id, registered, SeekerStatus.ACTIVE.value, edu, qual, "", title,
        accented, folded, profile.code, skills, skills_folded, experience, wage_min, wage_max, "full_time",
        willing, status, ui, consent, now if consent else None, search,
    )  # fmt: skip
    return row, codes, wanted


def _write_seekers(
    rows: list[tuple[Any, ...]], occupations: list[list[str]], places: list[list[str]], now: dt.datetime
) -> None:
    date = connection.ops.adapt_datefield_value
    stamp = connection.ops.adapt_datetimefield_value
    prepared = [(*r[:3], date(r[3]), *r[4:22], stamp(r[22]), r[23], r[24], "", "", "", "") for r in rows]
    ids = BulkInsert(JobSeeker, _SEEKER_COLUMNS, now).run(prepared)
    occupation_rows = [(pk, code, rank) for pk, codes in zip(ids, occupations, strict=True)
                       for rank, code in enumerate(codes, 1)]  # fmt: skip
    BulkInsert(SeekerOccupation, ["seeker_id", "occupation_code", "rank"], now).run(occupation_rows)
    place_rows = [(pk, code, None) for pk, codes in zip(ids, places, strict=True) for code in codes]
    BulkInsert(SeekerPlace, ["seeker_id", "province_code", "commune_id"], now).run(place_rows)


# --- employers and vacancies -----------------------------------------------------------------------


_EMPLOYER_COLUMNS = [
    "commune_id", "province_code", "tax_code", "name", "name_folded", "kind", "industry_version",
    "industry_code", "size", "employees", "address_detail", "contact_name", "contact_phone", "contact_email",
    "is_active", "website",
]  # fmt: skip
_VACANCY_COLUMNS = [
    "commune_id", "province_code", "employer_id", "reference", "title", "title_accented", "title_folded",
    "description", "occupation_code", "posts", "wage_min", "wage_max", "work_type", "min_general_education",
    "min_qualification", "skills", "skills_folded", "min_experience_years", "age_min", "age_max",
    "age_reason", "address_detail", "opened_on", "deadline", "status", "closed_on", "close_reason",
]  # fmt: skip
_SIZES = Weighted(
    {("micro", 6): 40, ("small", 40): 35, ("medium", 150): 15, ("large", 500): 8, ("very_large", 2000): 2}
)


def _load_vacancies(
    province_code: str,
    count: int,
    seed: int,
    rng: random.Random,
    as_of: dt.date,
    progress: Callable[[str, int, int], None] | None,
) -> tuple[int, int]:
    if count == 0:
        return 0, 0
    communes = province_communes(province_code)
    if not communes:
        raise ApplicationError("demo_labour.no_communes", _("Load the administrative units first."))
    places = Weighted({c.pk: c.weight for c in communes})
    employers = _write_employers(province_code, max(1, count // VACANCIES_PER_EMPLOYER), seed, rng, places)
    now = timezone.now()
    date = connection.ops.adapt_datefield_value
    picks = Weighted({e: e[3] for e in employers})  # weighted by head count: big firms post more
    made = 0
    for start in range(0, count, CHUNK):
        rows = []
        for n in range(start, min(count, start + CHUNK)):
            employer = picks.pick(rng)
            row = _vacancy(rng, n + 1, seed, province_code, employer, places, as_of)
            rows.append(tuple(date(v) if isinstance(v, dt.date) else v for v in row))
        BulkInsert(Vacancy, _VACANCY_COLUMNS, now).run(rows)
        made += len(rows)
        if progress:
            progress("vacancies", made, count)
    return len(employers), made


def _write_employers(
    province_code: str, count: int, seed: int, rng: random.Random, places: Weighted[int]
) -> list[tuple[int, int, str, int]]:
    """Insert employers; returns (id, commune id, VSIC section, head count) of each."""
    c = catalogue()
    taken = (
        set(Employer.objects.values_list("tax_code", flat=True).iterator())
        if Employer.objects.exists()
        else set()
    )
    domain = employer_domain(province_code, seed)
    rows, meta = [], []
    serial = rng.randrange(1_000_000, 8_000_000)
    names: set[str] = set()
    for n in range(1, count + 1):
        section = c.sections.pick(rng)
        form, kind = c.forms.pick(rng)
        name = f"{form} {rng.choice(c.names.get(section, ['Dịch vụ']))} {rng.choice(c.brands)}"
        if name in names:
            name = f"{name} {n}"
        names.add(name)
        tax, serial = _next_tax_code(province_code, serial, taken)
        size, employees = _SIZES.pick(rng)
        employees = max(1, int(employees * rng.uniform(0.5, 1.8)))
        commune_id = places.pick(rng)
        rows.append((
            commune_id, province_code, tax, name, fold(name), kind, "2025", section, size, employees,
            f"Tổ dân phố {rng.randint(1, 20)}", "", f"0215{rng.randrange(10**6):06d}",
            f"tuyendung{n}{domain}", True, "",
        ))  # fmt: skip
        meta.append((commune_id, section, employees))
    ids = BulkInsert(Employer, _EMPLOYER_COLUMNS, timezone.now()).run(rows)
    return [
        (pk, commune, section, employees) for pk, (commune, section, employees) in zip(ids, meta, strict=True)
    ]


def _next_tax_code(province_code: str, serial: int, taken: set[str]) -> tuple[str, int]:
    """The next valid, unused 10-digit MST after `serial` (prefix: the province code)."""
    prefix = province_code.zfill(2)[:2]
    while True:
        serial = serial + 1 if serial < 9_999_999 else 1
        first = f"{prefix}{serial:07d}"
        digit = taxcode.check_digit(first)
        if digit and first + digit not in taken:
            taken.add(first + digit)
            return first + digit, serial


def _vacancy(
    rng: random.Random,
    n: int,
    seed: int,
    province_code: str,
    employer: tuple[int, int, str, int],
    places: Weighted[int],
    as_of: dt.date,
) -> tuple[Any, ...]:
    c = catalogue()
    employer_id, employer_commune, section, _employees = employer
    profile = (c.by_section.get(section) or c.for_vacancies).pick(rng)
    title, accented, folded = _title_columns(rng.choice(profile.vacancy_titles))
    low, high = profile.wage
    wage_min = _round_wage(rng.uniform(low, (low + high) / 2))
    wage_max = max(wage_min, _round_wage(rng.uniform((low + high) / 2, high)))
    skills, skills_folded = _skills(rng, profile.skills, rng.randint(1, min(3, len(profile.skills))))
    posts = max(1, int(rng.triangular(profile.posts[0], profile.posts[1], profile.posts[0])))
    opened = as_of - dt.timedelta(days=int(rng.triangular(0, 90, 10)))
    deadline = opened + dt.timedelta(days=rng.choice((15, 30, 30, 45, 60, 90)))
    closed = rng.random() < 0.08
    commune = employer_commune if rng.random() < 0.8 else places.pick(rng)
    age_min, age_max, reason = profile.age if profile.age else (None, None, "")
    experience = 0 if profile.qual <= 1 and rng.random() < 0.7 else rng.choice((0, 1, 1, 2, 3))
    return (
        commune, province_code, employer_id, f"DEMO-{seed}-{n}", title, accented, folded, "",
        profile.code, posts, wage_min, wage_max, "full_time", profile.edu if rng.random() < 0.7 else 0,
        profile.qual if rng.random() < 0.8 else 0, skills, skills_folded, experience, age_min, age_max,
        reason, "", opened, deadline, "closed" if closed else "open",
        min(as_of, deadline) if closed else None, "filled" if closed else "",
    )  # fmt: skip


# --- helpers ---------------------------------------------------------------------------------------


@cache
def _title_columns(title: str) -> tuple[str, str, str]:
    return title_columns(title)


def _skills(rng: random.Random, pool: tuple[str, ...], k: int) -> tuple[str, str]:
    """`k` skills of the pool: one draw of a k-subset from the pool's (cached) list of them."""
    subsets = _subsets(len(pool), k)
    return _skills_columns(subsets[int(rng.random() * len(subsets))], pool)


@cache
def _subsets(n: int, k: int) -> tuple[tuple[int, ...], ...]:
    from itertools import combinations

    return tuple(combinations(range(n), k))


@cache
def _skills_columns(indexes: tuple[int, ...], pool: tuple[str, ...]) -> tuple[str, str]:
    return skills_columns("; ".join(pool[i] for i in indexes))


def _round_wage(amount: float) -> int:
    """Whole hundred-thousands of đồng, as wages are quoted: 7.35 (million) → 7,400,000."""
    million = amount / 1e6 if amount > 1000 else amount
    return round(million * 10) * 100_000


# --- job-fair sessions, referrals, placements --------------------------------------------------------

SESSIONS = (
    (-75, FairMode.IN_PERSON),
    (-40, FairMode.HYBRID),
    (-12, FairMode.ONLINE),
    (9, FairMode.IN_PERSON),
    (23, FairMode.ONLINE),
)
SESSION_SEEKERS, SESSION_VACANCIES, REFERRALS, SELF_REPORTED = 16, 4, 40, 6
_OUTCOMES = Weighted(
    {
        InterviewOutcome.INTERVIEWED: 3,
        InterviewOutcome.PRESELECTED: 3,
        InterviewOutcome.HIRED: 2,
        InterviewOutcome.NOT_SELECTED: 3,
    }
)
_REFERRAL_OUTCOMES = Weighted(
    {
        ReferralStatus.PENDING: 3,
        ReferralStatus.INTERVIEWED: 2,
        ReferralStatus.HIRED: 2,
        ReferralStatus.REJECTED: 2,
        ReferralStatus.DECLINED: 1,
        ReferralStatus.NO_RESPONSE: 1,
    }
)


def _delete_market(province_code: str, seed: int, seekers: Any, vacancies: Any) -> None:
    """Sessions of this seed, and whatever else refers to its seekers or vacancies (a placement first: it
    holds the interview and the referral)."""
    fairs = JobFair.objects.filter(province_code=province_code, notes=seeker_marker(province_code, seed))
    Placement.objects.filter(
        Q(seeker__in=seekers) | Q(vacancy__in=vacancies) | Q(interview__fair__in=fairs)
    ).delete()
    Referral.objects.filter(Q(seeker__in=seekers) | Q(vacancy__in=vacancies)).delete()
    FairSeeker.objects.filter(Q(seeker__in=seekers) | Q(fair__in=fairs)).delete()
    FairVacancy.objects.filter(Q(vacancy__in=vacancies) | Q(fair__in=fairs)).delete()
    FairEmployer.objects.filter(Q(employer__vacancies__in=vacancies) | Q(fair__in=fairs)).delete()
    fairs.delete()


def _load_market(province_code: str, seed: int, as_of: dt.date) -> tuple[int, int, int]:
    """A few sessions (held ones with interviews and hires, planned ones with registrations), referrals
    and self-reported jobs for this seed's seekers and vacancies. Rows go in directly, like the rest of
    the demo; `fairs.services.prematch` scores the registrations with the matching scorer."""
    from ansinh.labour.fairs import services as fair_services

    rng = random.Random(f"ansinh-demo-labour-market:{province_code}:{seed}")
    seekers = list(
        JobSeeker.objects.filter(province_code=province_code, notes=seeker_marker(province_code, seed))
        .order_by("pk")
        .values_list("pk", "registered_on", "commune_id")
    )
    vacancies = list(
        Vacancy.objects.filter(
            employer__contact_email__endswith=employer_domain(province_code, seed), status=VacancyStatus.OPEN
        )
        .order_by("pk")
        .values_list("pk", "employer_id", "opened_on", "posts")
    )
    if not seekers or not vacancies:
        return 0, 0, 0
    placed: dict[int, tuple[dt.date, str, int | None, int | None, int | None]] = {}
    filled: dict[int, int] = {}
    sessions = _sessions(rng, province_code, seed, as_of, seekers, vacancies, placed, filled)
    for fair in sessions:
        fair_services.prematch(fair=fair)
    referrals = _referrals(rng, province_code, as_of, seekers, vacancies, placed, filled)
    free = [s for s in seekers if s[0] not in placed and s[1] <= as_of - dt.timedelta(days=2)]
    for pk, registered, _commune in rng.sample(free, min(SELF_REPORTED, len(free))):
        placed[pk] = (rng_day(rng, registered, as_of), PlacementSource.SELF_REPORTED, None, None, None)
    _write_placements(placed, filled, {s[0]: s for s in seekers}, province_code, as_of)
    return len(sessions), referrals, len(placed)


def rng_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _sessions(rng, province_code, seed, as_of, seekers, vacancies, placed, filled) -> list[JobFair]:
    communes = province_communes(province_code)
    linked = "79" if province_code == "01" else "01"
    made = []
    for n, (offset, mode) in enumerate(SESSIONS, start=1):
        day = as_of + dt.timedelta(days=offset)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(8)))
        held = offset < 0
        fair = JobFair.objects.create(
            title=f"Phiên giao dịch việc làm {day:%m/%Y} — số {n}",
            mode=mode,
            province_code=province_code,
            host_commune_id=communes[0].pk if n == 2 and communes else None,
            venue="" if mode == FairMode.ONLINE else "Trung tâm Dịch vụ việc làm tỉnh",
            online_link="" if mode == FairMode.IN_PERSON else f"https://vieclam.example.vn/phien/{seed}-{n}",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
            slot_minutes=20,
            status=FairStatus.HELD if held else FairStatus.PLANNED,
            notes=seeker_marker(province_code, seed),
        )
        if mode == FairMode.ONLINE:
            FairProvince.objects.create(fair=fair, province_code=linked)
        offers = _offers(rng, fair, [v for v in vacancies if v[2] <= day])
        people = [s for s in seekers if s[1] <= day and s[0] not in placed]
        regs = [
            FairSeeker.objects.create(fair=fair, seeker_id=pk, province_code=province_code)
            for pk, _r, _c in rng.sample(people, min(SESSION_SEEKERS, len(people)))
        ]
        if held and offers:
            _interviews(rng, fair, regs, offers, day, placed, filled)
        made.append(fair)
    return made


def _offers(rng, fair, vacancies) -> list[FairVacancy]:
    offers = []
    for pk, employer_id, _opened, posts in rng.sample(vacancies, min(SESSION_VACANCIES, len(vacancies))):
        registration, _ = FairEmployer.objects.get_or_create(
            fair=fair, employer_id=employer_id, defaults={"province_code": fair.province_code}
        )
        quota = rng.randint(1, posts)
        offers.append(
            FairVacancy.objects.create(fair=fair, fair_employer=registration, vacancy_id=pk, quota=quota)
        )
    return offers


def _interviews(rng, fair, regs, offers, day, placed, filled) -> None:
    tables = ("" if fair.mode == FairMode.ONLINE else "B1", "" if fair.mode == FairMode.ONLINE else "B2")
    hired: dict[int, int] = {}
    for i, reg in enumerate(regs):
        offer = offers[i % len(offers)]
        outcome = _OUTCOMES.pick(rng)
        space = offer.quota - hired.get(offer.pk, 0)
        posts_left = Vacancy.objects.get(pk=offer.vacancy_id).posts - filled.get(offer.vacancy_id, 0)
        if outcome == InterviewOutcome.HIRED and (space <= 0 or posts_left <= 0):
            outcome = InterviewOutcome.PRESELECTED
        interview = FairInterview.objects.create(
            fair=fair,
            fair_seeker=reg,
            fair_vacancy=offer,
            slot_start=fair.starts_at + dt.timedelta(minutes=fair.slot_minutes * (i // 2)),
            table=tables[i % 2],
            online_link="" if tables[i % 2] else fair.online_link,
            outcome=outcome,
            outcome_at=fair.ends_at,
        )
        if outcome == InterviewOutcome.HIRED:
            hired[offer.pk] = hired.get(offer.pk, 0) + 1
            filled[offer.vacancy_id] = filled.get(offer.vacancy_id, 0) + 1
            placed[reg.seeker_id] = (day, PlacementSource.FAIR, offer.vacancy_id, None, interview.pk)


def _referrals(rng, province_code, as_of, seekers, vacancies, placed, filled) -> int:
    made = 0
    posts = {v[0]: (v[3], v[2]) for v in vacancies}
    for pk, registered, commune_id in rng.sample(seekers, min(REFERRALS, len(seekers))):
        if pk in placed:
            continue
        vacancy_id = rng.choice(vacancies)[0]
        opened = posts[vacancy_id][1]
        first = max(registered, opened)
        if first > as_of:
            continue
        referred_on = rng_day(rng, first, as_of)
        status = _REFERRAL_OUTCOMES.pick(rng)
        if status == ReferralStatus.HIRED and filled.get(vacancy_id, 0) >= posts[vacancy_id][0]:
            status = ReferralStatus.REJECTED
        referral = Referral.objects.create(
            seeker_id=pk,
            vacancy_id=vacancy_id,
            referred_on=referred_on,
            status=status,
            outcome_on=None if status == ReferralStatus.PENDING else rng_day(rng, referred_on, as_of),
            commune_id=commune_id,
            province_code=province_code,
        )
        made += 1
        if status == ReferralStatus.HIRED:
            filled[vacancy_id] = filled.get(vacancy_id, 0) + 1
            placed[pk] = (referral.outcome_on, PlacementSource.REFERRAL, vacancy_id, referral.pk, None)
    return made


def _write_placements(placed, filled, seekers, province_code, as_of) -> None:
    """Placements, the registrations they close and the posts they fill; the sequence is the one a
    counsellor's `referrals.placement_record` runs, without the audit events of each (one for the run)."""
    rows = []
    for pk in sorted(placed):
        on, source, vacancy_id, referral_id, interview_id = placed[pk]
        _pk, registered, commune_id = seekers[pk]
        rows.append(
            Placement(
                seeker_id=pk,
                source=source,
                vacancy_id=vacancy_id,
                referral_id=referral_id,
                interview_id=interview_id,
                employer_name="" if vacancy_id else "Tự tìm việc (hộ kinh doanh)",
                placed_on=on,
                days=(on - registered).days,
                commune_id=commune_id,
                province_code=province_code,
            )
        )
    Placement.objects.bulk_create(rows)
    for placement in rows:
        JobSeeker.objects.filter(pk=placement.seeker_id).update(
            status=SeekerStatus.CLOSED, close_reason=SeekerCloseReason.PLACED, closed_on=placement.placed_on
        )
    for vacancy_id, n in sorted(filled.items()):
        vacancy = Vacancy.objects.get(pk=vacancy_id)
        vacancy.posts_filled = min(vacancy.posts, n)
        if vacancy.posts_filled >= vacancy.posts:
            vacancy.status, vacancy.close_reason = VacancyStatus.CLOSED, VacancyCloseReason.FILLED
            vacancy.closed_on = max(vacancy.opened_on, as_of)
        vacancy.save(update_fields=["posts_filled", "status", "close_reason", "closed_on"])
