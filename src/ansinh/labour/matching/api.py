"""Matching endpoints (mounted at /api/v1/labour/match). Handlers only translate: parse → selector → schema.

    GET /api/v1/labour/match/seekers/{id}/vacancies?top=10&province=01&max_km=30
    GET /api/v1/labour/match/vacancies/{id}/seekers?top=10&ui_status=receiving

Scope and capability are the selectors' (`labour.matching.selectors`): a counsellor gets the seekers of
their province only; an out-of-scope seeker is 404 like a missing one.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ansinh.labour.matching import selectors

router = Router(tags=["labour matching"])


class FactorOut(Schema):
    code: str
    points: float
    text: str


class MatchOut(Schema):
    id: int
    score: float
    reasons: list[str]
    factors: list[FactorOut]
    widened: str | None = Field(None, description="the widening step that found this result, if any")
    title: str


class MatchesOut(Schema):
    items: list[MatchOut]
    widened: list[str] = Field(description="widening steps that were needed: occupation, place, nation")
    candidates: int
    engine: str


class VacancyFilters(Schema):
    top: int = 10
    widen: bool = True
    province: str | None = None
    occupation: str | None = None
    wage_at_least: int | None = None
    work_type: str | None = None
    employer: int | None = None
    max_km: float | None = None


class SeekerFilters(Schema):
    top: int = 10
    widen: bool = True
    commune: int | None = None
    occupation: str | None = None
    qualification_at_least: int | None = None
    employment_status: str | None = None
    ui_status: str | None = None
    max_km: float | None = None


def _out(matches: selectors.Matches) -> dict[str, Any]:
    return {
        "items": matches.as_list(),
        "widened": matches.widened,
        "candidates": matches.candidates,
        "engine": matches.engine,
    }


@router.get("/seekers/{seeker_id}/vacancies", response=MatchesOut)
def vacancies_for_seeker(
    request: HttpRequest, seeker_id: int, filters: Query[VacancyFilters]
) -> dict[str, Any]:
    """Open vacancies for a job seeker, best first, with the reasons."""
    found = selectors.matches_for_seeker(actor=request.user, seeker_id=seeker_id, **filters.dict())
    return _out(found)


@router.get("/vacancies/{vacancy_id}/seekers", response=MatchesOut)
def seekers_for_vacancy(
    request: HttpRequest, vacancy_id: int, filters: Query[SeekerFilters]
) -> dict[str, Any]:
    """Job seekers in the caller's scope for a vacancy, best first, with the reasons."""
    found = selectors.matches_for_vacancy(actor=request.user, vacancy_id=vacancy_id, **filters.dict())
    return _out(found)
