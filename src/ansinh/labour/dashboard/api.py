"""The centre dashboard's figures for API clients (/api/v1/labour/dashboard)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from ansinh.labour.dashboard import selectors as dashboard_selectors

router = Router(tags=["labour"])


class ByOccupation(Schema):
    occupation_code: str
    name: str
    n: int
    posts: int | None = None


class DashboardOut(Schema):
    active_seekers: int
    registered_this_month: int
    open_vacancies: int
    open_posts: int
    employers: int
    placements_this_month: int
    vacancies_by_occupation: list[ByOccupation]
    seekers_by_occupation: list[ByOccupation]


@router.get("/dashboard", response=DashboardOut, summary="Centre dashboard figures in scope")
def dashboard(request: HttpRequest):
    user = request.user
    return {
        **dashboard_selectors.dashboard_counts(actor=user),
        "vacancies_by_occupation": dashboard_selectors.vacancies_by_occupation(actor=user),
        "seekers_by_occupation": dashboard_selectors.seekers_by_occupation(actor=user),
    }
