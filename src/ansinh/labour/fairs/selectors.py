"""Job-fair sessions: scoped reads and figures.

A session is visible to the scope that hosts it and to the centres of the provinces linked to it; a linked
province sees only its own registrations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

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
    VacancyStatus,
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


# --- pickers: what to add to a session, found by a search ----------------------------------------------

PICKER_LIMIT = 15


def vacancy_candidates(*, actor: Actor, fair: JobFair, query: str, limit: int = PICKER_LIMIT) -> list[Any]:
    """Open vacancies in the actor's scope with posts left, not yet at the session, whose title, employer
    or occupation matches what was typed (digits: an occupation code or the start of a tax code). At most
    `limit` + 1 rows: one more says "narrow the search"."""
    from ansinh.labour.reference.coding import map_occupation
    from ansinh.labour.registration import selectors as registration
    from ansinh.labour.registration.text import search_terms

    typed = (query or "").strip()[:100]
    if not typed:
        return []
    vacancies = registration.vacancy_queryset(actor=actor).filter(
        status=VacancyStatus.OPEN, posts__gt=F("posts_filled")
    )
    if typed.isdigit():
        vacancies = vacancies.filter(
            Q(occupation_code__startswith=typed) | Q(employer__tax_code__startswith=typed)
        )
    else:
        words = Q()
        for term in search_terms(typed)[:6]:
            words &= Q(title_folded__contains=term) | Q(employer__name_folded__contains=term)
        codes = [match.code for match in map_occupation(typed, limit=5)]
        vacancies = vacancies.filter(words | Q(occupation_code__in=codes) if codes else words)
    vacancies = vacancies.exclude(pk__in=FairVacancy.objects.filter(fair=fair).values("vacancy_id"))
    vacancies = vacancies.annotate(posts_left=F("posts") - F("posts_filled"))
    return list(vacancies.order_by("employer__name_folded", "title", "id")[: limit + 1])


def seeker_candidates(*, actor: Actor, fair: JobFair, query: str, limit: int = PICKER_LIMIT) -> list[Any]:
    """Active job seekers in the actor's scope, not yet at the session, found by name (accents optional),
    phone number, personal ID or registration number. At most `limit` + 1 rows."""
    from ansinh.core import phones
    from ansinh.core.identifiers import personal_id as pid
    from ansinh.labour.models import SeekerStatus
    from ansinh.labour.registration import selectors as registration
    from ansinh.labour.registration.text import search_terms

    typed = (query or "").strip()[:100]
    if not typed:
        return []
    seekers = registration.seeker_queryset(actor=actor).filter(status=SeekerStatus.ACTIVE)
    digits = pid.compact(typed)
    if digits.isdigit() or phones.compact(typed).isdigit():
        found = Q(pk=int(digits)) if digits.isdigit() and len(digits) <= 9 else Q(pk__in=[])
        if len(digits) >= 9:
            found |= Q(person__personal_id__startswith=digits)
        phone = phones.compact(typed)
        if len(phone) >= 9:
            found |= Q(person__phone__endswith=phone[-9:])
        seekers = seekers.filter(found)
    else:
        for term in search_terms(typed)[:6]:
            seekers = seekers.filter(search_folded__contains=term)
    seekers = seekers.exclude(pk__in=FairSeeker.objects.filter(fair=fair).values("seeker_id"))
    return list(seekers.order_by("person__name_folded", "id")[: limit + 1])
