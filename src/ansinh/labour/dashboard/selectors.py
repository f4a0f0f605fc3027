"""The centre dashboard's figures, in the actor's scope: seekers, vacancies, employers and placements this
month, and the occupations with most seekers and most open posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, Sum

from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.periods import month_of
from ansinh.labour.models import SeekerStatus, VacancyQuerySet
from ansinh.labour.reference import classifications
from ansinh.labour.referrals.selectors import placements_in_month
from ansinh.labour.registration.selectors import employer_queryset, seeker_queryset, vacancy_queryset


def _by_occupation(rows: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        group = classifications.occupation(row["occupation_code"])
        out.append({**row, "name": group.name if group else ""})
    return out


def seekers_by_occupation(*, actor: Actor, limit: int = 15) -> list[dict[str, Any]]:
    """[{occupation_code, name, n}] of active seekers, most first (by primary occupation)."""
    rows = (
        seeker_queryset(actor=actor)
        .filter(status=SeekerStatus.ACTIVE)
        .values("occupation_code")
        .annotate(n=Count("id"))
        .order_by("-n", "occupation_code")[:limit]
    )
    return _by_occupation(list(rows))


def vacancies_by_occupation(
    *, actor: Actor, limit: int = 15, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """[{occupation_code, name, n, posts}] of vacancies open today, most posts first."""
    rows = (
        vacancy_queryset(actor=actor)
        .filter(VacancyQuerySet.open_now_q(today or clock.today()))
        .values("occupation_code")
        .annotate(n=Count("id"), posts=Sum("posts"))
        .order_by("-posts", "occupation_code")[:limit]
    )
    return _by_occupation(list(rows))


def dashboard_counts(*, actor: Actor, today: dt.date | None = None) -> dict[str, int]:
    today = today or clock.today()
    month = month_of(today)
    seekers = seeker_queryset(actor=actor).aggregate(
        active=Count("id", filter=Q(status=SeekerStatus.ACTIVE)),
        registered_this_month=Count("id", filter=Q(registered_on__gte=month, registered_on__lte=today)),
    )
    vacancies = (
        vacancy_queryset(actor=actor)
        .filter(VacancyQuerySet.open_now_q(today))
        .aggregate(n=Count("id"), posts=Sum("posts"))
    )
    return {
        "active_seekers": seekers["active"],
        "registered_this_month": seekers["registered_this_month"],
        "open_vacancies": vacancies["n"],
        "open_posts": vacancies["posts"] or 0,
        "employers": employer_queryset(actor=actor).filter(is_active=True).count(),
        "placements_this_month": placements_in_month(actor=actor, month=month),
    }
