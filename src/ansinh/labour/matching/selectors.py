"""Matching for an actor: vacancies for a seeker, seekers for a vacancy, ranked, with reasons.

Scope: a counsellor sees the seekers of their province only (`ansinh.core.scope`); open vacancies are
public, so a seeker is matched against the whole country's open vacancies. An out-of-scope seeker is
`NotFound`, exactly like a missing one.

Two engines give the same scores (they share `rank` and `scoring`) and differ in how candidates are found:

- `sql`: candidates by SQL (open / active, in scope, filters; first the same unit group, a related
  occupation or a title that starts with the same two words, near the place; when that gives fewer than
  `top` results, the whole sub-major group anywhere), then ranked in memory. Nothing to build. The default.
- `memory`: a process-wide index of every open vacancy / active seeker (`index.VacancyIndex`,
  `index.PartitionedSeekerIndex`), rebuilt when older than `LABOUR_MATCH_INDEX_TTL` seconds (default 300).
  Also finds candidates whose title alone is close. The winners are re-read from the database (scope,
  status) and re-scored before they are shown, so a stale index can only miss a newcomer, never show a
  closed row.
  `engine="auto"` uses it when it is warm (`warm_indexes()`), else `sql`.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F, Model, Q, QuerySet

from ansinh.core import clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.scope import require
from ansinh.labour.matching import rank, scoring, source
from ansinh.labour.matching.index import (
    PartitionedSeekerIndex,
    SeekerIndex,
    VacancyIndex,
    code_keys,
    related_codes,
)
from ansinh.labour.matching.profiles import SeekerProfile, VacancyProfile
from ansinh.labour.models import (
    JobSeeker,
    SeekerOccupation,
    SeekerPlace,
    SeekerStatus,
    Vacancy,
    VacancyQuerySet,
)
from ansinh.labour.registration.text import title_columns

ENGINES = ("auto", "sql", "memory")
MAX_TOP = 100


@dataclass
class Matches:
    """The ranked results and how they were found; `widened` names the widening steps that were needed."""

    items: list[rank.Match]
    widened: list[str] = field(default_factory=list)
    candidates: int = 0
    engine: str = "sql"

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def as_list(self) -> list[dict[str, Any]]:
        return [match.as_dict() for match in self.items]


def _top(top: int) -> int:
    if not 1 <= int(top) <= MAX_TOP:
        from django.utils.translation import gettext_lazy as _

        raise ApplicationError(
            "top.out_of_range", _("Ask for between 1 and %(max)s results.") % {"max": MAX_TOP}, field="top"
        )
    return int(top)


# --- seeker → vacancies ---------------------------------------------------------------------------------


def matches_for_seeker(
    *,
    actor: Actor,
    seeker_id: Any,
    top: int = 10,
    widen: bool = True,
    province: str | None = None,
    occupation: str | None = None,
    wage_at_least: int | None = None,
    work_type: str | None = None,
    employer: int | None = None,
    max_km: float | None = None,
    engine: str = "auto",
    today: dt.date | None = None,
) -> Matches:
    """Open vacancies for one seeker in the actor's scope, best first, each with its reasons.

    Filters narrow the vacancies: province of the workplace, occupation code prefix, a wage the offer must
    reach, work type, employer, distance from the seeker's commune.
    """
    require(actor, "labour.view")
    top, today = _top(top), today or clock.today()
    profile = _one(
        source.seeker_profiles(scope.restrict(_by_pk(JobSeeker, seeker_id), actor), today=today), "seeker"
    )
    filters = {"province": province, "occupation": occupation, "wage_at_least": wage_at_least}
    filters |= {"work_type": work_type, "employer": employer}
    options: dict[str, Any] = {"top": top, "widen": widen, "today": today, "max_km": max_km}
    engine = _engine(engine, _vacancy_cache)
    if engine == "memory":
        index = _vacancy_cache.get()
        ranking = rank.rank_vacancies(index, profile, filters=filters, **options)
        ids = [int(i) for i in ranking.ids]
        fresh = source.vacancy_profiles(Vacancy.objects.open_now(today).filter(pk__in=ids))
        profiles = source.profiles_by_id(fresh, ids)
        steps = _steps_of(ranking, profiles)
    else:
        index, ranking = _staged(
            lambda near: VacancyIndex.build(
                source.vacancy_profiles(
                    _vacancy_candidates(profile, today=today, filters=filters, near=near)
                ),
                keep_profiles=True,
            ),
            lambda index, **extra: rank.rank_vacancies(index, profile, filters=filters, **(options | extra)),
            top,
        )
        profiles, steps = [index.profiles[row] for row in ranking.rows], ranking.steps  # type: ignore[index]
    items = _ordered(rank.explain_vacancies(profile, profiles, steps))
    return Matches(items, _widened(items), ranking.candidates, engine)


def _staged(build: Callable[[bool], Any], ranked: Callable[..., rank.Ranking], top: int):
    """SQL candidates in two stages: the same unit group (or a related occupation, a title that starts
    alike, a code not yet confirmed) near the place first; when that fills fewer than `top` results
    without widening, the whole sub-major group anywhere and every title sharing a meaningful word (what
    the in-memory engine's text postings hold), ranked with widening. tests/labour/test_match_engines.py
    checks that this ranks the evaluation set exactly as the in-memory engine."""
    index = build(True)
    ranking = ranked(index, widen=False)
    if len(ranking.rows) >= top:
        return index, ranking
    index = build(False)
    return index, ranked(index)


def _vacancy_candidates(
    profile: SeekerProfile, *, today: dt.date, filters: dict[str, Any], near: bool = False
) -> QuerySet[Vacancy]:
    width = 4 if near else 2
    wanted = Q(pk__in=[])
    for prefix in sorted({code[:width] for code in profile.occupations if len(code) >= width}):
        wanted |= Q(occupation_code__startswith=prefix)
    related = sorted({other for code in profile.occupations for other in related_codes().get(code[:4], ())})
    if related:
        wanted |= Q(occupation_code__in=related)
    lead = _title_lead(profile.title)
    if lead:
        wanted |= Q(title_folded__startswith=lead)
    if not near:  # the widened stage: any title sharing a meaningful word, as the in-memory text postings
        wanted |= _title_words_q(profile.title)
    # A code coded from the title and still unconfirmed may be wrong: such rows are candidates whatever
    # their code, the title decides (they are few: the confirmation queue).
    wanted |= Q(occupation_confirmed=False)
    qs = Vacancy.objects.open_now(today).filter(wanted)
    if near:
        home = profile.home
        qs = qs.filter(
            Q(province_code=home.province_code)
            | Q(commune_id__in=source.communes_near(home, scoring.NEAR_KM))
            | Q(province_code__in=sorted(profile.wanted_provinces))
            | Q(commune_id__in=sorted(profile.wanted_communes))
        )
    if filters.get("province"):
        qs = qs.filter(province_code=filters["province"])
    if filters.get("employer"):
        qs = qs.filter(employer_id=filters["employer"])
    if filters.get("occupation"):
        qs = qs.filter(occupation_code__startswith=filters["occupation"])
    return qs


def _title_words_q(title: str) -> Q:
    """Rows whose folded title holds one of the title's words that are not stop words (word-bounded)."""
    from ansinh.labour.matching.text import FOLDED_STOP, text_key

    words = sorted({w for w in text_key(title).folded if " " not in w and w not in FOLDED_STOP})
    found = Q(pk__in=[])
    for word in words[:8]:
        found |= (
            Q(title_folded=word)
            | Q(title_folded__startswith=f"{word} ")
            | Q(title_folded__endswith=f" {word}")
            | Q(title_folded__contains=f" {word} ")
        )
    return found


def _title_lead(title: str) -> str:
    """The first two folded words of a title ("ke toan"): titles that start alike are candidates."""
    words = title_columns(title)[2].split()
    return " ".join(words[:2]) if len(words) >= 2 else ""


# --- vacancy → seekers ----------------------------------------------------------------------------------


def visible_vacancies(*, actor: Actor, today: dt.date | None = None) -> QuerySet[Vacancy]:
    """Open vacancies anywhere (open vacancies are public), and any vacancy in the actor's scope."""
    require(actor, "labour.view")
    in_scope = scope.scope_q(actor)
    # An empty Q is the whole nation, but `Q(...) | Q()` would drop it: OR only a real restriction.
    visible = (VacancyQuerySet.open_now_q(today or clock.today()) | in_scope) if in_scope else Q()
    return Vacancy.objects.filter(visible)


def _by_pk[M: Model](model: type[M], pk: Any) -> QuerySet[M]:
    """The row with this id, or nothing (never an error) when the id is not a number."""
    try:
        return model._default_manager.filter(pk=int(pk))
    except (ValueError, TypeError):
        return model._default_manager.none()


def _one(profiles: Iterable[Any], what: str) -> Any:
    """The only profile, or `NotFound` (missing and out of scope look the same)."""
    found = next(iter(profiles), None)
    if found is None:
        raise NotFound(what)
    return found


def matches_for_vacancy(
    *,
    actor: Actor,
    vacancy_id: Any,
    top: int = 10,
    widen: bool = True,
    commune: int | None = None,
    occupation: str | None = None,
    qualification_at_least: int | None = None,
    employment_status: str | None = None,
    ui_status: str | None = None,
    max_km: float | None = None,
    engine: str = "auto",
    today: dt.date | None = None,
) -> Matches:
    """Active seekers in the actor's scope for one vacancy, best first, each with its reasons.

    Filters narrow the seekers: home commune, occupation code prefix (any of their wanted occupations),
    a qualification at least, employment status, unemployment-benefit status, distance from the workplace.
    """
    require(actor, "labour.view")
    top, today = _top(top), today or clock.today()
    visible = visible_vacancies(actor=actor, today=today) & _by_pk(Vacancy, vacancy_id)
    vacancy = _one(source.vacancy_profiles(visible), "vacancy")
    filters = {"commune": commune, "occupation": occupation, "qualification_at_least": qualification_at_least}
    filters |= {"employment_status": employment_status, "ui_status": ui_status}
    options: dict[str, Any] = {"top": top, "widen": widen, "today": today, "max_km": max_km}
    in_scope = scope.restrict(JobSeeker.objects.filter(status=SeekerStatus.ACTIVE), actor)
    engine = _engine(engine, _seeker_cache)
    if engine == "memory":
        index = _seeker_cache.get()
        ranking = rank.rank_seekers(index, vacancy, scope=_scope_filter(actor), filters=filters, **options)
        ids = [int(i) for i in ranking.ids]
        fresh = source.seeker_profiles(in_scope.filter(pk__in=ids), today=today)
        profiles = source.profiles_by_id(fresh, ids)
        steps = _steps_of(ranking, profiles)
    else:
        index, ranking = _staged(
            lambda near: SeekerIndex.build(
                source.seeker_profiles(
                    _seeker_candidates(in_scope, vacancy, filters=filters, near=near), today=today
                ),
                keep_profiles=True,
            ),
            lambda index, **extra: rank.rank_seekers(index, vacancy, filters=filters, **(options | extra)),
            top,
        )
        profiles, steps = [index.profiles[row] for row in ranking.rows], ranking.steps  # type: ignore[index]
    items = _ordered(rank.explain_seekers(vacancy, profiles, steps))
    return Matches(items, _widened(items), ranking.candidates, engine)


def _seeker_candidates(
    in_scope: QuerySet[JobSeeker], vacancy: VacancyProfile, *, filters: dict[str, Any], near: bool = False
) -> QuerySet[JobSeeker]:
    prefix = vacancy.occupation[: 4 if near else 2]
    related = sorted(related_codes().get(vacancy.occupation[:4], ()))
    choices = SeekerOccupation.objects.filter(
        Q(occupation_code__startswith=prefix) | Q(occupation_code__in=related)
    )
    wanted = Q(pk__in=choices.values("seeker_id")) if len(prefix) >= 2 else Q(pk__in=[])
    lead = _title_lead(vacancy.title)
    if lead:
        wanted |= Q(title_folded__startswith=lead)
    wanted |= Q(occupation_confirmed=False)  # as for vacancies: an unconfirmed code may be wrong
    if not near:
        wanted |= _title_words_q(vacancy.title)
    qs = in_scope.filter(wanted)
    if near:
        place = vacancy.place
        asked = SeekerPlace.objects.filter(
            Q(province_code=place.province_code, commune__isnull=True) | Q(commune_id=place.commune_id)
        )
        qs = qs.filter(
            Q(province_code=place.province_code)
            | Q(commune_id__in=source.communes_near(place, scoring.NEAR_KM))
            | Q(pk__in=asked.values("seeker_id"))
        )
    if filters.get("commune"):
        qs = qs.filter(commune_id=filters["commune"])
    if filters.get("qualification_at_least"):
        qs = qs.filter(qualification__gte=filters["qualification_at_least"])
    return qs


def _scope_filter(actor: Actor) -> dict[str, Any]:
    """The actor's scope as index filters, with the same rules as `core.scope.scope_q`."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return {"province": "none"}
    level, unit = actor.scope_level, actor.scope_unit
    if level is None:
        return {}
    if unit is None or unit.level != level:
        return {"province": "none"}
    return {"province": unit.code} if level == "province" else {"commune": unit.pk}


# --- shared --------------------------------------------------------------------------------------------


def _ordered(items: list[rank.Match]) -> list[rank.Match]:
    return sorted(items, key=lambda m: (-m.score, m.id))


def _widened(items: list[rank.Match]) -> list[str]:
    return [step for step in rank.STEPS[1:] if any(m.step == step for m in items)]


def _steps_of(ranking: rank.Ranking, profiles: list) -> list[str]:
    step_of = {int(i): step for i, step in zip(ranking.ids, ranking.steps, strict=True)}
    return [step_of[p.id] for p in profiles]


def _engine(engine: str, cache: IndexCache) -> str:
    if engine not in ENGINES:
        from django.utils.translation import gettext_lazy as _

        raise ApplicationError("engine.unknown", _("Unknown matching engine."), field="engine")
    if engine == "auto":
        return "memory" if cache.warm else "sql"
    return engine


class IndexCache:
    """One index per process, rebuilt when older than the TTL; building twice at once is avoided."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._index: Any = None
        self._built_at = 0.0
        self._lock = threading.Lock()

    @property
    def ttl(self) -> float:
        return float(getattr(settings, "LABOUR_MATCH_INDEX_TTL", 300))

    @property
    def warm(self) -> bool:
        return self._index is not None and time.monotonic() - self._built_at < self.ttl

    def get(self) -> Any:
        if not self.warm:
            with self._lock:
                if not self.warm:
                    self._index = self._build()
                    self._built_at = time.monotonic()
        return self._index

    def clear(self) -> None:
        self._index = None


def build_vacancy_index(*, today: dt.date | None = None) -> VacancyIndex:
    """Every open vacancy of the country whose deadline has not passed."""
    today = today or clock.today()
    return VacancyIndex.build(source.vacancy_profiles(Vacancy.objects.open_now(today)))


def build_seeker_index(*, today: dt.date | None = None) -> PartitionedSeekerIndex:
    """Every active seeker of the country, partitioned by province (scope is applied per query)."""
    today = today or clock.today()
    active = JobSeeker.objects.filter(status=SeekerStatus.ACTIVE)
    provinces = sorted(active.order_by().values_list("province_code", flat=True).distinct())
    asked = SeekerPlace.objects.filter(seeker__status=SeekerStatus.ACTIVE).exclude(
        province_code=F("seeker__province_code")
    )
    visited = sorted(asked.order_by().values_list("province_code", flat=True).distinct())

    def visitors(code: str) -> QuerySet[JobSeeker]:
        return active.filter(pk__in=asked.filter(province_code=code).values("seeker_id"))

    return PartitionedSeekerIndex.build(
        (
            (code, source.seeker_profiles(active.filter(province_code=code), today=today))
            for code in provinces
        ),
        ((code, source.seeker_profiles(visitors(code), today=today)) for code in visited),
        source.seeker_profiles(active.filter(willing_to_move=True), today=today),
    )


_vacancy_cache = IndexCache(build_vacancy_index)
_seeker_cache = IndexCache(build_seeker_index)


def warm_indexes() -> tuple[VacancyIndex, PartitionedSeekerIndex]:
    """Build both process-wide indexes now (a server at start-up, a batch run) so `auto` uses them."""
    return _vacancy_cache.get(), _seeker_cache.get()


def clear_indexes() -> None:
    _vacancy_cache.clear()
    _seeker_cache.clear()


__all__ = ["Matches", "code_keys", "matches_for_seeker", "matches_for_vacancy", "warm_indexes"]
