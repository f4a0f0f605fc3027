"""Job-fair sessions: scoped reads and figures.

A session is visible to the scope that hosts it and to the centres of the provinces linked to it; a linked
province sees only its own registrations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from ansinh.core import clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.periods import add_months, month_of
from ansinh.core.scope import require
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour.models import (
    FairEmployer,
    FairInterview,
    FairProvince,
    FairSeeker,
    FairStatus,
    FairVacancy,
    InterviewOutcome,
    JobFair,
)

# Outcomes that count as pre-selected in the session's figures: a hire was pre-selected first.
PRESELECTED = (InterviewOutcome.PRESELECTED, InterviewOutcome.HIRED)


def actor_province(actor: Actor) -> str | None:
    unit = getattr(actor, "scope_unit", None)
    if getattr(actor, "scope_level", None) == "province" and unit is not None:
        return unit.code
    return None


def visible_q(actor: Actor) -> Q:
    """Sessions hosted in the actor's scope, and those their province is linked to."""
    hosted = scope.scope_q(actor, commune_field="host_commune")
    province = actor_province(actor)
    if province is None:
        return hosted
    return hosted | Q(pk__in=FairProvince.objects.filter(province_code=province).values("fair_id"))


def fair_queryset(*, actor: Actor) -> QuerySet[JobFair]:
    require(actor, "labour.view")
    return JobFair.objects.filter(visible_q(actor)).select_related("host_commune")


def fair_get(*, actor: Actor, fair_id: Any) -> JobFair:
    try:
        return fair_queryset(actor=actor).get(pk=int(fair_id))
    except (JobFair.DoesNotExist, ValueError, TypeError):
        raise NotFound("fair") from None


def is_host(actor: Actor, fair: JobFair) -> bool:
    """Whether the actor's scope holds the session's host (nationwide roles hold every session)."""
    return scope.in_scope(actor, province_code=fair.province_code, commune_id=fair.host_commune_id or -1)


def slots(fair: JobFair) -> list[dt.datetime]:
    step = dt.timedelta(minutes=fair.slot_minutes)
    out: list[dt.datetime] = []
    at = fair.starts_at
    while at + step <= fair.ends_at and len(out) < 500:
        out.append(at)
        at += step
    return out


@dataclass
class FairCounts:
    employers: int = 0
    vacancies: int = 0
    posts: int = 0
    seekers: int = 0
    interviews: int = 0
    interviewed: int = 0
    preselected: int = 0
    hired: int = 0


def counts(fair_ids: list[int]) -> dict[int, FairCounts]:
    """Figures per session, a few GROUP BY queries for any number of sessions."""
    out = {pk: FairCounts() for pk in fair_ids}
    for pk, n in _grouped(FairEmployer.objects.filter(fair_id__in=fair_ids), Count("id")):
        out[pk].employers = n
    for offered in (
        FairVacancy.objects.filter(fair_id__in=fair_ids)
        .values("fair_id")
        .annotate(n=Count("id"), posts=Sum("quota"))
        .order_by()
    ):
        out[offered["fair_id"]].vacancies, out[offered["fair_id"]].posts = offered["n"], offered["posts"] or 0
    for pk, n in _grouped(FairSeeker.objects.filter(fair_id__in=fair_ids), Count("id")):
        out[pk].seekers = n
    for row in (
        FairInterview.objects.filter(fair_id__in=fair_ids)
        .values("fair_id")
        .annotate(
            n=Count("id"),
            interviewed=Count("id", filter=~Q(outcome=InterviewOutcome.SCHEDULED)),
            preselected=Count("id", filter=Q(outcome__in=PRESELECTED)),
            hired=Count("id", filter=Q(outcome=InterviewOutcome.HIRED)),
        )
        .order_by()
    ):
        c = out[row["fair_id"]]
        c.interviews, c.interviewed, c.preselected, c.hired = (
            row["n"],
            row["interviewed"],
            row["preselected"],
            row["hired"],
        )
    return out


def _grouped(qs: QuerySet[Any], aggregate: Any) -> list[tuple[int, int]]:
    return [(row["fair_id"], row["n"]) for row in qs.values("fair_id").annotate(n=aggregate).order_by()]


@dataclass
class FairFilters:
    status: str = ""
    month: dt.date | None = None  # sessions starting in this month


def fair_list(*, actor: Actor, filters: FairFilters | None = None) -> QuerySet[JobFair]:
    f = filters or FairFilters()
    qs = fair_queryset(actor=actor)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.month:
        qs = qs.filter(
            starts_at__date__gte=month_of(f.month), starts_at__date__lt=add_months(month_of(f.month), 1)
        )
    return qs.order_by("-starts_at", "-id")


def sessions_this_month(*, actor: Actor, today: dt.date | None = None) -> dict[str, int]:
    """Sessions hosted in scope starting this month: planned and held (cancelled ones are not counted)."""
    today = today or clock.today()
    first = month_of(today)
    qs = scope.restrict(JobFair.objects.all(), actor, commune_field="host_commune").filter(
        starts_at__date__gte=first, starts_at__date__lt=add_months(first, 1)
    )
    return qs.aggregate(
        planned=Count("id", filter=Q(status=FairStatus.PLANNED)),
        held=Count("id", filter=Q(status=FairStatus.HELD)),
    )


def registrations(*, actor: Actor, fair: JobFair) -> QuerySet[FairSeeker]:
    """The session's seekers the actor may see: all of them for the host, a linked province its own."""
    qs = FairSeeker.objects.filter(fair=fair).select_related("seeker__person", "seeker__commune")
    if not is_host(actor, fair) and getattr(actor, "scope_level", None) is not None:
        qs = qs.filter(province_code=actor_province(actor) or "-")
    return qs.order_by("seeker__person__name_folded", "id")


def offers(*, fair: JobFair) -> QuerySet[FairVacancy]:
    return (
        FairVacancy.objects.filter(fair=fair)
        .select_related("vacancy__employer", "fair_employer")
        .annotate(hired=Count("interviews", filter=Q(interviews__outcome=InterviewOutcome.HIRED)))
        .order_by("vacancy__employer__name_folded", "vacancy__title", "id")
    )


def interviews(*, actor: Actor, fair: JobFair) -> QuerySet[FairInterview]:
    visible = registrations(actor=actor, fair=fair).values("pk")
    return (
        FairInterview.objects.filter(fair=fair, fair_seeker__in=visible)
        .select_related("fair_seeker__seeker__person", "fair_vacancy__vacancy__employer", "placement")
        .order_by("slot_start", "table", "id")
    )


def host_province_name(fair: JobFair) -> str:
    unit = AdminUnit.objects.current().filter(level=Level.PROVINCE, code=fair.province_code).first()
    return unit.name if unit else fair.province_code
